// The shell language we emulate: simple commands with quoting, parameters, assignments and
// redirections, joined by ; && || and newlines. Everything else (pipes, subshells, command
// substitution, compound commands) is reported as unsupported, never guessed at.

export type Part =
  | { kind: 'text'; text: string; quoted: boolean }
  /** $NAME, ${NAME}, ${NAME:-word} and the like; `length` is ${#NAME}. */
  | { kind: 'param'; name: string; quoted: boolean; op?: ParamOp; word?: Word; length?: boolean }
  | { kind: 'tilde' };
export type ParamOp = ':-' | '-' | ':=' | '=' | ':+' | '+';
export type Word = Part[];

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&';
  target: Word;
}

export interface SimpleCommand {
  line: number;
  assignments: Array<{ name: string; value: Word }>;
  words: Word[];
  redirects: Redirect[];
}

export interface AndOrList {
  commands: SimpleCommand[];
  /** operators[i] joins commands[i] and commands[i + 1]. */
  operators: Array<'&&' | '||'>;
}

export type ParseResult =
  | { ok: true; lists: AndOrList[] }
  /** More input could finish it: an open quote (or `${`), or a trailing && or ||. */
  | { ok: false; incomplete: "'" | '"' | '}' | 'operator' }
  /** A token where none may be ("newline" at a line's end). */
  | { ok: false; unexpected: string; line: number }
  /** Valid shell we do not emulate. */
  | { ok: false; unsupported: string; line: number };

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in', '{', '}', '!', '[[', ']]', 'function', 'select', 'time', '((']);
const PARAM_OPS: ParamOp[] = [':-', '-', ':=', '=', ':+', '+'];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

class Stop {
  constructor(readonly result: ParseResult) {}
}

export function parseScript(source: string, firstLine = 1): ParseResult {
  try {
    return { ok: true, lists: new Parser(source, firstLine).script() };
  } catch (e) {
    if (e instanceof Stop) return e.result;
    throw e;
  }
}

class Parser {
  private i = 0;

  constructor(
    private readonly s: string,
    private line: number,
    /** Inside ${NAME:-word}: the word runs to the end. */
    private readonly braceWord = false,
  ) {}

  script(): AndOrList[] {
    const lists: AndOrList[] = [];
    for (;;) {
      this.blanks();
      if (this.eof()) return lists;
      const ch = this.s[this.i];
      if (ch === '\n') {
        this.i++;
        this.line++;
        continue;
      }
      lists.push(this.andOr());
      this.blanks();
      if (this.eof()) return lists;
      if (this.s[this.i] === ';') {
        this.i++;
        this.blanks();
        if (this.s[this.i] === ';') this.unexpected(';;');
      }
    }
  }

  private andOr(): AndOrList {
    const list: AndOrList = { commands: [this.command()], operators: [] };
    for (;;) {
      this.blanks();
      const op = this.s.slice(this.i, this.i + 2);
      if (op !== '&&' && op !== '||') return list;
      this.i += 2;
      // A line may end after && or ||: the command follows on the next one.
      for (;;) {
        this.blanks();
        if (this.s[this.i] !== '\n') break;
        this.i++;
        this.line++;
      }
      if (this.eof()) throw new Stop({ ok: false, incomplete: 'operator' });
      list.operators.push(op);
      list.commands.push(this.command());
    }
  }

  private command(): SimpleCommand {
    const cmd: SimpleCommand = { line: this.line, assignments: [], words: [], redirects: [] };
    for (;;) {
      this.blanks();
      if (this.eof()) break;
      const ch = this.s[this.i];
      const two = this.s.slice(this.i, this.i + 2);
      if (ch === '\n' || ch === ';' || two === '&&' || two === '||') break;
      if (ch === '|' || ch === '&' || ch === '(' || ch === ')' || ch === '`') this.unsupported(two === '&>' ? '&>' : ch);
      const fd = /^(\d?)([<>])/.exec(this.s.slice(this.i, this.i + 2));
      if (fd) {
        cmd.redirects.push(this.redirect());
        continue;
      }
      const word = this.word();
      if (cmd.words.length === 0 && isReserved(word)) this.unsupported((word[0] as { text: string }).text);
      const assignment = cmd.words.length === 0 ? asAssignment(word) : undefined;
      if (assignment) cmd.assignments.push(assignment);
      else cmd.words.push(word);
    }
    if (cmd.words.length === 0 && cmd.assignments.length === 0 && cmd.redirects.length === 0) {
      const two = this.s.slice(this.i, this.i + 2);
      this.unexpected(this.eof() || this.s[this.i] === '\n' ? 'newline' : two === '&&' || two === '||' ? two : ';');
    }
    return cmd;
  }

  private redirect(): Redirect {
    let fd = -1;
    if (/\d/.test(this.s[this.i])) fd = Number(this.s[this.i++]);
    let op: Redirect['op'];
    const rest = this.s.slice(this.i, this.i + 2);
    if (rest === '<<' || rest === '<&' || rest === '<>') this.unsupported(rest);
    if (rest === '>>') op = '>>';
    else if (rest === '>&') op = '>&';
    else op = this.s[this.i] === '<' ? '<' : '>';
    this.i += op.length;
    if (op === '>' && this.s[this.i] === '|') this.i++;
    if (fd < 0) fd = op === '<' ? 0 : 1;
    if (fd > 2) this.unsupported(`${fd}${op}`);
    this.blanks();
    if (this.eof() || '\n;&|<>()'.includes(this.s[this.i])) this.unexpected(this.eof() || this.s[this.i] === '\n' ? 'newline' : this.s[this.i]);
    const target = this.word();
    // >&1 and >&2 duplicate a stream; >&file (bash's &>) we leave alone.
    if (op === '>&' && !(target.length === 1 && target[0].kind === 'text' && /^[12]$/.test(target[0].text))) this.unsupported('>&');
    return { fd, op, target };
  }

  /** A word up to the next blank or operator, with its quoting kept per part. */
  private word(): Word {
    const parts: Word = [];
    const start = this.i;
    for (;;) {
      if (this.eof()) break;
      const ch = this.s[this.i];
      if (!this.braceWord && ' \t\n;&|<>()'.includes(ch)) break;
      if (ch === '\\') {
        this.i++;
        if (this.eof()) parts.push(text('\\', false));
        else if (this.s[this.i] === '\n') {
          this.i++;
          this.line++;
        } else parts.push(text(this.s[this.i++], true));
      } else if (ch === "'") {
        const close = this.s.indexOf("'", this.i + 1);
        if (close < 0) throw new Stop({ ok: false, incomplete: "'" });
        const inner = this.s.slice(this.i + 1, close);
        this.line += count(inner, '\n');
        parts.push(text(inner, true));
        this.i = close + 1;
      } else if (ch === '"') {
        this.doubleQuoted(parts);
      } else if (ch === '$') {
        parts.push(this.dollar(false));
      } else if (ch === '`') {
        this.unsupported('`');
      } else if (ch === '~' && this.i === start && (this.i + 1 >= this.s.length || ' \t\n;&|<>()/'.includes(this.s[this.i + 1]))) {
        parts.push({ kind: 'tilde' });
        this.i++;
      } else {
        parts.push(text(ch, false));
        this.i++;
      }
    }
    return merge(parts);
  }

  private doubleQuoted(parts: Word): void {
    this.i++;
    parts.push(text('', true));
    for (;;) {
      if (this.eof()) throw new Stop({ ok: false, incomplete: '"' });
      const ch = this.s[this.i];
      if (ch === '"') {
        this.i++;
        return;
      }
      if (ch === '\\') {
        const next = this.s[this.i + 1];
        if (next === '\n') {
          this.i += 2;
          this.line++;
        } else if (next !== undefined && '$`"\\'.includes(next)) {
          parts.push(text(next, true));
          this.i += 2;
        } else {
          parts.push(text('\\', true));
          this.i++;
        }
      } else if (ch === '$') {
        parts.push(this.dollar(true));
      } else if (ch === '`') {
        this.unsupported('`');
      } else {
        if (ch === '\n') this.line++;
        parts.push(text(ch, true));
        this.i++;
      }
    }
  }

  /** $NAME, $?, ${...}; a $ that starts none of them is itself. */
  private dollar(quoted: boolean): Part {
    const next = this.s[this.i + 1];
    if (next === '(') this.unsupported(this.s[this.i + 2] === '(' ? '$((' : '$(');
    if (next === '{') return this.braced(quoted);
    const name = NAME.exec(this.s.slice(this.i + 1));
    if (name) {
      this.i += 1 + name[0].length;
      return { kind: 'param', name: name[0], quoted };
    }
    if (next !== undefined && /[?$#@*!\-0-9]/.test(next)) {
      this.i += 2;
      return { kind: 'param', name: next, quoted };
    }
    this.i++;
    return text('$', quoted);
  }

  private braced(quoted: boolean): Part {
    const close = this.s.indexOf('}', this.i + 2);
    if (close < 0) throw new Stop({ ok: false, incomplete: '}' });
    const inner = this.s.slice(this.i + 2, close);
    const original = this.s.slice(this.i, close + 1);
    this.i = close + 1;
    if (inner.startsWith('#') && inner.length > 1) {
      const name = inner.slice(1);
      if (NAME.exec(name)?.[0] === name || /^[0-9?$#@*!]$/.test(name)) return { kind: 'param', name, quoted, length: true };
      this.unsupported(original);
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!-])(.*)$/s.exec(inner);
    if (!m) this.unsupported(original);
    const [, name, rest] = m as RegExpExecArray;
    if (rest === '') return { kind: 'param', name, quoted };
    const op = PARAM_OPS.find((o) => rest.startsWith(o) && !(o.length === 1 && rest.startsWith(`${o}${o}`)));
    if (!op) this.unsupported(original);
    // The word after the operator: quotes and parameters work in it; blanks are its own.
    const word = new Parser(rest.slice((op as string).length), this.line, true).word();
    return { kind: 'param', name, quoted, op, word: quoted ? word.map((p) => (p.kind === 'tilde' ? p : { ...p, quoted: true })) : word };
  }

  private blanks(): void {
    for (;;) {
      const ch = this.s[this.i];
      if (ch === ' ' || ch === '\t') this.i++;
      else if (ch === '\\' && this.s[this.i + 1] === '\n') {
        this.i += 2;
        this.line++;
      } else if (ch === '#') {
        while (!this.eof() && this.s[this.i] !== '\n') this.i++;
      } else return;
    }
  }

  private eof(): boolean {
    return this.i >= this.s.length;
  }

  private unexpected(token: string): never {
    throw new Stop({ ok: false, unexpected: token, line: this.line });
  }

  private unsupported(token: string): never {
    throw new Stop({ ok: false, unsupported: token, line: this.line });
  }
}

function text(t: string, quoted: boolean): Part {
  return { kind: 'text', text: t, quoted };
}

/** Joins neighbouring text of the same quoting (the parser adds one character at a time). */
function merge(parts: Word): Word {
  const out: Word = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.kind === 'text' && last?.kind === 'text' && last.quoted === p.quoted) out[out.length - 1] = { ...last, text: last.text + p.text };
    else out.push(p);
  }
  return out;
}

function isReserved(word: Word): boolean {
  return word.length === 1 && word[0].kind === 'text' && !word[0].quoted && RESERVED.has(word[0].text);
}

/** NAME=value before the command name; the name must be unquoted. */
function asAssignment(word: Word): { name: string; value: Word } | undefined {
  const first = word[0];
  if (first?.kind !== 'text' || first.quoted) return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
  if (!m) return undefined;
  const rest = first.text.slice(m[0].length);
  return { name: m[1], value: [...(rest ? [text(rest, false)] : []), ...word.slice(1)] };
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}
