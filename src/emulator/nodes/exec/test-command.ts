// `test` and `[`: the shells' builtins and the programs (coreutils' or busybox's), each with
// its own words for a malformed expression (status 2).
import type { Io, ProgramContext } from './context';
import { isBusybox } from './image';
import { evaluateTest, type TestError } from './test-expr';

export type TestDialect = { kind: 'bash' | 'dash' | 'ash'; prefix: string; arg0: string } | { kind: 'coreutils' | 'busybox' };

/** Runs test/[ with `argv[0]` its name; `[` needs a closing `]`. */
export function runTest(argv: string[], io: Io, ctx: ProgramContext, cwd: string, dialect: TestDialect): number {
  const name = argv[0].slice(argv[0].lastIndexOf('/') + 1);
  let args = argv.slice(1);
  if (name === '[') {
    if (args[args.length - 1] !== ']') {
      io.stderr(missingBracket(dialect));
      return 2;
    }
    args = args.slice(0, -1);
  }
  const r = evaluateTest(args, ctx.machine.fs, cwd);
  if ('status' in r) return r.status;
  io.stderr(errorText(dialect, name, r.error));
  return 2;
}

export function programTestDialect(ctx: ProgramContext): TestDialect {
  return { kind: isBusybox(ctx.machine.family) ? 'busybox' : 'coreutils' };
}

function missingBracket(d: TestDialect): string {
  switch (d.kind) {
    case 'bash':
      return `${d.prefix}[: missing \`]'\n`;
    case 'dash':
      return `${d.prefix}[: missing ]\n`;
    case 'ash':
      return `${d.arg0}: missing ]\n`;
    case 'busybox':
      return '[: missing ]\n';
    case 'coreutils':
      return "[: missing ']'\n";
  }
}

function errorText(d: TestDialect, name: string, e: TestError): string {
  switch (d.kind) {
    case 'bash': {
      const what = e.kind === 'integer' ? 'integer expression expected' : e.kind === 'unary' ? 'unary operator expected' : e.kind === 'binary' ? 'binary operator expected' : 'syntax error';
      return `${d.prefix}${name}: ${e.arg}: ${what}\n`;
    }
    case 'dash':
      return e.kind === 'integer' ? `${d.prefix}${name}: Illegal number: ${e.arg}\n` : `${d.prefix}${name}: ${e.arg}: unexpected operator\n`;
    case 'ash':
      return `${d.arg0}: ${e.arg}: ${e.kind === 'integer' ? 'bad number' : 'unknown operand'}\n`;
    case 'busybox':
      return `${name}: ${e.arg}: ${e.kind === 'integer' ? 'bad number' : 'unknown operand'}\n`;
    case 'coreutils':
      if (e.kind === 'integer') return `${name}: invalid integer '${e.arg}'\n`;
      if (e.kind === 'syntax') return `${name}: extra argument '${e.arg}'\n`;
      return `${name}: ${e.arg}: ${e.kind} operator expected\n`;
  }
}
