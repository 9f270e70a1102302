// The managedFields of a create, written directly. A create's manager owns what the diff
// against {} adds (compareObjects, then the ignored and never-owned fields removed); building
// that FieldSet trie, copying it twice for the set differences and encoding it was ~40 % of a
// pod create. This walk gives the same fieldsV1, key for key, in one pass over the object.

import type { SchemaNode } from '../schema-types';
import type { FieldSet } from './fieldset';
import { isObject } from './json-value';
import { sortSmall } from './sort-small';
import { fieldSchema, itemsByElement, presentWhenZero, shapeOf } from './typed';

type FieldsV1 = Record<string, unknown>;

// `f:<name>` for field names seen before: the same few hundred names recur in every object of
// a kind, and a cached string is already hashed when it becomes a key of the output (or of a
// FieldSet: compareValue's paths use them too).
const FIELD_ELEMENTS_LIMIT = 20_000;
const fieldElements = new Map<string, string>();

export function fieldElement(name: string): string {
  let pe = fieldElements.get(name);
  if (pe === undefined) {
    if (fieldElements.size >= FIELD_ELEMENTS_LIMIT) fieldElements.clear();
    pe = `f:${name}`;
    fieldElements.set(name, pe);
  }
  return pe;
}

/**
 * The fieldsV1 value of what compareValue(undefined, r) adds at and below a path of length
 * `depth`, minus the exact paths of `stripped` (a difference: membership goes, children stay).
 * Undefined when that is nothing; `{}` for an owned leaf; `.` first for an owned parent.
 * `owned`: `r` is a list item or map value, or inside one (all of it is new: even its structs
 * are added themselves). `present`: a required list or map, never added itself outside one
 * (see presentWhenZero in typed.ts).
 * Siblings always share their kind of element (all `f:`, all `k:` or all `v:`), so plain
 * string order is structured-merge-diff's order here.
 */
export function added(r: unknown, schema: SchemaNode | undefined, depth: number, stripped: FieldSet | undefined, owned: boolean, present = false): FieldsV1 | undefined {
  if (r === undefined) return undefined;
  // A null is a value only in a list item or map value (see compareValue).
  if (r === null) return owned && !stripped?.member ? {} : undefined;
  // A scalar is a leaf whatever the schema says (most values: no shape lookup for them).
  if (typeof r !== 'object') return stripped?.member ? undefined : {};
  const shape = shapeOf(schema, r);
  const keys = shape.kind === 'fields' ? Object.keys(r) : undefined;
  // A scalar, atomic value or empty object is added itself; a map or list also is, below the
  // top level; a struct is only inside a new list item or map value (kube-apiserver diffs Go
  // objects, where other structs always exist).
  const leaf = shape.kind === 'leaf' || keys?.length === 0;
  const struct = shape.kind === 'fields' && shape.struct;
  const member = (leaf || (depth > 1 && !present && (owned || !struct))) && !stripped?.member;
  if (leaf) return member ? {} : undefined;
  const out: FieldsV1 = member ? { '.': {} } : {};
  let children = 0;
  if (shape.kind === 'fields') {
    const ro = r as Record<string, unknown>;
    const ownedFields = owned || !struct;
    for (const k of sortSmall(keys!)) {
      const pe = fieldElement(k);
      const v = added(ro[k], fieldSchema(shape, k), depth + 1, stripped?.children.get(pe), ownedFields, !ownedFields && presentWhenZero(shape, k));
      if (v !== undefined) {
        out[pe] = v;
        children++;
      }
    }
  } else {
    const items = itemsByElement(r, shape);
    for (const pe of sortSmall(Array.from(items.keys()))) {
      const v = added(items.get(pe), shape.item, depth + 1, undefined, true);
      if (v !== undefined) {
        out[pe] = v;
        children++;
      }
    }
  }
  if (children > 0) return out;
  return member ? {} : undefined;
}

/**
 * The fieldsV1 an Update manager gets for creating `obj` (managedFields already removed):
 * every field it sets, without `status` when `ignoreStatus`, without the fields no manager
 * owns (`stripped`). Undefined when that is nothing, or when `obj` is not a typed object
 * (the caller then takes the general path).
 */
export function createdFieldsV1(obj: unknown, schema: SchemaNode | undefined, ignoreStatus: boolean, stripped: FieldSet): { fieldsV1: FieldsV1 | undefined } | undefined {
  if (!isObject(obj) || Object.keys(obj).length === 0) return undefined;
  const shape = shapeOf(schema, obj);
  if (shape.kind !== 'fields') return undefined;
  let out: FieldsV1 | undefined;
  for (const k of sortSmall(Object.keys(obj))) {
    if (ignoreStatus && k === 'status') continue;
    const pe = fieldElement(k);
    const v = added(obj[k], fieldSchema(shape, k), 1, stripped.children.get(pe), !shape.struct);
    if (v !== undefined) (out ??= {})[pe] = v;
  }
  return { fieldsV1: out };
}
