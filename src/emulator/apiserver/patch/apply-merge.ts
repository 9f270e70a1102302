// The two value operations of server-side apply: merging the applied configuration into the
// live object by schema (struct fields recurse, map lists merge by key, sets union, atomic
// values replace), and pruning what the applier set last time and no manager owns any more.

import type { SchemaNode } from '../schema-types';
import type { FieldSet } from './fieldset';
import { isObject, type JsonObject } from './json-value';
import { fieldOf, itemElement, shapeOf, type Shape } from './typed';

function elementOf(shape: Shape, item: unknown): string | undefined {
  try {
    return itemElement(shape, item);
  } catch {
    return undefined;
  }
}

/**
 * Merges list items: applied items keep the applied order, and live-only items stay where
 * they were relative to the items around them.
 */
function mergeItems(lhs: unknown[], rhs: unknown[], shape: Shape & { item: SchemaNode | undefined }): unknown[] {
  const rKeys = rhs.map((r) => elementOf(shape, r));
  const rIndex = new Map<string, number>();
  rKeys.forEach((k, i) => k !== undefined && !rIndex.has(k) && rIndex.set(k, i));
  const lByKey = new Map<string, unknown>();
  for (const l of lhs) {
    const k = elementOf(shape, l);
    if (k !== undefined && !lByKey.has(k)) lByKey.set(k, l);
  }
  const out: unknown[] = [];
  let next = 0;
  const emitThrough = (end: number) => {
    for (; next <= end; next++) {
      const k = rKeys[next];
      out.push(mergeValue(k === undefined ? undefined : lByKey.get(k), rhs[next], shape.item));
    }
  };
  for (const l of lhs) {
    const k = elementOf(shape, l);
    const at = k === undefined ? undefined : rIndex.get(k);
    if (at === undefined) out.push(l);
    else if (at >= next) emitThrough(at);
  }
  emitThrough(rhs.length - 1);
  return out;
}

/** The applied value `rhs` merged into the live value `lhs`; null in `rhs` clears the field. */
export function mergeValue(lhs: unknown, rhs: unknown, schema: SchemaNode | undefined): unknown {
  if (rhs === undefined) return lhs;
  if (lhs === undefined || lhs === null || rhs === null) return rhs;
  const shape = shapeOf(schema, rhs);
  if (shape.kind === 'leaf' || shapeOf(schema, lhs).kind !== shape.kind) return rhs;
  if (shape.kind === 'fields') {
    const out: JsonObject = { ...(lhs as JsonObject) };
    for (const [k, v] of Object.entries(rhs as JsonObject)) {
      const m = mergeValue(out[k], v, fieldOf(shape, k).schema);
      if (m === null || m === undefined) delete out[k];
      else out[k] = m;
    }
    return out;
  }
  return mergeItems(lhs as unknown[], rhs as unknown[], shape);
}

/** In X⁺: in the set, or (for a declared struct field) the parent of something in the set. */
function inSetPlus(node: FieldSet | undefined, declared: boolean): boolean {
  return !!node && (node.member || (declared && node.children.size > 0));
}

/**
 * Removes from `value` the fields in `last` (what this manager applied before) that no
 * manager in `managed` owns now. A removed field goes with everything below it, as in
 * structured-merge-diff; fields in `last` below an unowned parent go too.
 */
export function pruneValue(value: unknown, schema: SchemaNode | undefined, last: FieldSet, managed: FieldSet | undefined, unownedAbove = false): unknown {
  const shape = shapeOf(schema, value);
  if (shape.kind === 'leaf' || last.children.size === 0) return value;
  if (shape.kind === 'fields') {
    let out: JsonObject | undefined;
    for (const [k, v] of Object.entries(value as JsonObject)) {
      const pe = `f:${k}`;
      const l = last.children.get(pe);
      if (!l) continue;
      const f = fieldOf(shape, k);
      const m = managed?.children.get(pe);
      const owned = inSetPlus(m, f.declared);
      let nv: unknown = v;
      if (inSetPlus(l, f.declared) && (!owned || unownedAbove)) nv = undefined;
      else nv = pruneValue(v, f.schema, l, m, unownedAbove || !owned);
      if (nv !== v) {
        out ??= { ...(value as JsonObject) };
        if (nv === undefined) delete out[k];
        else out[k] = nv;
      }
    }
    return out ?? value;
  }
  let changed = false;
  const items: unknown[] = [];
  for (const item of value as unknown[]) {
    const pe = elementOf(shape, item);
    const l = pe === undefined ? undefined : last.children.get(pe);
    if (!l || pe === undefined) {
      items.push(item);
      continue;
    }
    const m = managed?.children.get(pe);
    const owned = !!m?.member;
    if (l.member && (!owned || unownedAbove)) {
      changed = true;
      continue;
    }
    const nv = pruneValue(item, shape.item, l, m, unownedAbove || !owned);
    if (nv !== item) changed = true;
    items.push(nv);
  }
  return changed ? items : value;
}

/**
 * `obj` without metadata.managedFields (never part of a merge or a field set). Only the top
 * level and metadata are copied: merging never mutates, it builds new objects along changed
 * paths, so deeper values may be shared with the input.
 */
export function withoutManagedFields<T>(obj: T): T {
  if (!isObject(obj)) return obj;
  const out: JsonObject = { ...obj };
  if (isObject(out.metadata)) {
    const { managedFields: _drop, ...meta } = out.metadata;
    out.metadata = meta;
  }
  return out as T;
}
