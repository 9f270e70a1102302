// test / [ expressions: file tests, string and integer comparisons, ! -a -o and parentheses,
// with POSIX's rules for one to four arguments first.
import { fileText, type ExecFileSystem } from './filesystem';

export type TestError = { kind: 'integer'; arg: string } | { kind: 'unary'; arg: string } | { kind: 'binary'; arg: string } | { kind: 'syntax'; arg: string };
export type TestResult = { status: 0 | 1 } | { error: TestError };

const UNARY = new Set(['-e', '-f', '-d', '-s', '-r', '-w', '-x', '-L', '-h', '-n', '-z', '-b', '-c', '-p', '-S', '-g', '-u', '-k', '-t', '-O', '-G']);
const BINARY = new Set(['=', '==', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '<', '>']);

class TestFailure {
  constructor(readonly error: TestError) {}
}

export function evaluateTest(args: string[], fs: ExecFileSystem, cwd: string): TestResult {
  try {
    return { status: posix(args, fs, cwd) ? 0 : 1 };
  } catch (e) {
    if (e instanceof TestFailure) return { error: e.error };
    throw e;
  }
}

function posix(a: string[], fs: ExecFileSystem, cwd: string): boolean {
  switch (a.length) {
    case 0:
      return false;
    case 1:
      return a[0] !== '';
    case 2:
      if (a[0] === '!') return !posix(a.slice(1), fs, cwd);
      if (UNARY.has(a[0])) return unary(a[0], a[1], fs, cwd);
      throw new TestFailure({ kind: 'unary', arg: a[0] });
    case 3:
      if (BINARY.has(a[1])) return binary(a[0], a[1], a[2]);
      if (a[1] === '-a') return a[0] !== '' && a[2] !== '';
      if (a[1] === '-o') return a[0] !== '' || a[2] !== '';
      if (a[0] === '!') return !posix(a.slice(1), fs, cwd);
      if (a[0] === '(' && a[2] === ')') return a[1] !== '';
      throw new TestFailure({ kind: 'binary', arg: a[1] });
    case 4:
      if (a[0] === '!') return !posix(a.slice(1), fs, cwd);
      if (a[0] === '(' && a[3] === ')') return posix(a.slice(1, 3), fs, cwd);
      return general(a, fs, cwd);
    default:
      return general(a, fs, cwd);
  }
}

/** More than four arguments: a small recursive descent over -o, -a, ! and ( ). */
function general(a: string[], fs: ExecFileSystem, cwd: string): boolean {
  let i = 0;
  const or = (): boolean => {
    let v = and();
    while (a[i] === '-o') {
      i++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  const and = (): boolean => {
    let v = not();
    while (a[i] === '-a') {
      i++;
      const r = not();
      v = v && r;
    }
    return v;
  };
  const not = (): boolean => {
    if (a[i] === '!') {
      i++;
      return !not();
    }
    return primary();
  };
  const primary = (): boolean => {
    if (i >= a.length) throw new TestFailure({ kind: 'syntax', arg: a[a.length - 1] ?? '' });
    if (a[i] === '(') {
      i++;
      const v = or();
      if (a[i] !== ')') throw new TestFailure({ kind: 'syntax', arg: a[i] ?? '(' });
      i++;
      return v;
    }
    if (UNARY.has(a[i]) && i + 1 < a.length) {
      i += 2;
      return unary(a[i - 2], a[i - 1], fs, cwd);
    }
    if (BINARY.has(a[i + 1] ?? '') && i + 2 < a.length) {
      i += 3;
      return binary(a[i - 3], a[i - 2], a[i - 1]);
    }
    return a[i++] !== '';
  };
  const v = or();
  if (i < a.length) throw new TestFailure({ kind: 'syntax', arg: a[i] });
  return v;
}

function unary(op: string, arg: string, fs: ExecFileSystem, cwd: string): boolean {
  if (op === '-n') return arg !== '';
  if (op === '-z') return arg === '';
  if (op === '-L' || op === '-h') {
    const l = fs.lstat(arg, cwd);
    return !('error' in l) && l.node.kind === 'link';
  }
  const st = fs.stat(arg, cwd);
  if ('error' in st) return false;
  const node = st.node;
  switch (op) {
    case '-e':
    case '-r':
    case '-w':
      return true;
    case '-f':
      return node.kind === 'file';
    case '-d':
      return node.kind === 'dir';
    case '-s':
      return node.kind === 'dir' || (node.kind === 'file' && (node.size ?? fileText(node).length) > 0);
    case '-x':
      return node.kind === 'dir' || (node.mode & 0o111) !== 0;
    default:
      // Devices, sockets, set-id bits: none of our files has them.
      return false;
  }
}

function binary(l: string, op: string, r: string): boolean {
  switch (op) {
    case '=':
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '<':
      return l < r;
    case '>':
      return l > r;
    default: {
      const x = integer(l);
      const y = integer(r);
      return op === '-eq' ? x === y : op === '-ne' ? x !== y : op === '-lt' ? x < y : op === '-le' ? x <= y : op === '-gt' ? x > y : x >= y;
    }
  }
}

function integer(s: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(s)) throw new TestFailure({ kind: 'integer', arg: s });
  return Number(s.trim());
}
