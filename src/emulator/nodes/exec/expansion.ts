// Word expansion as a POSIX shell does it: tilde, parameters, field splitting of unquoted
// expansions, pathname globbing of unquoted patterns, quote removal.
import type { Part, Word } from './shell-parser';

export interface ExpansionScope {
  /** A variable or special parameter ($?, $$, $#, $0..); undefined when unset. */
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  /** $1 ... for "$@". */
  positional(): string[];
}

interface Field {
  text: string;
  /** The text with quoted characters escaped, for globbing. */
  pattern: string;
  glob: boolean;
  /** Has quotes, so it stays even when empty. */
  keep: boolean;
}

/** Expands a word into fields (command arguments). */
export function expandFields(word: Word, scope: ExpansionScope, glob: (pattern: string) => string[]): string[] {
  const fields: Field[] = [];
  let cur: Field | undefined;
  const field = (): Field => {
    if (!cur) {
      cur = { text: '', pattern: '', glob: false, keep: false };
      fields.push(cur);
    }
    return cur;
  };
  const quoted = (s: string) => {
    const f = field();
    f.text += s;
    f.pattern += escapeGlob(s);
    f.keep = true;
  };
  const unquoted = (s: string) => {
    const f = field();
    f.text += s;
    f.pattern += s;
    if (/[*?[]/.test(s)) f.glob = true;
  };
  for (const part of word) {
    if (part.kind === 'text') {
      if (part.quoted) quoted(part.text);
      else unquoted(part.text);
    } else if (part.kind === 'tilde') {
      quoted(scope.get('HOME') ?? '/');
    } else if (part.quoted && part.name === '@' && !part.op && !part.length) {
      // "$@": each positional parameter is a field of its own.
      scope.positional().forEach((arg, i) => {
        if (i > 0) cur = undefined;
        quoted(arg);
      });
    } else {
      const value = paramValue(part, scope);
      if (part.quoted) quoted(value);
      else {
        // Field splitting on blanks (the default IFS).
        value.split(/[ \t\n]+/).forEach((piece, i) => {
          if (i > 0) cur = undefined;
          if (piece !== '') unquoted(piece);
        });
      }
    }
  }
  const out: string[] = [];
  for (const f of fields) {
    if (f.text === '' && !f.keep) continue;
    const matches = f.glob ? glob(f.pattern) : [];
    if (matches.length > 0) out.push(...matches);
    else out.push(f.text);
  }
  return out;
}

/** Expands a word to one string (assignments, redirection targets): no splitting, no globbing. */
export function expandText(word: Word, scope: ExpansionScope): string {
  return word.map((p) => (p.kind === 'text' ? p.text : p.kind === 'tilde' ? (scope.get('HOME') ?? '/') : paramValue(p, scope))).join('');
}

function paramValue(p: Extract<Part, { kind: 'param' }>, scope: ExpansionScope): string {
  const v = scope.get(p.name);
  if (p.length) return String([...(v ?? '')].length);
  const word = () => expandText(p.word ?? [], scope);
  switch (p.op) {
    case ':-':
      return v === undefined || v === '' ? word() : v;
    case '-':
      return v === undefined ? word() : v;
    case ':=':
    case '=': {
      if (v !== undefined && (p.op === '=' || v !== '')) return v;
      const w = word();
      scope.set(p.name, w);
      return w;
    }
    case ':+':
      return v === undefined || v === '' ? '' : word();
    case '+':
      return v === undefined ? '' : word();
    default:
      return v ?? '';
  }
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\\]/g, '\\$&');
}
