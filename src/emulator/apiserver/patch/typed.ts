// How server-side apply sees a SchemaNode: structs (declared fields), granular or atomic
// maps, lists that are atomic, sets or maps keyed by listMapKeys, and scalars. Without a
// schema (or below x-kubernetes-preserve-unknown-fields) types are deduced from values, as
// structured-merge-diff does: objects are granular maps, lists are atomic.

import type { SchemaNode } from '../schema-types';
import { canonicalJson, isObject } from './json-value';

export type Shape =
  | { kind: 'leaf' }
  | { kind: 'fields'; schema: SchemaNode | undefined; struct: boolean }
  | { kind: 'set'; item: SchemaNode | undefined }
  | { kind: 'map-list'; item: SchemaNode | undefined; keys: string[] };

const LEAF: Shape = { kind: 'leaf' };

/** The shape of `value` under `schema`; a value that does not fit its schema is a leaf. */
export function shapeOf(schema: SchemaNode | undefined, value: unknown): Shape {
  if (!schema || schema.type === 'any') return isObject(value) ? { kind: 'fields', schema: undefined, struct: false } : LEAF;
  switch (schema.type) {
    case 'object':
      if (!isObject(value) || schema.mapType === 'atomic') return LEAF;
      if (schema.properties && Object.keys(schema.properties).length > 0) return { kind: 'fields', schema, struct: true };
      if (schema.additionalProperties) return { kind: 'fields', schema, struct: false };
      return { kind: 'fields', schema: undefined, struct: false };
    case 'map':
      return isObject(value) && schema.mapType !== 'atomic' ? { kind: 'fields', schema, struct: false } : LEAF;
    case 'array': {
      if (!Array.isArray(value)) return LEAF;
      const list = listTypeOf(schema);
      if (list === 'set') return { kind: 'set', item: schema.items };
      if (list === 'map') return { kind: 'map-list', item: schema.items, keys: (schema.listMapKeys?.length ? schema.listMapKeys : [schema.patchMergeKey as string]).slice().sort() };
      return LEAF;
    }
    default:
      return LEAF;
  }
}

/** x-kubernetes-list-type, or what the strategic-merge tags imply when it is absent. */
function listTypeOf(schema: SchemaNode): 'atomic' | 'set' | 'map' {
  if (schema.listType) return schema.listType === 'map' && !schema.listMapKeys?.length && !schema.patchMergeKey ? 'atomic' : schema.listType;
  if (schema.patchStrategy?.split(',').includes('merge')) return schema.patchMergeKey ? 'map' : 'set';
  return 'atomic';
}

/** The schema of field `key` of a `fields` shape, and whether it is a declared struct field. */
export function fieldOf(shape: { schema: SchemaNode | undefined; struct: boolean }, key: string): { schema: SchemaNode | undefined; declared: boolean } {
  const s = shape.schema;
  if (!s) return { schema: undefined, declared: false };
  if (shape.struct) {
    const f = s.properties?.[key];
    if (f) return { schema: f, declared: true };
    return { schema: s.additionalProperties, declared: false };
  }
  return { schema: s.additionalProperties, declared: false };
}

/** Whether `key` may appear in a struct: declared, or the struct keeps unknown fields. */
export function fieldAllowed(shape: { schema: SchemaNode | undefined; struct: boolean }, key: string): boolean {
  const s = shape.schema;
  return !shape.struct || !s || key in (s.properties ?? {}) || !!s.preserveUnknownFields || !!s.additionalProperties;
}

// Defaults of list-map key fields that the built-in OpenAPI declares (ports are keyed by
// containerPort+protocol and protocol defaults to TCP), used when an element omits them.
const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

export class KeyError extends Error {}

/** The path element of a list item: `k:{...}` for map lists, `v:<json>` for sets. */
export function itemElement(shape: Shape, item: unknown): string {
  if (shape.kind === 'set') return `v:${canonicalJson(item)}`;
  if (shape.kind !== 'map-list') throw new KeyError('not a keyed list');
  if (!isObject(item)) throw new KeyError('associative list with keys has an element that is not a map');
  const key: Record<string, unknown> = {};
  for (const k of shape.keys) {
    let v = item[k];
    if (v === undefined || v === null) {
      const d = (shape.item?.properties?.[k] as { default?: unknown } | undefined)?.default ?? KEY_DEFAULTS[k];
      if (d === undefined) throw new KeyError(`associative list with keys has an element that omits key field ${JSON.stringify(k)} (and doesn't have default value)`);
      v = d;
    }
    key[k] = v;
  }
  return `k:${canonicalJson(key)}`;
}
