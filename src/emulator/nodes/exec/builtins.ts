// The shell builtins we emulate: cd, exit, export, unset, exec, and the ones a shell runs
// itself rather than as a program (echo, printf, pwd, test, true, false, :).
import type { Io } from './context';
import { errnoMessage, normalizePath } from './filesystem';
import type { Shell } from './shell';
import { badExitNumber, cdFailed, errorPrefix, type ShellKind } from './shell-dialect';
import { ExitShell } from './signals';
import { runTest } from './test-command';
import { echoText, printfText } from './text-format';

export type Builtin = (sh: Shell, argv: string[], io: Io) => Promise<number> | number;

export const BUILTINS: Record<string, Builtin> = {
  ':': () => 0,
  true: () => 0,
  false: () => 1,
  cd,
  exit,
  export: exportBuiltin,
  unset: (sh, argv) => {
    for (const name of argv.slice(1).filter((a) => !a.startsWith('-'))) sh.unsetVar(name);
    return 0;
  },
  exec: async (sh, argv, io) => {
    if (argv.length === 1) return 0;
    throw new ExitShell(await sh.runProgram(argv.slice(1), io));
  },
  echo: (sh, argv, io) => {
    io.stdout(echoText(argv.slice(1), sh.site.kind === 'dash' ? 'dash' : 'flags'));
    return 0;
  },
  printf: (sh, argv, io) => {
    if (argv.length < 2) {
      io.stderr(sh.site.kind === 'bash' ? `${errorPrefix(sh.site, sh.line)}printf: usage: printf [-v var] format [arguments]\n` : `${errorPrefix(sh.site, sh.line)}printf: usage: printf format [arg ...]\n`);
      return 2;
    }
    const r = printfText(argv[1], argv.slice(2));
    io.stdout(r.text);
    for (const bad of r.badNumbers) io.stderr(`${errorPrefix(sh.site, sh.line)}printf: ${bad}: invalid number\n`);
    return r.badNumbers.length > 0 ? 1 : 0;
  },
  pwd: (sh, argv, io) => {
    if (argv.includes('-P')) {
      const st = sh.ctx.machine.fs.stat(sh.cwd, '/');
      io.stdout(`${'error' in st ? sh.cwd : st.path}\n`);
    } else io.stdout(`${sh.cwd}\n`);
    return 0;
  },
  test: testBuiltin,
  '[': testBuiltin,
};

/** Real builtins this emulation leaves out: they say so rather than "not found". */
const UNSUPPORTED_COMMON = ['set', 'trap', 'alias', 'unalias', 'type', 'command', 'eval', 'shift', 'getopts', 'wait', 'jobs', 'fg', 'bg', 'kill', 'umask', 'ulimit', 'times', 'hash', 'return', 'local', 'break', 'continue', 'read', 'readonly', '.'];
const UNSUPPORTED_BASH_AND_ASH = ['source', 'let', 'history'];
const UNSUPPORTED_BASH = ['declare', 'typeset', 'shopt', 'pushd', 'popd', 'dirs', 'help', 'logout', 'enable', 'builtin', 'caller', 'complete', 'compgen', 'disown', 'suspend', 'mapfile', 'readarray'];

export function isUnsupportedBuiltin(kind: ShellKind, name: string): boolean {
  if (UNSUPPORTED_COMMON.includes(name)) return true;
  if (kind !== 'dash' && UNSUPPORTED_BASH_AND_ASH.includes(name)) return true;
  return kind === 'bash' && UNSUPPORTED_BASH.includes(name);
}

function cd(sh: Shell, argv: string[], io: Io): number {
  const args = argv.slice(1).filter((a) => a !== '-L' && a !== '-P');
  let dir: string | undefined = args[0];
  let print = false;
  if (dir === undefined) {
    dir = sh.vars.get('HOME');
    if (dir === undefined) {
      if (sh.site.kind === 'bash') {
        io.stderr(`${errorPrefix(sh.site, sh.line)}cd: HOME not set\n`);
        return 1;
      }
      return 0;
    }
  } else if (dir === '-') {
    dir = sh.vars.get('OLDPWD') ?? sh.cwd;
    print = true;
  }
  if (args.length > 1 && sh.site.kind === 'bash') {
    io.stderr(`${errorPrefix(sh.site, sh.line)}cd: too many arguments\n`);
    return 1;
  }
  const target = normalizePath(dir, sh.cwd);
  const st = sh.ctx.machine.fs.stat(dir.startsWith('/') ? target : dir, sh.cwd);
  const errno = 'error' in st ? st.error : st.node.kind !== 'dir' ? 'ENOTDIR' : undefined;
  if (errno) {
    const f = cdFailed(sh.site, sh.line, dir, errnoMessage(errno));
    io.stderr(f.message);
    return f.status;
  }
  sh.setVar('OLDPWD', sh.cwd, true);
  sh.cwd = target;
  sh.setVar('PWD', target, true);
  if (print) io.stdout(`${target}\n`);
  return 0;
}

function exit(sh: Shell, argv: string[], io: Io): never {
  const arg = argv[1];
  if (arg === undefined) throw new ExitShell(sh.status);
  if (!/^\s*[+-]?\d+\s*$/.test(arg) || (sh.site.kind !== 'bash' && arg.trim().startsWith('-'))) {
    io.stderr(badExitNumber(sh.site, sh.line, arg));
    throw new ExitShell(2);
  }
  throw new ExitShell(((Number(arg) % 256) + 256) % 256);
}

function exportBuiltin(sh: Shell, argv: string[], io: Io): number {
  const names = argv.slice(1).filter((a) => a !== '-p' && a !== '-n');
  if (names.length === 0) {
    for (const [k, v] of [...sh.vars].filter(([k]) => sh.exported.has(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      io.stdout(sh.site.kind === 'bash' ? `declare -x ${k}=${JSON.stringify(v)}\n` : `export ${k}='${v.replace(/'/g, "'\\''")}'\n`);
    }
    return 0;
  }
  let status = 0;
  for (const a of names) {
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      io.stderr(sh.site.kind === 'bash' ? `${errorPrefix(sh.site, sh.line)}export: \`${a}': not a valid identifier\n` : `${errorPrefix(sh.site, sh.line)}export: bad variable name\n`);
      status = sh.site.kind === 'bash' ? 1 : 2;
      continue;
    }
    if (eq >= 0) sh.setVar(name, a.slice(eq + 1), true);
    else sh.exported.add(name);
  }
  return status;
}

function testBuiltin(sh: Shell, argv: string[], io: Io): number {
  return runTest(argv, io, sh.ctx, sh.cwd, { kind: sh.site.kind, prefix: errorPrefix(sh.site, sh.line), arg0: sh.site.arg0 });
}
