// Fields an object carries that its schema does not know: reported for fieldValidation=Strict|Warn
// (paths as kube-apiserver prints them: `spec.containers[0].foo`) and dropped from custom resources
// (structural pruning).
import type { SchemaNode } from '../schema-types';

/** Paths of the fields of `value` unknown to `schema`, in document order. */
export function findUnknownFields(schema: SchemaNode, value: unknown): string[] {
  const out: string[] = [];
  walk(schema, value, '', false, out);
  return out;
}

/** Removes the fields of `value` unknown to `schema`, in place; returns their paths. */
export function pruneUnknownFields(schema: SchemaNode, value: unknown): string[] {
  const out: string[] = [];
  walk(schema, value, '', true, out);
  return out;
}

// Objects of embedded resources always accept these, whatever their schema lists.
const EMBEDDED_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

function walk(schema: SchemaNode, value: unknown, path: string, remove: boolean, out: string[]): void {
  if (value === null || typeof value !== 'object') return;
  if (schema.preserveUnknownFields && schema.type !== 'object') return;
  switch (schema.type) {
    case 'array':
      if (Array.isArray(value) && schema.items) {
        value.forEach((item, i) => walk(schema.items!, item, `${path}[${i}]`, remove, out));
      }
      return;
    case 'map':
      if (!Array.isArray(value) && schema.additionalProperties) {
        for (const [key, child] of Object.entries(value)) {
          walk(schema.additionalProperties, child, join(path, key), remove, out);
        }
      }
      return;
    case 'object': {
      if (Array.isArray(value)) return;
      const obj = value as Record<string, unknown>;
      const properties = schema.properties ?? {};
      for (const key of Object.keys(obj)) {
        const child = Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : undefined;
        if (child) {
          walk(child, obj[key], join(path, key), remove, out);
        } else if (!schema.preserveUnknownFields && !(schema.embeddedResource && EMBEDDED_FIELDS.has(key))) {
          out.push(join(path, key));
          if (remove) delete obj[key];
        }
      }
      return;
    }
    default:
      return;
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
