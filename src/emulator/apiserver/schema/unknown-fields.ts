// Fields an object carries that its schema does not know: reported for fieldValidation=Strict|Warn
// (paths as kube-apiserver prints them: `spec.containers[0].foo`) and dropped from custom resources
// (structural pruning).
import type { SchemaNode } from '../schema-types';
import { TypeCheck } from './type-errors';

/**
 * Paths of the fields of `value` unknown to `schema`, in document order. `clean`: a value known
 * to have no unknown fields (the live object a status patch was applied to); subtrees of
 * `value` that are the same objects as `clean`'s at the same path are not walked. A kubelet's
 * status merge patch shares spec and metadata with the live pod, ~70 % of the walk.
 */
export function findUnknownFields(schema: SchemaNode, value: unknown, clean?: unknown): string[] {
  const out: string[] = [];
  walk(schema, value, [], false, out, clean);
  return out;
}

/**
 * findUnknownFields for a built-in kind, checking in the same walk that every value has the JSON
 * type its Go type decodes from: throws DecodeTypeError (type-errors.ts) with kube-apiserver's
 * decoding error otherwise. `clean` is also known to decode.
 */
export function findUnknownFieldsTyped(schema: SchemaNode, value: unknown, clean?: unknown): string[] {
  const out: string[] = [];
  const types = new TypeCheck(schema);
  walk(schema, value, [], false, out, clean, types);
  types.finish();
  return out;
}

/** Removes the fields of `value` unknown to `schema`, in place; returns their paths. */
export function pruneUnknownFields(schema: SchemaNode, value: unknown): string[] {
  const out: string[] = [];
  walk(schema, value, [], true, out);
  return out;
}

// Objects of embedded resources always accept these, whatever their schema lists.
const EMBEDDED_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

// The path is kept as a stack of field names and list indexes and printed only for an unknown
// field: almost every write has none, and building a string per visited value was most of the walk.
type Path = (string | number)[];

function walk(schema: SchemaNode, value: unknown, path: Path, remove: boolean, out: string[], clean?: unknown, types?: TypeCheck): void {
  if (value === clean) return;
  // Plain strings, most of the values, are checked here without a call.
  if (types !== undefined && !(typeof value === 'string' && schema.type === 'string' && schema.format === undefined) && !types.fits(schema, value, path)) return;
  if (value === null || typeof value !== 'object') return;
  if (schema.preserveUnknownFields && schema.type !== 'object') return;
  switch (schema.type) {
    case 'array':
      if (Array.isArray(value) && schema.items) {
        const cleanItems = Array.isArray(clean) ? clean : undefined;
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          walk(schema.items, value[i], path, remove, out, cleanItems?.[i], types);
          path.pop();
        }
      }
      return;
    case 'map':
      if (!Array.isArray(value) && schema.additionalProperties) {
        const obj = value as Record<string, unknown>;
        const cleanObj = cleanObject(clean);
        for (const key of Object.keys(obj)) {
          path.push(key);
          walk(schema.additionalProperties, obj[key], path, remove, out, cleanObj && own(cleanObj, key), types);
          path.pop();
        }
      }
      return;
    case 'object': {
      if (Array.isArray(value)) return;
      const obj = value as Record<string, unknown>;
      const properties = schema.properties ?? {};
      const cleanObj = cleanObject(clean);
      for (const key of Object.keys(obj)) {
        const child = Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : undefined;
        path.push(key);
        if (child) {
          walk(child, obj[key], path, remove, out, cleanObj && own(cleanObj, key), types);
        } else if (!schema.preserveUnknownFields && !(schema.embeddedResource && EMBEDDED_FIELDS.has(key))) {
          out.push(pathString(path));
          if (remove) delete obj[key];
        }
        path.pop();
      }
      return;
    }
    default:
      return;
  }
}

function cleanObject(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** An own property only: a key such as "constructor" must not find Object.prototype's. */
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

/** `spec.containers[0].foo`, as kube-apiserver prints the path of an unknown field. */
function pathString(path: Path): string {
  let s = '';
  for (const e of path) s += typeof e === 'number' ? `[${e}]` : s ? `.${e}` : e;
  return s;
}
