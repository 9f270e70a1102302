// The errors kube-apiserver's JSON decoding gives for a built-in object whose values do not fit its
// Go types: encoding/json's UnmarshalTypeError ("json: cannot unmarshal string into Go struct field
// ConfigMap.data of type map[string]string"), base64 errors of []byte fields, and the errors of the
// types that decode themselves (metav1.Time and MicroTime, resource.Quantity, intstr.IntOrString).
// The checks run inside the unknown-field walk (unknown-fields.ts), so a write walks its object once.
//
// encoding/json keeps the first type error it meets and decodes on; an error of a type that
// decodes itself ends the decoding at once, and is the one reported even after a kept error.
import type { SchemaNode } from '../schema-types';
import { goStructName, goTypeOf, MICRO_TIME } from './go-types';

/** A value the typed decoding refuses; `message` is the decoder's error text. */
export class DecodeTypeError extends Error {}

type Path = (string | number)[];

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
// 2^63: floats at or above it overflow int64 (2^63 - 1 is not a float).
const INT64_LIMIT = 9223372036854775808;

/** One object's check: `root` is its kind's schema; `fits` is called for every value the walk meets. */
export class TypeCheck {
  /** The first error encoding/json would keep and decode on past. */
  private saved: string | undefined;

  constructor(private readonly root: SchemaNode) {}

  /**
   * Whether `value` (at `path`) has the JSON type `schema` asks for, so the walk may descend;
   * a mismatch is kept, and a value decoding itself that fails throws DecodeTypeError.
   */
  fits(schema: SchemaNode, value: unknown, path: Path): boolean {
    if (value === null || value === undefined) return true;
    switch (schema.type) {
      case 'object':
      case 'map':
        return (typeof value === 'object' && !Array.isArray(value)) || this.mismatch(schema, jsonKind(value), path);
      case 'array':
        return Array.isArray(value) || this.mismatch(schema, jsonKind(value), path);
      case 'string':
        if (typeof value === 'string') return schema.format === undefined || this.stringFormat(schema, value);
        if (schema.format === 'date-time') throw new DecodeTypeError(`json: cannot unmarshal ${jsonKind(value)} into Go value of type string`);
        if (schema.format === 'byte' && Array.isArray(value)) return this.byteArray(value, path);
        return this.mismatch(schema, jsonKind(value), path);
      case 'integer':
        if (typeof value !== 'number') return this.mismatch(schema, jsonKind(value), path);
        if (Number.isInteger(value) && (schema.format === 'int32' ? value >= INT32_MIN && value <= INT32_MAX : value >= -INT64_LIMIT && value < INT64_LIMIT)) return true;
        return this.mismatch(schema, `number ${numberText(value)}`, path);
      case 'number':
        return typeof value === 'number' || this.mismatch(schema, jsonKind(value), path);
      case 'boolean':
        return typeof value === 'boolean' || this.mismatch(schema, jsonKind(value), path);
      case 'int-or-string':
        // IntOrString.UnmarshalJSON: a JSON string is the string, anything else goes into an int32.
        if (typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX)) return true;
        throw new DecodeTypeError(`json: cannot unmarshal ${typeof value === 'number' ? `number ${numberText(value)}` : jsonKind(value)} into Go value of type int32`);
      case 'quantity': {
        const err = quantityError(typeof value === 'string' ? value.trim() : JSON.stringify(value));
        if (err) throw new DecodeTypeError(err);
        return true;
      }
      default:
        return true;
    }
  }

  /** Throws the kept error, if any: call after the walk. */
  finish(): void {
    if (this.saved !== undefined) throw new DecodeTypeError(this.saved);
  }

  private stringFormat(schema: SchemaNode, value: string): boolean {
    if (schema.format === 'date-time') {
      const err = timeError(value, schema.goType === MICRO_TIME);
      if (err) throw new DecodeTypeError(err);
    } else if (schema.format === 'byte') {
      const at = base64Error(value);
      if (at !== undefined) this.saved ??= `illegal base64 data at input byte ${at}`;
    }
    return true;
  }

  /** A JSON array decodes into []byte element by element (uint8 each). */
  private byteArray(value: unknown[], path: Path): boolean {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255)) continue;
      path.push(i);
      this.keep(typeof v === 'number' ? `number ${numberText(v)}` : jsonKind(v), 'uint8', path);
      path.pop();
    }
    return false;
  }

  private mismatch(schema: SchemaNode, got: string, path: Path): false {
    this.keep(got, goTypeOf(schema), path);
    return false;
  }

  private keep(got: string, goType: string, path: Path): void {
    if (this.saved !== undefined) return;
    const { struct, fields } = fieldContext(this.root, path);
    this.saved = fields.length
      ? `json: cannot unmarshal ${got} into Go struct field ${struct}.${fields.join('.')} of type ${goType}`
      : `json: cannot unmarshal ${got} into Go value of type ${goType}`;
  }
}

