// Reading and filling the plain JSON objects admission works on.

import type { Json } from './types';

/**
 * The value as a list of objects, or [] when it is not an array. Entries that are not objects
 * (client JSON can hold anything) read as {} so checks report them instead of crashing.
 */
export function list(value: unknown): Json[] {
  if (!Array.isArray(value)) return [];
  return value.every(isObject) ? value : value.map((v) => (isObject(v) ? v : {}));
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
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

/** The value as a plain object (a map of labels, data, ...), or {} when it is not one. */
export function record(value: unknown): Record<string, any> {
  return isObject(value) ? value : {};
}

/** The value as a list (of strings, usually), or [] when it is not an array. */
export function values(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}
