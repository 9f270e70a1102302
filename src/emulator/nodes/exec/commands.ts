// The small programs that print text or the environment, run others (env) or find them
// (which). Messages follow busybox or GNU coreutils by image family.
import type { Program, ProgramContext } from './context';
import { isBusybox } from './image';
import { parseFlags, unsupportedOption } from './options';
import { lookupProgram } from './path-lookup';
import { echoText, printfText } from './text-format';

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
  // execvp's search path when PATH is unset (env -i).
  const found = lookupProgram(ctx.machine.fs, name, vars.get('PATH') ?? '/bin:/usr/bin', ctx.cwd);
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

/** /bin/pwd prints the physical directory (links resolved). */
export const pwd: Program = (ctx) => {
  const st = ctx.machine.fs.stat(ctx.cwd, '/');
  ctx.io.stdout(`${'error' in st ? ctx.cwd : st.path}\n`);
  return 0;
};

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