/**
 * encoding/json's error context at `path`: the struct whose field it last entered, and the JSON
 * names of the fields entered from the root (list indexes and map keys are not part of it).
 */
function fieldContext(root: SchemaNode, path: Path): { struct: string; fields: string[] } {
  let node: SchemaNode | undefined = root;
  let struct = '';
  const fields: string[] = [];
  for (const e of path) {
    if (!node) break;
    if (node.type === 'object') {
      struct = node.ref ? goStructName(node.ref) : struct;
      fields.push(String(e));
      node = node.properties?.[String(e)];
    } else if (node.type === 'map') {
      node = node.additionalProperties;
    } else if (node.type === 'array') {
      node = node.items;
    } else {
      break;
    }
  }
  return { struct, fields };
}

/** What encoding/json calls a JSON value in its errors (numbers without their text). */
function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

function numberText(v: number): string {
  return String(v);
}

// --- metav1.Time and MicroTime: time.Parse(time.RFC3339 | RFC3339Micro, s) -------------------

const RFC3339 = '2006-01-02T15:04:05Z07:00';
const RFC3339_MICRO = '2006-01-02T15:04:05.000000Z07:00';
// Always accepted by time.Parse once a day past 28 is in its month (plainDate); anything else
// takes the full parse. Days 29-31 are every month's last days: the check must be as cheap.
const PLAIN_TIME = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?Z$/;
const PLAIN_MICRO_TIME = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}Z$/;

