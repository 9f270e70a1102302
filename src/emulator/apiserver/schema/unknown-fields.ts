// Fields an object carries that its schema does not know: reported for fieldValidation=Strict|Warn
// (paths as kube-apiserver prints them: `spec.containers[0].foo`) and dropped from custom resources
// (structural pruning).
import type { SchemaNode } from '../schema-types';

/** Paths of the fields of `value` unknown to `schema`, in document order. */
export function findUnknownFields(schema: SchemaNode, value: unknown): string[] {
  const out: string[] = [];
  walk(schema, value, [], false, out);
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

function walk(schema: SchemaNode, value: unknown, path: Path, remove: boolean, out: string[]): void {
  if (value === null || typeof value !== 'object') return;
  if (schema.preserveUnknownFields && schema.type !== 'object') return;
  switch (schema.type) {
    case 'array':
      if (Array.isArray(value) && schema.items) {
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          walk(schema.items, value[i], path, remove, out);
          path.pop();
        }
      }
      return;
    case 'map':
      if (!Array.isArray(value) && schema.additionalProperties) {
        const obj = value as Record<string, unknown>;
        for (const key of Object.keys(obj)) {
          path.push(key);
          walk(schema.additionalProperties, obj[key], path, remove, out);
          path.pop();
        }
      }
      return;
    case 'object': {
      if (Array.isArray(value)) return;
      const obj = value as Record<string, unknown>;
      const properties = schema.properties ?? {};
      for (const key of Object.keys(obj)) {
        const child = Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : undefined;
        path.push(key);
        if (child) {
          walk(child, obj[key], path, remove, out);
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

/** `spec.containers[0].foo`, as kube-apiserver prints the path of an unknown field. */
function pathString(path: Path): string {
  let s = '';
  for (const e of path) s += typeof e === 'number' ? `[${e}]` : s ? `.${e}` : e;
  return s;
}
