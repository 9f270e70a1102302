// cat, touch, mkdir and rm over the emulated file system, with busybox's or coreutils' words
// for what went wrong.
import type { Program, ProgramContext } from './context';
import { errnoMessage, normalizePath, type Errno } from './filesystem';
import { isBusybox } from './image';
import { parseFlags, unsupportedOption } from './options';

const busybox = (ctx: ProgramContext) => isBusybox(ctx.machine.family);

export const cat: Program = async (ctx, argv) => {
  const p = parseFlags(argv.slice(1), 'u');
  if ('unsupported' in p) return unsupportedOption(ctx.io, 'cat', p.unsupported);
  const files = p.operands.length > 0 ? p.operands : ['-'];
  let status = 0;
  for (const f of files) {
    if (f === '-' || f === '/dev/stdin') {
      for (let chunk = await ctx.io.stdin.read(); chunk !== null; chunk = await ctx.io.stdin.read()) ctx.io.stdout(chunk);
      continue;
    }
    const r = ctx.machine.fs.read(f, ctx.cwd);
    if ('error' in r) {
      status = 1;
      if (r.error === 'EISDIR') ctx.io.stderr(busybox(ctx) ? 'cat: read error: Is a directory\n' : `cat: ${f}: Is a directory\n`);
      else ctx.io.stderr(busybox(ctx) ? `cat: can't open '${f}': ${errnoMessage(r.error)}\n` : `cat: ${f}: ${errnoMessage(r.error)}\n`);
      continue;
    }
    ctx.io.stdout(r.text);
  }
  return status;
};

export const touch: Program = (ctx, argv) => {
  const p = parseFlags(argv.slice(1), 'c');
  if ('unsupported' in p) return unsupportedOption(ctx.io, 'touch', p.unsupported);
  if (p.operands.length === 0) return missingOperand(ctx, 'touch', 'file');
  let status = 0;
  for (const f of p.operands) {
    if (p.flags.has('c') && 'error' in ctx.machine.fs.stat(f, ctx.cwd)) continue;
    const e = ctx.machine.fs.touch(f, ctx.cwd);
    if (!e) continue;
    status = 1;
    ctx.io.stderr(busybox(ctx) ? `touch: ${f}: ${errnoMessage(e)}\n` : `touch: cannot touch '${f}': ${errnoMessage(e)}\n`);
  }
  return status;
};

export const mkdir: Program = (ctx, argv) => {
  const p = parseFlags(argv.slice(1), 'p');
  if ('unsupported' in p) return unsupportedOption(ctx.io, 'mkdir', p.unsupported);
  if (p.operands.length === 0) return missingOperand(ctx, 'mkdir', '');
  let status = 0;
  for (const d of p.operands) {
    const e = p.flags.has('p') ? mkdirParents(ctx, d) : ctx.machine.fs.mkdir(d, ctx.cwd);
    if (!e) continue;
    status = 1;
    ctx.io.stderr(busybox(ctx) ? `mkdir: can't create directory '${d}': ${errnoMessage(e)}\n` : `mkdir: cannot create directory '${d}': ${errnoMessage(e)}\n`);
  }
  return status;
};

/** mkdir -p: each missing directory on the way; one that exists is fine. */
function mkdirParents(ctx: ProgramContext, dir: string): Errno | undefined {
  const fs = ctx.machine.fs;
  const parts = normalizePath(dir, ctx.cwd).split('/').filter((s) => s !== '');
  let path = '';
  for (const part of parts) {
    path += `/${part}`;
    const st = fs.stat(path, '/');
    if (!('error' in st)) {
      if (st.node.kind !== 'dir') return 'ENOTDIR';
      continue;
    }
    const e = fs.mkdir(path, '/');
    if (e) return e;
  }
  return undefined;
}

export const rm: Program = (ctx, argv) => {
  const p = parseFlags(argv.slice(1), 'frRdi');
  if ('unsupported' in p) return unsupportedOption(ctx.io, 'rm', p.unsupported);
  const force = p.flags.has('f');
  const recursive = p.flags.has('r') || p.flags.has('R');
  if (p.operands.length === 0) return force ? 0 : missingOperand(ctx, 'rm', '');
  let status = 0;
  const fail = (msg: string) => {
    status = 1;
    ctx.io.stderr(msg);
  };
  for (const f of p.operands) {
    if (recursive && normalizePath(f, ctx.cwd) === '/') {
      fail(busybox(ctx) ? "rm: can't remove '/'\n" : "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n");
      continue;
    }
    const st = ctx.machine.fs.lstat(f, ctx.cwd);
    if ('error' in st) {
      if (!force) fail(busybox(ctx) ? `rm: can't remove '${f}': ${errnoMessage(st.error)}\n` : `rm: cannot remove '${f}': ${errnoMessage(st.error)}\n`);
      continue;
    }
    if (st.node.kind === 'dir' && !recursive && !p.flags.has('d')) {
      fail(busybox(ctx) ? `rm: '${f}' is a directory\n` : `rm: cannot remove '${f}': Is a directory\n`);
      continue;
    }
    const e = ctx.machine.fs.remove(f, ctx.cwd, recursive);
    if (e) fail(busybox(ctx) ? `rm: can't remove '${f}': ${errnoMessage(e)}\n` : `rm: cannot remove '${f}': ${errnoMessage(e)}\n`);
  }
  return status;
};

function missingOperand(ctx: ProgramContext, program: string, what: string): number {
  ctx.io.stderr(busybox(ctx) ? `${program}: missing operand\n` : `${program}: missing ${what ? `${what} ` : ''}operand\nTry '${program} --help' for more information.\n`);
  return 1;
}
