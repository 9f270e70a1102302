// Who and where the process is: hostname (the pod's), whoami and id (root), uname (the
// node's kernel). Messages follow busybox or GNU coreutils by image family.
import type { Program, ProgramContext } from './context';
import { isBusybox } from './image';
import { parseFlags, unsupportedOption } from './options';

const FALLBACK_KERNEL = '6.1.0-28-amd64';
/** uname -v of kernels we know; others get the generic form. */
const KERNEL_BUILDS: Record<string, string> = { '6.1.0-28-amd64': '#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)' };

const busybox = (ctx: ProgramContext) => isBusybox(ctx.machine.family);

export const hostname: Program = (ctx, argv) => {
  const t = ctx.machine.target;
  const p = parseFlags(argv.slice(1), 'iIsfd');
  if ('unsupported' in p) return unsupportedOption(ctx.io, 'hostname', p.unsupported);
  if (p.operands.length > 0) {
    // Setting the hostname needs CAP_SYS_ADMIN, which a container does not have.
    ctx.io.stderr(busybox(ctx) ? 'hostname: sethostname: Operation not permitted\n' : 'hostname: you must be root to change the host name\n');
    return 1;
  }
  const domain = t.subdomain && !t.hostNetwork ? `${t.subdomain}.${t.namespace}.svc.${t.clusterDomain}` : '';
  const ip = t.hostNetwork ? t.hostIP : t.podIP;
  let out = t.hostname;
  if (p.flags.has('i')) out = ip;
  else if (p.flags.has('I')) out = `${ip} `;
  else if (p.flags.has('f')) out = domain ? `${t.hostname}.${domain}` : t.hostname;
  else if (p.flags.has('d')) out = domain;
  else if (p.flags.has('s')) out = t.hostname.split('.')[0];
  ctx.io.stdout(`${out}\n`);
  return 0;
};

export const whoami: Program = (ctx) => {
  ctx.io.stdout('root\n');
  return 0;
};

/** Root's groups: the image's /etc/group lists root in these (containerd adds them). */
function rootGroups(ctx: ProgramContext): Array<[number, string]> {
  if (ctx.machine.family === 'busybox') return [[0, 'root'], [10, 'wheel']];
  if (ctx.machine.family === 'alpine') return [[0, 'root'], [1, 'bin'], [2, 'daemon'], [3, 'sys'], [4, 'adm'], [6, 'disk'], [10, 'wheel'], [11, 'floppy'], [20, 'dialout'], [26, 'tape'], [27, 'video']];
  return [[0, 'root']];
}

export const id: Program = (ctx, argv) => {
  const p = parseFlags(argv.slice(1), 'ugGn');
  if ('unsupported' in p) return unsupportedOption(ctx.io, 'id', p.unsupported);
  if (p.operands.length > 0 && p.operands[0] !== 'root') {
    ctx.io.stderr(busybox(ctx) ? `id: unknown user ${p.operands[0]}\n` : `id: '${p.operands[0]}': no such user\n`);
    return 1;
  }
  const groups = rootGroups(ctx);
  const names = p.flags.has('n');
  if (p.flags.has('G')) ctx.io.stdout(`${groups.map(([g, n]) => (names ? n : String(g))).join(' ')}\n`);
  else if (p.flags.has('u') || p.flags.has('g')) ctx.io.stdout(names ? 'root\n' : '0\n');
  else ctx.io.stdout(`uid=0(root) gid=0(root) groups=${groups.map(([g, n]) => `${g}(${n})`).join(',')}\n`);
  return 0;
};

export const uname: Program = (ctx, argv) => {
  const p = parseFlags(argv.slice(1), 'asnrvmpio');
  if ('unsupported' in p) return unsupportedOption(ctx.io, 'uname', p.unsupported);
  if (p.operands.length > 0) {
    ctx.io.stderr(busybox(ctx) ? `uname: unrecognized argument '${p.operands[0]}'\n` : `uname: extra operand '${p.operands[0]}'\nTry 'uname --help' for more information.\n`);
    return 1;
  }
  const t = ctx.machine.target;
  const kernel = t.kernelVersion || FALLBACK_KERNEL;
  const f = p.flags;
  const all = f.has('a');
  const fields: Array<[string, string]> = [
    ['s', 'Linux'],
    ['n', t.hostname],
    ['r', kernel],
    ['v', KERNEL_BUILDS[kernel] ?? '#1 SMP PREEMPT_DYNAMIC'],
    ['m', 'x86_64'],
    ['p', 'unknown'],
    ['i', 'unknown'],
    ['o', 'GNU/Linux'],
  ];
  // -a leaves out -p and -i when they are unknown, as coreutils does.
  const out = fields.filter(([k]) => (all ? k !== 'p' && k !== 'i' : f.has(k))).map(([, v]) => v);
  ctx.io.stdout(`${(out.length > 0 ? out : ['Linux']).join(' ')}\n`);
  return 0;
};
