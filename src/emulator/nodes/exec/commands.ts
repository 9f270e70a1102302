// The small programs: what they print comes from the pod (hostname, env), the node (uname)
// and the clock (date, sleep). Messages follow busybox or GNU coreutils by image family.
import type { Program, ProgramContext } from './context';
import { isBusybox } from './image';
import { parseFlags, unsupportedOption } from './options';
import { lookupProgram } from './path-lookup';
import { echoText, printfText } from './text-format';

const FALLBACK_KERNEL = '6.1.0-28-amd64';
/** uname -v of kernels we know; others get the generic form. */
const KERNEL_BUILDS: Record<string, string> = { '6.1.0-28-amd64': '#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)' };

const busybox = (ctx: ProgramContext) => isBusybox(ctx.machine.family);

export const echo: Program = (ctx, argv) => {
  ctx.io.stdout(echoText(argv.slice(1), 'flags'));
  return 0;
};

export const printf: Program = (ctx, argv) => {
  if (argv.length < 2) {
    ctx.io.stderr(busybox(ctx) ? 'printf: missing FORMAT\n' : "printf: missing operand\nTry 'printf --help' for more information.\n");
    return 1;
  }
  const r = printfText(argv[1], argv.slice(2));
  ctx.io.stdout(r.text);
  for (const bad of r.badNumbers) ctx.io.stderr(busybox(ctx) ? `printf: invalid number '${bad}'\n` : `printf: '${bad}': expected a numeric value\n`);
  return r.badNumbers.length > 0 ? 1 : 0;
};

export const env: Program = async (ctx, argv) => {
  const vars = new Map(ctx.env);
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-i' || a === '-') vars.clear();
    else if (a === '-u' && i + 1 < argv.length) vars.delete(argv[++i]);
    else if (a === '--') {
      i++;
      break;
    } else if (a.startsWith('-')) return unsupportedOption(ctx.io, 'env', a);
    else break;
  }
  for (; i < argv.length && /^[^=]+=/.test(argv[i]); i++) {
    const eq = argv[i].indexOf('=');
    vars.set(argv[i].slice(0, eq), argv[i].slice(eq + 1));
  }
  if (i >= argv.length) {
    for (const [k, v] of vars) ctx.io.stdout(`${k}=${v}\n`);
    return 0;
  }
  const name = argv[i];
  const found = lookupProgram(ctx.machine.fs, name, vars.get('PATH'), ctx.cwd);
  if ('error' in found) {
    const denied = found.error === 'not-executable';
    const reason = denied ? 'Permission denied' : 'No such file or directory';
    ctx.io.stderr(busybox(ctx) ? `env: can't execute '${name}': ${reason}\n` : `env: '${name}': ${reason}\n`);
    return denied ? 126 : 127;
  }
  return ctx.machine.spawn(found, argv.slice(i), vars, ctx.io, ctx.cwd);
};

export const printenv: Program = (ctx, argv) => {
  const names = argv.slice(1);
  if (names.length === 0) {
    for (const [k, v] of ctx.env) ctx.io.stdout(`${k}=${v}\n`);
    return 0;
  }
  let status = 0;
  for (const n of names) {
    const v = ctx.env.get(n);
    if (v === undefined) status = 1;
    else ctx.io.stdout(`${v}\n`);
  }
  return status;
};

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

/** /bin/pwd prints the physical directory (links resolved). */
export const pwd: Program = (ctx) => {
  const st = ctx.machine.fs.stat(ctx.cwd, '/');
  ctx.io.stdout(`${'error' in st ? ctx.cwd : st.path}\n`);
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

export const date: Program = (ctx, argv) => {
  let format = '%a %b %e %H:%M:%S %Z %Y';
  for (const a of argv.slice(1)) {
    if (a.startsWith('+')) format = a.slice(1);
    else if (a !== '-u' && a !== '--utc') return unsupportedOption(ctx.io, 'date', a);
  }
  ctx.io.stdout(`${strftime(format, ctx.machine.now())}\n`);
  return 0;
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The strftime conversions date users reach for, in UTC (containers have no TZ). */
export function strftime(format: string, ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const conv: Record<string, () => string> = {
    a: () => DAYS[d.getUTCDay()],
    b: () => MONTHS[d.getUTCMonth()],
    h: () => MONTHS[d.getUTCMonth()],
    d: () => p2(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2, ' '),
    m: () => p2(d.getUTCMonth() + 1),
    Y: () => String(d.getUTCFullYear()),
    y: () => p2(d.getUTCFullYear() % 100),
    H: () => p2(d.getUTCHours()),
    M: () => p2(d.getUTCMinutes()),
    S: () => p2(d.getUTCSeconds()),
    N: () => String(d.getUTCMilliseconds() * 1_000_000).padStart(9, '0'),
    s: () => String(Math.floor(ms / 1000)),
    Z: () => 'UTC',
    z: () => '+0000',
    T: () => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`,
    F: () => `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`,
    D: () => `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${p2(d.getUTCFullYear() % 100)}`,
    n: () => '\n',
    t: () => '\t',
    '%': () => '%',
  };
  return format.replace(/%(.)/g, (m, c: string) => conv[c]?.() ?? m);
}

export const sleep: Program = async (ctx, argv) => {
  const args = argv.slice(1);
  if (args.length === 0) {
    ctx.io.stderr(busybox(ctx) ? 'sleep: missing operand\n' : "sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  let total = 0;
  for (const a of args) {
    const ms = sleepMs(a);
    if (ms === undefined) {
      ctx.io.stderr(busybox(ctx) ? `sleep: invalid number '${a}'\n` : `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`);
      return 1;
    }
    total += ms;
  }
  await ctx.machine.sleep(total);
  return 0;
};

function sleepMs(arg: string): number | undefined {
  if (/^inf(inity)?$/i.test(arg)) return Infinity;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

export const trueProgram: Program = () => 0;
export const falseProgram: Program = () => 1;

export const which: Program = (ctx, argv) => {
  const p = parseFlags(argv.slice(1), 'a');
  if ('unsupported' in p) return unsupportedOption(ctx.io, 'which', p.unsupported);
  let status = 0;
  for (const name of p.operands) {
    const found = findAll(ctx, name);
    if (found.length === 0) status = 1;
    for (const path of p.flags.has('a') ? found : found.slice(0, 1)) ctx.io.stdout(`${path}\n`);
  }
  return p.operands.length === 0 ? 1 : status;
};

function findAll(ctx: ProgramContext, name: string): string[] {
  if (name.includes('/')) return 'error' in lookupProgram(ctx.machine.fs, name, '', ctx.cwd) ? [] : [name];
  const out: string[] = [];
  for (const dir of (ctx.env.get('PATH') ?? '').split(':').filter((d) => d !== '')) {
    const found = lookupProgram(ctx.machine.fs, name, dir, ctx.cwd);
    if (!('error' in found)) out.push(found.path);
  }
  return out;
}
