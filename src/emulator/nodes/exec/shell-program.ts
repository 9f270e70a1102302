// sh, bash, dash and ash as programs: `-c script`, a script file, or commands read from
// standard input (interactively on a terminal, with a prompt; line by line from a pipe).
import type { Program, ProgramContext } from './context';
import { errnoMessage } from './filesystem';
import { Shell } from './shell';
import { prompt, syntaxError, type ShellKind, type ShellSite } from './shell-dialect';
import { parseScript } from './shell-parser';
import { ExitShell, Interrupted, INTERRUPTED_STATUS } from './signals';

/** Options that change nothing we emulate (login shell, no rc files). */
const IGNORED_OPTIONS = new Set(['-l', '--login', '--norc', '--noprofile', '--posix', '-s', '-m']);
/** Real options whose behaviour we do not emulate. */
const UNSUPPORTED_OPTIONS = /^-[xvnufaCbh]+$/;

export function shellProgram(kind: ShellKind): Program {
  return async (ctx, argv) => {
    const arg0 = argv[0];
    const args = argv.slice(1);
    let command = false;
    let interactive: boolean | undefined;
    let errexit = false;
    while (args.length > 0 && /^-./.test(args[0])) {
      const opt = args.shift() as string;
      if (opt === '--') break;
      if (IGNORED_OPTIONS.has(opt)) continue;
      if (UNSUPPORTED_OPTIONS.test(opt)) {
        ctx.io.stderr(`${arg0}: ${opt}: option unsupported in this emulated shell\n`);
        return 2;
      }
      if (!/^-[cieslm]+$/.test(opt)) return invalidOption(ctx, kind, arg0, opt);
      for (const f of opt.slice(1)) {
        if (f === 'c') command = true;
        else if (f === 'i') interactive = true;
        else if (f === 'e') errexit = true;
      }
    }
    if (command) {
      const script = args[0];
      if (script === undefined) {
        ctx.io.stderr(kind === 'bash' ? `${arg0}: -c: option requires an argument\n` : kind === 'dash' ? `${arg0}: 0: -c requires an argument\n` : `${arg0}: -c requires an argument\n`);
        return 2;
      }
      const sh = new Shell(ctx, { kind, arg0, interactive: false, mode: 'c' }, [args[1] ?? arg0, ...args.slice(2)]);
      sh.errexit = errexit;
      return finish(sh, () => sh.runScript(script));
    }
    if (args.length > 0) return runFile(ctx, kind, arg0, args, errexit);
    const site: ShellSite = { kind, arg0, interactive: interactive ?? (ctx.io.ttyIn && ctx.io.tty), mode: 'stdin' };
    const sh = new Shell(ctx, site, [arg0]);
    sh.errexit = errexit;
    return site.interactive ? interactiveLoop(sh) : finish(sh, () => readCommands(sh));
  };
}

async function finish(sh: Shell, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ExitShell) return e.status;
    throw e;
  }
}

function invalidOption(ctx: ProgramContext, kind: ShellKind, arg0: string, opt: string): number {
  if (kind === 'bash') ctx.io.stderr(`${arg0}: ${opt}: invalid option\nUsage:\t${arg0} [GNU long option] [option] ...\n\t${arg0} [GNU long option] [option] script-file ...\n`);
  else if (kind === 'dash') ctx.io.stderr(`${arg0}: 0: Illegal option ${opt.slice(0, 2)}\n`);
  else ctx.io.stderr(`${arg0}: invalid option -- '${opt.slice(1, 2)}'\n`);
  return 2;
}

/** `sh script.sh`: a file written earlier in this exec (the image has no scripts we know of). */
async function runFile(ctx: ProgramContext, kind: ShellKind, arg0: string, args: string[], errexit: boolean): Promise<number> {
  const file = args[0];
  const read = ctx.machine.fs.read(file, ctx.cwd);
  if ('error' in read) {
    const reason = errnoMessage(read.error);
    if (kind === 'bash') ctx.io.stderr(`${arg0}: ${file}: ${reason}\n`);
    else if (kind === 'dash') ctx.io.stderr(`${arg0}: 0: cannot open ${file}: ${read.error === 'ENOENT' ? 'No such file' : reason}\n`);
    else ctx.io.stderr(`${arg0}: can't open '${file}': ${reason}\n`);
    return kind === 'bash' ? 127 : 2;
  }
  const sh = new Shell(ctx, { kind, arg0: file, interactive: false, mode: 'file' }, args);
  sh.errexit = errexit;
  return finish(sh, () => sh.runScript(read.text));
}

/** Commands from a pipe: each complete line (or lines, for an open quote) runs as it arrives. */
async function readCommands(sh: Shell): Promise<number> {
  let pending = '';
  let line = 1;
  for (;;) {
    const chunk = await sh.io.stdin.read();
    const ended = chunk === null;
    if (!ended) pending += chunk;
    const cut = ended ? pending.length : pending.lastIndexOf('\n') + 1;
    if (cut === 0) {
      if (ended) return sh.status;
      continue;
    }
    const text = pending.slice(0, cut);
    const parsed = parseScript(text, line);
    if (!parsed.ok && 'incomplete' in parsed && !ended) continue;
    pending = pending.slice(cut);
    if (!parsed.ok) {
      sh.io.stderr(syntaxError(sh.site, parsed, text, line));
      return 2;
    }
    line += text.split('\n').length - 1;
    await sh.runLists(parsed.lists);
    if (ended) return sh.status;
  }
}

/** A terminal session: prompt, read a line, run it; Ctrl-C abandons the line or the command. */
async function interactiveLoop(sh: Shell): Promise<number> {
  const io = sh.io;
  const target = sh.ctx.machine.target;
  let pending = '';
  let line = 1;
  for (;;) {
    io.stdout(pending ? '> ' : prompt(sh.site.kind, sh.cwd, sh.vars.get('HOME'), target.hostname));
    let chunk: string | null;
    try {
      chunk = await io.stdin.read();
    } catch (e) {
      if (!(e instanceof Interrupted)) throw e;
      io.stdout('\n');
      pending = '';
      sh.status = INTERRUPTED_STATUS;
      continue;
    }
    if (chunk === null) {
      const parsed = parseScript(pending, line);
      if (!parsed.ok) io.stderr(syntaxError(sh.site, parsed, pending, line));
      // Ctrl-D: bash says it exits; ash and dash just end the line.
      if (sh.site.kind === 'bash') io.stderr('exit\n');
      else io.stdout('\n');
      return sh.status;
    }
    pending += chunk;
    const parsed = parseScript(pending, line);
    if (!parsed.ok && 'incomplete' in parsed) continue;
    const text = pending;
    pending = '';
    if (!parsed.ok) {
      io.stderr(syntaxError(sh.site, parsed, text, line));
      sh.status = 2;
      line += text.split('\n').length - 1;
      continue;
    }
    line += text.split('\n').length - 1;
    try {
      await sh.runLists(parsed.lists);
    } catch (e) {
      if (e instanceof ExitShell) {
        if (sh.site.kind === 'bash') io.stderr('exit\n');
        return e.status;
      }
      if (!(e instanceof Interrupted)) throw e;
      io.stdout('\n');
      sh.status = INTERRUPTED_STATUS;
    }
  }
}
