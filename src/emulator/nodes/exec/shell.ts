// Runs parsed shell commands: expansion, redirections, builtins, and other programs found
// through $PATH and started as child processes of the exec.
import { BUILTINS, isUnsupportedBuiltin } from './builtins';
import type { Env, Io, ProgramContext } from './context';
import { expandFields, expandText, type ExpansionScope } from './expansion';
import { errnoMessage } from './filesystem';
import { expandGlob } from './glob';
import { lookupProgram } from './path-lookup';
import { cannotCreate, cannotOpen, cannotRun, notFound, syntaxError, unsupportedBuiltin, type ShellSite } from './shell-dialect';
import { parseScript, type AndOrList, type SimpleCommand } from './shell-parser';
import { ExitShell } from './signals';
import { NO_STDIN, textStdin } from './stdin';

export class Shell implements ExpansionScope {
  /** Every variable in order; `exported` says which the children get. */
  readonly vars: Env = new Map();
  readonly exported = new Set<string>();
  cwd: string;
  status = 0;
  errexit = false;
  /** The line of the command running, for error messages. */
  line = 1;
  /** `sh -c 'one command'`: the shell execs it rather than forking (its PID, in ps). */
  execInPlace = false;

  constructor(
    readonly ctx: ProgramContext,
    readonly site: ShellSite,
    /** $0 then $1 ... */
    private readonly args: string[],
  ) {
    for (const [k, v] of ctx.env) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    this.cwd = ctx.cwd;
    // Shells export PWD; ash and bash count SHLVL.
    this.setVar('PWD', this.cwd, true);
    if (site.kind !== 'dash') this.setVar('SHLVL', String((Number(this.vars.get('SHLVL')) || 0) + 1), true);
  }

  get io(): Io {
    return this.ctx.io;
  }

  get(name: string): string | undefined {
    if (name === '?') return String(this.status);
    if (name === '$') return String(this.ctx.pid);
    if (name === '#') return String(this.args.length - 1);
    if (name === '@' || name === '*') return this.args.slice(1).join(' ');
    if (name === '!') return '';
    if (name === '-') return `${this.errexit ? 'e' : ''}${this.site.interactive ? 'i' : ''}`;
    if (/^\d+$/.test(name)) return this.args[Number(name)];
    return this.vars.get(name);
  }

  set(name: string, value: string): void {
    this.setVar(name, value);
  }

  positional(): string[] {
    return this.args.slice(1);
  }

  setVar(name: string, value: string, exported = false): void {
    this.vars.set(name, value);
    if (exported) this.exported.add(name);
  }

  unsetVar(name: string): void {
    this.vars.delete(name);
    this.exported.delete(name);
  }

  /** Parses and runs a whole script; a syntax error ends a non-interactive shell with 2. */
  async runScript(source: string, firstLine = 1): Promise<number> {
    const parsed = parseScript(source, firstLine);
    if (!parsed.ok) {
      this.io.stderr(syntaxError(this.site, parsed, source, firstLine));
      throw new ExitShell(2);
    }
    this.execInPlace = this.site.mode === 'c' && parsed.lists.length === 1 && parsed.lists[0].commands.length === 1;
    await this.runLists(parsed.lists);
    return this.status;
  }

  async runLists(lists: AndOrList[]): Promise<void> {
    for (const list of lists) await this.runAndOr(list);
  }

  private async runAndOr(list: AndOrList): Promise<void> {
    this.status = await this.runSimple(list.commands[0], this.io);
    let last = 0;
    for (let i = 0; i < list.operators.length; i++) {
      const op = list.operators[i];
      if ((op === '&&') === (this.status !== 0)) continue;
      this.status = await this.runSimple(list.commands[i + 1], this.io);
      last = i + 1;
    }
    // set -e: a failure ends the shell, unless it was the left side of && or ||.
    if (this.errexit && this.status !== 0 && last === list.commands.length - 1) throw new ExitShell(this.status);
  }