/** For a text PLAIN_TIME matched: whether its day exists in its month (Feb 29 in leap years). */
function plainDate(text: string): boolean {
  const day = (text.charCodeAt(8) - 48) * 10 + (text.charCodeAt(9) - 48);
  if (day <= 28) return true;
  const month = (text.charCodeAt(5) - 48) * 10 + (text.charCodeAt(6) - 48);
  if (month !== 2) return day <= 30 || month === 1 || month === 3 || month === 5 || month === 7 || month === 8 || month === 10 || month === 12;
  const year = Number(text.slice(0, 4));
  return day === 29 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

let lastTime = '';
let lastMicroTime = '';

type TimeElem = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'frac' | 'zone';
const RFC3339_CHUNKS: [string, TimeElem, string][] = [
  ['', 'year', '2006'],
  ['-', 'month', '01'],
  ['-', 'day', '02'],
  ['T', 'hour', '15'],
  [':', 'minute', '04'],
  [':', 'second', '05'],
  ['', 'zone', 'Z07:00'],
];
const MICRO_CHUNKS: [string, TimeElem, string][] = [...RFC3339_CHUNKS.slice(0, 6), ['', 'frac', '.000000'], ['', 'zone', 'Z07:00']];

/** time.Parse's error for `text` in RFC 3339 (MicroTime: with exactly six fraction digits), or undefined. */
export function timeError(text: string, micro: boolean): string | undefined {
  // The writes of a burst carry the same few timestamps: the last one accepted is not tested again.
  if (micro ? text === lastMicroTime : text === lastTime) return undefined;
  if ((micro ? PLAIN_MICRO_TIME : PLAIN_TIME).test(text) && plainDate(text)) {
    if (micro) lastMicroTime = text;
    else lastTime = text;
    return undefined;
  }
  const layout = micro ? RFC3339_MICRO : RFC3339;
  // Go works on bytes: one char per UTF-8 byte.
  const all = Buffer.from(text, 'utf8').toString('latin1');
  const cannot = (elem: string, rest: string) => `parsing time ${goQuote(all)} as ${goQuote(layout)}: cannot parse ${goQuote(rest)} as ${goQuote(elem)}`;
  const outOfRange = (what: string) => `parsing time ${goQuote(all)}: ${what} out of range`;
  const chunks = micro ? MICRO_CHUNKS : RFC3339_CHUNKS;
  let value = all;
  let year = 0;
  let month = -1;
  let day = -1;
  for (let i = 0; i < chunks.length; i++) {
    const [prefix, elem, stdstr] = chunks[i];
    for (const p of prefix) {
      if (!value.length || value[0] !== p) return cannot(prefix, value);
      value = value.slice(1);
    }
    const hold = value;
    let bad = false;
    let range = '';
    switch (elem) {
      case 'year': {
        const n = value.length >= 4 && isDigit(value, 0) ? atoi(value.slice(0, 4)) : undefined;
        if (n === undefined) bad = true;
        else [year, value] = [n, value.slice(4)];
        break;
      }
      case 'month': {
        const r = getnum(value, true);
        if (!r) {
          bad = true;
          break;
        }
        [month, value] = r;
        if (month <= 0 || month > 12) range = 'month';
        break;
      }
      case 'day': {
        const r = getnum(value, true);
        if (!r) bad = true;
        else [day, value] = r;
        break;
      }
      case 'hour':
      case 'minute': {
        const r = getnum(value, elem === 'minute');
        if (!r) {
          bad = true;
          break;
        }
        value = r[1];
        if (r[0] >= (elem === 'hour' ? 24 : 60)) range = elem;
        break;
      }
      case 'second': {
        const r = getnum(value, true);
        if (!r) {
          bad = true;
          break;
        }
        value = r[1];
        if (r[0] >= 60) {
          range = 'second';
          break;
        }
        // A fraction the layout does not have is taken here, any number of digits.
        if (!micro && value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigit(value, 1)) {
          let n = 2;
          while (n < value.length && isDigit(value, n)) n++;
          value = value.slice(n);
        }
        break;
      }
      case 'frac': {
        if (value.length < 7 || (value[0] !== '.' && value[0] !== ',')) {
          bad = true;
          break;
        }
        const ns = atoi(value.slice(1, 7));
        if (ns === undefined) bad = true;
        else if (ns < 0) range = 'fractional second';
        value = value.slice(7);
        break;
      }
      case 'zone': {
        if (value.length >= 1 && value[0] === 'Z') {
          value = value.slice(1);
          break;
        }
        if (value.length < 6 || value[3] !== ':') {
          bad = true;
          break;
        }
        const sign = value[0];
        const hr = getnum(value.slice(1, 3), true);
        const mm = hr ? getnum(value.slice(4, 6), true) : undefined;
        value = value.slice(6);
        if (!hr || !mm) bad = true;
        if (hr && hr[0] > 24) range = 'time zone offset hour';
        if (mm && mm[0] > 60) range = 'time zone offset minute';
        if (sign !== '+' && sign !== '-') bad = true;
        break;
      }
    }
    if (range) return outOfRange(range);
    if (bad) return cannot(stdstr, hold);
  }
  if (value.length) return `parsing time ${goQuote(all)}: extra text: ${goQuote(value)}`;
  if (day < 1 || day > daysIn(month, year)) return outOfRange('day');
  return undefined;
}

function isDigit(s: string, i: number): boolean {
  if (s.length <= i) return false;
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** time's getnum: one or two digits (exactly two when `fixed`). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [s.charCodeAt(0) - 48, s.slice(1)];
  return [(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), s.slice(2)];
}

/** time's atoi: an optional sign, then digits only. */
function atoi(s: string): number | undefined {
  const m = /^([+-]?)(\d+)$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[2]);
  return m[1] === '-' ? -n : n;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** time's quote: bytes outside printable ASCII as \xNN, `"` and `\` escaped. */
function goQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 || c < 0x20) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += c === 34 || c === 92 ? `\\${s[i]}` : s[i];
  }
  return out + '"';
}

// --- resource.Quantity: ParseQuantity --------------------------------------------------------

