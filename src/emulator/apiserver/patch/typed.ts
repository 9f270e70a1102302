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
  | { kind: 'map-list'; item: SchemaNode | undefined; keys: string[]; elements?: Map<string, string> };

const LEAF: Shape = { kind: 'leaf' };
const UNTYPED: Shape = { kind: 'fields', schema: undefined, struct: false };

// The shape a schema node gives a value of the expected JSON type, computed once per node:
// apply walks the same nodes for every object.
const shapes = new WeakMap<SchemaNode, Shape>();

function schemaShape(schema: SchemaNode): Shape {
  let shape = shapes.get(schema);
  if (shape) return shape;
  switch (schema.type) {
    case 'object':
      if (schema.mapType === 'atomic') shape = LEAF;
      else if (schema.properties && Object.keys(schema.properties).length > 0) shape = { kind: 'fields', schema, struct: true };
      else if (schema.additionalProperties) shape = { kind: 'fields', schema, struct: false };
      else shape = UNTYPED;
      break;
    case 'map':
      shape = schema.mapType === 'atomic' ? LEAF : { kind: 'fields', schema, struct: false };
      break;
    case 'array': {
      const list = listTypeOf(schema);
      if (list === 'set') shape = { kind: 'set', item: schema.items };
      else if (list === 'map') shape = { kind: 'map-list', item: schema.items, keys: (schema.listMapKeys?.length ? schema.listMapKeys : [schema.patchMergeKey as string]).slice().sort() };
      else shape = LEAF;
      break;
    }
    case 'any':
      shape = UNTYPED;
      break;
    default:
      shape = LEAF;
  }
  shapes.set(schema, shape);
  return shape;
}

/** The shape of `value` under `schema`; a value that does not fit its schema is a leaf. */
export function shapeOf(schema: SchemaNode | undefined, value: unknown): Shape {
  if (!schema) return isObject(value) ? UNTYPED : LEAF;
  const shape = schemaShape(schema);
  if (shape.kind === 'leaf') return LEAF;
  if (shape.kind === 'fields') return isObject(value) ? shape : LEAF;
  return Array.isArray(value) ? shape : LEAF;
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

/** fieldOf(shape, key).schema without the result object (the walks call it for every field). */
export function fieldSchema(shape: { schema: SchemaNode | undefined; struct: boolean }, key: string): SchemaNode | undefined {
  const s = shape.schema;
  if (!s) return undefined;
  return (shape.struct && s.properties?.[key]) || s.additionalProperties;
}

/**
 * Whether field `k` of a struct that exists on both sides of a Go comparison is there even when
 * unset: a required (not omitempty) list or map is `null` in the zero object, so it is never
 * added or removed itself (a new Pod's `containers`), only its items are.
 */
export function presentWhenZero(shape: { schema: SchemaNode | undefined; struct: boolean }, k: string): boolean {
  const required = shape.struct ? shape.schema?.required : undefined;
  return required !== undefined && required.includes(k);
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

/** Bound of each single-key list's cache of elements (see itemElement). */
const ELEMENTS_LIMIT = 4096;

/** The path element of a list item: `k:{...}` for map lists, `v:<json>` for sets. */
export function itemElement(shape: Shape, item: unknown): string {
  if (shape.kind === 'set') return `v:${canonicalJson(item)}`;
  if (shape.kind !== 'map-list') throw new KeyError('not a keyed list');
  if (!isObject(item)) throw new KeyError('associative list with keys has an element that is not a map');
  if (shape.keys.length === 1) {
    const v = item[shape.keys[0]];
    if (typeof v === 'string') {
      // Lists keyed by one string (conditions by type, containers by name) repeat the same few
      // items in every object: the element is built once, and is then a string already hashed
      // when it becomes a key of a FieldSet or of a fieldsV1 object.
      const elements = (shape.elements ??= new Map());
      let pe = elements.get(v);
      if (pe === undefined) {
        if (elements.size >= ELEMENTS_LIMIT) elements.clear();
        pe = `k:{"${shape.keys[0]}":${JSON.stringify(v)}}`;
        elements.set(v, pe);
      }
      return pe;
    }
  }
  let out = 'k:{';
  for (let i = 0; i < shape.keys.length; i++) {
    const k = shape.keys[i];
    let v = item[k];
    if (v === undefined || v === null) {
      const d = (shape.item?.properties?.[k] as { default?: unknown } | undefined)?.default ?? KEY_DEFAULTS[k];
      if (d === undefined) throw new KeyError(`associative list with keys has an element that omits key field ${JSON.stringify(k)} (and doesn't have default value)`);
      v = d;
    }
    // Keys are sorted by name, values in canonical JSON: the same item always gets the same element.
    out += `${i ? ',' : ''}"${k}":${typeof v === 'string' ? JSON.stringify(v) : canonicalJson(v)}`;
  }
  return `${out}}`;
}

/** Items of a keyed list or set by path element, the first of duplicates; items without their keys are skipped (they cannot be owned). */
export function itemsByElement(list: unknown, shape: Shape): Map<string, unknown> {
  const m = new Map<string, unknown>();
  if (!Array.isArray(list)) return m;
  for (const item of list) {
    let pe: string;
    try {
      pe = itemElement(shape, item);
    } catch {
      continue;
    }
    if (!m.has(pe)) m.set(pe, item);
  }
  return m;
}
