// echo and printf output: backslash escapes and printf's conversions (%s %d %x %c %b %f ...).

/**
 * echo's output. `dash`'s echo takes only -n and always reads escapes; bash's builtin, busybox
 * and coreutils take -n, -e and -E (combined too) and read escapes only with -e.
 */
export function echoText(args: string[], style: 'dash' | 'flags'): string {
  let newline = true;
  let escapes = style === 'dash';
  let i = 0;
  if (style === 'dash') {
    if (args[0] === '-n') {
      newline = false;
      i = 1;
    }
  } else {
    for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
      for (const f of args[i].slice(1)) {
        if (f === 'n') newline = false;
        else escapes = f === 'e';
      }
    }
  }
  const body = args.slice(i).join(' ');
  if (!escapes) return newline ? `${body}\n` : body;
  const { text, stop } = unescape(body, true);
  return stop || !newline ? text : `${text}\n`;
}

/** Backslash escapes; \c ends all output (`stop`). `echoStyle`: octal is \0nnn, else \nnn. */
export function unescape(s: string, echoStyle: boolean): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch !== '\\' || i + 1 >= s.length) {
      out += ch;
      continue;
    }
    const next = s[++i];
    const simple: Record<string, string> = { '\\': '\\', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
    if (!echoStyle) simple['"'] = '"';
    if (next in simple) out += simple[next];
    else if (next === 'c') return { text: out, stop: true };
    else if (next === 'x' && /[0-9a-fA-F]/.test(s[i + 1] ?? '')) {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1))?.[0] ?? '';
      out += String.fromCharCode(parseInt(hex, 16));
      i += hex.length;
    } else if (echoStyle && next === '0') {
      const digits = /^[0-7]{0,3}/.exec(s.slice(i + 1))?.[0] ?? '';
      out += String.fromCharCode(parseInt(digits || '0', 8) & 0xff);
      i += digits.length;
    } else if (!echoStyle && /[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(s.slice(i))?.[0] ?? '0';
      out += String.fromCharCode(parseInt(digits, 8) & 0xff);
      i += digits.length - 1;
    } else out += `\\${next}`;
  }
  return { text: out, stop: false };
}

export interface PrintfResult {
  text: string;
  /** Arguments a numeric conversion could not read (printed as 0, status 1). */
  badNumbers: string[];
}

const CONVERSION = /%([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?([sbcdiouxXfeEgG%])/g;

/** printf FORMAT [ARG]...: the format is reused while arguments remain. */
export function printfText(format: string, args: string[]): PrintfResult {
  const bad: string[] = [];
  let out = '';
  let used = 0;
  for (;;) {
    const before = used;
    let stopped = false;
    let consumed = false;
    const next = () => {
      consumed = true;
      return args[used++];
    };
    let last = 0;
    for (const m of format.matchAll(CONVERSION)) {
      const { text, stop } = unescape(format.slice(last, m.index), false);
      out += text;
      last = (m.index ?? 0) + m[0].length;
      if (stop) {
        stopped = true;
        break;
      }
      const [, flags, widthSpec, precSpec, conv] = m;
      if (conv === '%') {
        out += '%';
        continue;
      }
      const width = widthSpec === '*' ? Number(next() ?? 0) : widthSpec ? Number(widthSpec) : 0;
      const prec = precSpec === '*' ? Number(next() ?? 0) : precSpec !== undefined ? Number(precSpec) : undefined;
      const arg = next();
      const r = convert(conv, flags, prec, arg, bad);
      // The 0 flag pads numbers only.
      out += pad(r.text, width, 'scb'.includes(conv) ? flags.replace(/0/g, '') : flags);
      if (r.stop) {
        stopped = true;
        break;
      }
    }
    if (stopped) break;
    out += unescape(format.slice(last), false).text;
    if (!consumed || used >= args.length || used === before) break;
  }
  return { text: out, badNumbers: bad };
}

function convert(conv: string, flags: string, prec: number | undefined, arg: string | undefined, bad: string[]): { text: string; stop?: boolean } {
  const a = arg ?? '';
  switch (conv) {
    case 's':
      return { text: prec === undefined ? a : a.slice(0, prec) };
    case 'b': {
      const { text, stop } = unescape(a, true);
      return { text, stop };
    }
    case 'c':
      return { text: a.slice(0, 1) };
    case 'f':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      const n = number(a, bad, true);
      const p = prec ?? 6;
      const t = conv === 'f' ? n.toFixed(p) : conv === 'e' || conv === 'E' ? n.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2') : String(Number(n.toPrecision(p || 1)));
      return { text: sign(conv === 'E' || conv === 'G' ? t.toUpperCase() : t, n, flags) };
    }
    default: {
      const n = Math.trunc(number(a, bad, false));
      let t: string;
      if (conv === 'x') t = (n >>> 0).toString(16);
      else if (conv === 'X') t = (n >>> 0).toString(16).toUpperCase();
      else if (conv === 'o') t = (n >>> 0).toString(8);
      else t = String(n);
      if (prec !== undefined) t = t.replace(/^(-?)(\d+)$/, (_m, s: string, d: string) => s + d.padStart(prec, '0'));
      return { text: conv === 'd' || conv === 'i' ? sign(t, n, flags) : t };
    }
  }
}

function number(a: string, bad: string[], float: boolean): number {
  if (a === '') return 0;
  // A leading quote gives the character's code, as POSIX printf does.
  if (a.startsWith("'") || a.startsWith('"')) return a.length > 1 ? (a.codePointAt(1) ?? 0) : 0;
  const t = a.trim();
  const n = float ? Number(t) : /^[+-]?0x[0-9a-f]+$/i.test(t) ? parseInt(t, 16) : /^[+-]?0[0-7]+$/.test(t) ? parseInt(t, 8) : /^[+-]?\d+$/.test(t) ? Number(t) : NaN;
  if (Number.isNaN(n)) {
    bad.push(a);
    return 0;
  }
  return n;
}

function sign(t: string, n: number, flags: string): string {
  if (n < 0 || Object.is(n, -0)) return t;
  if (flags.includes('+')) return `+${t}`;
  if (flags.includes(' ')) return ` ${t}`;
  return t;
}

function pad(t: string, width: number, flags: string): string {
  if (t.length >= width) return t;
  if (flags.includes('-')) return t.padEnd(width);
  if (flags.includes('0')) {
    const neg = /^[-+ ]/.test(t) ? t[0] : '';
    return neg + t.slice(neg.length).padStart(width - neg.length, '0');
  }
  return t.padStart(width);
}