const QUANTITY_FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_NUMERIC = 'unable to parse numeric part of quantity';
const QUANTITY_SUFFIX = "unable to parse quantity's suffix";
const goodQuantities = new Set<string>();
const PLAIN_QUANTITY = /^[0-9]+(?:\.[0-9]+)?(?:m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;
const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** ParseQuantity's error for `str` (trimmed; JSON quotes removed), or undefined. */
export function quantityError(str: string): string | undefined {
  if (goodQuantities.has(str)) return undefined;
  if (PLAIN_QUANTITY.test(str)) {
    // A cluster's requests and limits are a few strings ("100m", "128Mi"): remembered, bounded.
    if (goodQuantities.size >= 1024) goodQuantities.clear();
    goodQuantities.add(str);
    return undefined;
  }
  if (str.length === 0) return QUANTITY_FORMAT_WRONG;
  if (str === '0') return undefined;
  const parsed = parseQuantityString(str);
  if (!parsed) return QUANTITY_FORMAT_WRONG;
  const { value, num, denom, suffix } = parsed;
  let exponent: number;
  let format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
  if (Object.prototype.hasOwnProperty.call(DECIMAL_SUFFIXES, suffix)) [exponent, format] = [DECIMAL_SUFFIXES[suffix], 'DecimalSI'];
  else if (Object.prototype.hasOwnProperty.call(BINARY_SUFFIXES, suffix)) [exponent, format] = [BINARY_SUFFIXES[suffix], 'BinarySI'];
  else if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?\d+$/.test(suffix.slice(1)) && Math.abs(Number(suffix.slice(1))) < 2 ** 63) {
    [exponent, format] = [Number(suffix.slice(1)), 'DecimalExponent'];
  } else {
    return QUANTITY_SUFFIX;
  }
  // The int64 fast path takes the digits whatever the sign and decimal point around them.
  let precision = 0;
  let scale = 0;
  if (format === 'BinarySI') {
    precision = exponent >= 0 && denom.length === 0 ? 15 - num.length - Math.trunc((exponent * 3) / 10) - 1 : -1;
  } else {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = num + denom;
      if (BigInt(shifted) > 9223372036854775807n) return QUANTITY_NUMERIC;
      return undefined;
    }
  }
  // inf.Dec's SetString: a sign, digits with at most one decimal point.
  return /^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(value) ? undefined : QUANTITY_NUMERIC;
}

/** parseQuantityString: undefined where it fails with ErrFormatWrong. */
function parseQuantityString(str: string): { value: string; num: string; denom: string; suffix: string } | undefined {
  let pos = 0;
  const end = str.length;
  if (str[0] === '-' || str[0] === '+') pos = 1;
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str, i)) i++;
  if (i >= end) return { value: str, num: str.slice(pos), denom: '', suffix: '' };
  let num = str.slice(pos, i);
  pos = i;
  if (num.length === 0) num = '0';
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str, i)) i++;
    if (i >= end) return { value: str, num, denom: str.slice(pos), suffix: '' };
    denom = str.slice(pos, i);
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  i = pos;
  while (i < end && 'eEinumkKMGTP'.includes(str[i])) i++;
  if (i >= end) return { value, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  i = pos;
  while (i < end && isDigit(str, i)) i++;
  if (i >= end) return { value, num, denom, suffix: str.slice(suffixStart) };
  return undefined;
}

// --- []byte: base64.StdEncoding.Decode --------------------------------------------------------

const PLAIN_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function isBase64Char(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
}

/** The input byte base64.StdEncoding.Decode reports as illegal in `s`, or undefined when it decodes. */
export function base64Error(s: string): number | undefined {
  if (s.length % 4 === 0 && PLAIN_BASE64.test(s)) return undefined;
  const src = Buffer.from(s, 'utf8');
  const len = src.length;
  const newline = (c: number) => c === 10 || c === 13;
  let si = 0;
  while (si < len) {
    for (let j = 0; j < 4; j++) {
      if (si === len) return j === 0 ? undefined : si - j;
      const c = src[si++];
      if (isBase64Char(c)) continue;
      if (newline(c)) {
        j--;
        continue;
      }
      if (c !== 61) return si - 1;
      // Padding: "==" after two characters, "=" after three, then nothing but newlines.
      if (j < 2) return si - 1;
      if (j === 2) {
        while (si < len && newline(src[si])) si++;
        if (si === len) return len;
        if (src[si] !== 61) return si - 1;
        si++;
      }
      while (si < len && newline(src[si])) si++;
      return si < len ? si : undefined;
    }
  }
  return undefined;
}