  async runSimple(cmd: SimpleCommand, baseIo: Io): Promise<number> {
    this.line = cmd.line;
    const argv = cmd.words.flatMap((w) => expandFields(w, this, (pattern) => expandGlob(this.ctx.machine.fs, this.cwd, pattern)));
    const failedWrites: string[] = [];
    const io = this.redirect(cmd, baseIo, failedWrites);
    if (typeof io === 'number') return io;
    const status = await this.runRedirected(cmd, argv, io);
    // A write into a full layer failed: the program reports it and fails, as with ENOSPC.
    if (failedWrites.length === 0) return status;
    baseIo.stderr(`${argv[0] ?? this.site.kind}: write error: ${failedWrites[0]}\n`);
    return status === 0 ? 1 : status;
  }

  private async runRedirected(cmd: SimpleCommand, argv: string[], io: Io): Promise<number> {
    const assignments = cmd.assignments.map((a) => [a.name, expandText(a.value, this)] as const);
    if (argv.length === 0) {
      for (const [k, v] of assignments) this.setVar(k, v);
      return 0;
    }
    const name = argv[0];
    const builtin = BUILTINS[name];
    if (builtin) return builtin(this, argv, io);
    if (isUnsupportedBuiltin(this.site.kind, name)) {
      io.stderr(unsupportedBuiltin(this.site, this.line, name));
      return 2;
    }
    return this.runProgram(argv, io, new Map(assignments));
  }

  /** Runs a program (not a builtin) as a child process. */
  async runProgram(argv: string[], io: Io, extraEnv: Env = new Map()): Promise<number> {
    const name = argv[0];
    const found = lookupProgram(this.ctx.machine.fs, name, extraEnv.get('PATH') ?? this.vars.get('PATH'), this.cwd);
    if ('error' in found) {
      if (found.error === 'not-executable') {
        io.stderr(cannotRun(this.site, this.line, name, found.isDir));
        return 126;
      }
      io.stderr(notFound(this.site, this.line, name));
      return 127;
    }
    const env: Env = new Map();
    for (const [k, v] of this.vars) if (this.exported.has(k)) env.set(k, v);
    for (const [k, v] of extraEnv) env.set(k, v);
    // bash tells each program the path it was run as.
    if (this.site.kind === 'bash') env.set('_', found.path);
    const self = this.execInPlace ? this.ctx.machine.processes.find((p) => p.pid === this.ctx.pid) : undefined;
    return this.ctx.machine.spawn(found, argv, env, io, this.cwd, self);
  }

  /** Applies redirections in order; a status when one fails (the command does not run). */
  private redirect(cmd: SimpleCommand, base: Io, failedWrites: string[]): Io | number {
    if (cmd.redirects.length === 0) return base;
    const fs = this.ctx.machine.fs;
    const io: Io = { ...base };
    for (const r of cmd.redirects) {
      const target = expandText(r.target, this);
      if (r.op === '>&') {
        const to = target === '1' ? io.stdout : io.stderr;
        if (r.fd === 1) io.stdout = to;
        else io.stderr = to;
      } else if (r.op === '<') {
        if (target === '/dev/stdin') continue;
        const read = target === '/dev/null' ? { text: '' } : fs.read(target, this.cwd);
        if ('error' in read) {
          const f = cannotOpen(this.site, this.line, target, read.error, errnoMessage(read.error));
          io.stderr(f.message);
          return f.status;
        }
        io.stdin = read.text === '' ? NO_STDIN : textStdin(read.text);
        io.ttyIn = false;
      } else {
        let sink: (text: string) => void;
        if (target === '/dev/stdout') sink = io.stdout;
        else if (target === '/dev/stderr') sink = io.stderr;
        else if (target === '/dev/null') sink = () => {};
        else {
          const opened = fs.write(target, this.cwd, '', r.op === '>>');
          if ('error' in opened) {
            const f = cannotCreate(this.site, this.line, target, opened.error, errnoMessage(opened.error));
            io.stderr(f.message);
            return f.status;
          }
          sink = (text) => {
            const written = fs.write(opened.path, '/', text, true);
            if ('error' in written && failedWrites.length === 0) failedWrites.push(errnoMessage(written.error));
          };
        }
        if (r.fd === 2) io.stderr = sink;
        else {
          io.stdout = sink;
          io.tty = false;
        }
      }
    }
    return io;
  }
}
