// Kubernetes resource quantities ("100m", "1Gi", "1e3", "0.5") as exact integers.
// Arithmetic is done on BigInt so "0.1" cpu is exactly 100 milli-units, never 101
// through floating-point rounding; results are returned as numbers (safe up to 2^53).

export class QuantityParseError extends Error {
  constructor(
    readonly input: string,
    readonly problem: string,
  ) {
    super(`quantity "${input}" is invalid: ${problem}`);
    this.name = 'QuantityParseError';
  }
}

const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const KNOWN_SUFFIXES = 'n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent such as e3';

/** A parsed quantity: value = sign * digits * 10^exp10 * 2^exp2. */
export interface Quantity {
  negative: boolean;
  digits: bigint;
  exp10: number;
  exp2: number;
}

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/;

export function parseQuantity(input: string | number): Quantity {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new QuantityParseError(String(input), 'the number is not finite');
    input = String(input);
  }
  const text = input.trim();
  if (text === '') throw new QuantityParseError(input, 'it is empty; write a number with an optional suffix, e.g. "500m" or "1Gi"');
  const m = NUMBER.exec(text);
  if (!m) throw new QuantityParseError(input, 'it does not start with a number');
  const [, sign, whole = '', fraction = '', suffix = ''] = m;
  if (whole === '' && fraction === '') {
    throw new QuantityParseError(input, 'it does not start with a number (e.g. "500m", "1Gi", "2")');
  }
  const digits = BigInt((whole + fraction).replace(/^0+(?=\d)/, '') || '0');
  let exp10 = -fraction.length;
  let exp2 = 0;
  if (suffix in BINARY_SUFFIXES) {
    exp2 = BINARY_SUFFIXES[suffix];
  } else if (suffix in DECIMAL_SUFFIXES) {
    exp10 += DECIMAL_SUFFIXES[suffix];
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    exp10 += Number(suffix.slice(1));
  } else if (/\s/.test(suffix)) {
    throw new QuantityParseError(input, 'it contains a space between the number and the suffix');
  } else {
    throw new QuantityParseError(input, `unknown suffix "${suffix}" (expected ${KNOWN_SUFFIXES})`);
  }
  return { negative: sign === '-' && digits !== 0n, digits, exp10, exp2 };
}

/** ceil(q * 10^scale) as a number, rounding up like Quantity.ScaledValue. */
function scaled(q: Quantity, scale: number): number {
  let num = q.digits << BigInt(q.exp2);
  let den = 1n;
  const e = q.exp10 + scale;
  if (e >= 0) num *= 10n ** BigInt(e);
  else den = 10n ** BigInt(-e);
  // Round away from zero for positives (Kubernetes rounds up), toward zero magnitude for negatives.
  let v = num / den;
  if (num % den !== 0n) v += 1n;
  const n = Number(v);
  return q.negative ? -n : n;
}

/** The quantity in milli-units ("100m" -> 100, "1" -> 1000, "0.1" -> 100). */
export function toMilli(input: string | number | Quantity): number {
  return scaled(typeof input === 'object' ? input : parseQuantity(input), 3);
}

/** The quantity as an integer, rounded up ("1Gi" -> 1073741824, "100m" -> 1). */
export function toInteger(input: string | number | Quantity): number {
  return scaled(typeof input === 'object' ? input : parseQuantity(input), 0);
}

/** Bytes are plain integers; the alias says what the caller means. */
export const toBytes = toInteger;

/** The value as a floating-point number, for display and ratios. */
export function toNumber(input: string | number | Quantity): number {
  const q = typeof input === 'object' ? input : parseQuantity(input);
  const v = Number(q.digits) * 10 ** q.exp10 * 2 ** q.exp2;
  return q.negative ? -v : v;
}

/** Like parseQuantity but never throws: undefined for a malformed quantity. */
export function tryParseQuantity(input: unknown): Quantity | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') return undefined;
  try {
    return parseQuantity(input);
  } catch {
    return undefined;
  }
}

/** Formats milli-units as Kubernetes prints cpu: "250m", "2". */
export function formatMilli(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Formats bytes with the largest exact binary suffix: "1Gi", "512Mi", "1000". */
export function formatBytes(bytes: number): string {
  const units: Array<[string, number]> = [['Ei', 60], ['Pi', 50], ['Ti', 40], ['Gi', 30], ['Mi', 20], ['Ki', 10]];
  for (const [suffix, shift] of units) {
    const unit = 2 ** shift;
    if (bytes !== 0 && bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}
