// Quantities for admission, on top of the shared parser in src/kube/quantity.ts: exact values
// in nano-units (kube's smallest unit) so requests compare with limits as Quantity.Cmp does.

import { tryParseQuantity } from '../../../kube/quantity';

/** kube's decode error for a malformed quantity. */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

// Pods repeat the same few quantity strings ("100m", "128Mi"); admission reads each several
// times (validation, QoS, defaults). Parsing into bigints was ~3 % of a pod create.
const NANOS_CACHE_LIMIT = 4096;
const nanosByText = new Map<string, bigint | undefined>();

/** The exact value in nano-units (rounded up below 1n), or undefined when `q` is not a quantity. */
export function quantityNanos(q: unknown): bigint | undefined {
  if (typeof q !== 'string') return parseNanos(q);
  if (nanosByText.has(q)) return nanosByText.get(q);
  const n = parseNanos(q);
  if (nanosByText.size >= NANOS_CACHE_LIMIT) nanosByText.clear();
  nanosByText.set(q, n);
  return n;
}

function parseNanos(q: unknown): bigint | undefined {
  const parsed = tryParseQuantity(q);
  if (!parsed) return undefined;
  let num = parsed.digits << BigInt(parsed.exp2);
  const e = parsed.exp10 + 9;
  if (e >= 0) num *= 10n ** BigInt(e);
  else {
    const den = 10n ** BigInt(-e);
    num = num / den + (num % den === 0n ? 0n : 1n);
  }
  return parsed.negative ? -num : num;
}

/** The quantity as the user wrote it (kube prints its canonical form; close enough for messages). */
export function quantityText(q: unknown): string {
  return String(q);
}
