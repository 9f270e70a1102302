// Reading and filling the plain JSON objects admission works on.

import type { Json } from './types';

/** The value as a list of objects, or [] when it is not an array. */
export function list(value: unknown): Json[] {
  return Array.isArray(value) ? value : [];
}

/** Sets `obj[field]` to `value` when it is absent (undefined or null). */
export function setDefault(obj: Json, field: string, value: unknown): void {
  if (obj[field] === undefined || obj[field] === null) obj[field] = value;
}

/** Deep equality of JSON values (key order ignored), as apiequality.Semantic.DeepEqual for our purposes. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == b;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!jsonEqual(ao[k], bo[k])) return false;
  return true;
}
