// Walks of typed values that structured-merge-diff defines: the field set a value sets
// (ToFieldSet) and the comparison of two values (Compare: added, removed, modified paths).

import type { SchemaNode } from '../schema-types';
import { FieldSet, pathString } from './fieldset';
import { added, fieldElement } from './created-fields';
import { deepEqual, isObject } from './json-value';
import { fieldAllowed, fieldOf, fieldSchema, itemElement, itemsByElement, KeyError, presentWhenZero, shapeOf } from './typed';

/** A value that cannot be typed (undeclared field, duplicate or key-less list item). */
export class SchemaMismatchError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `${path}: ${reason}` : reason);
  }
}

interface WalkOptions {
  /** Report undeclared fields and duplicate list items (the applied object); else be lenient (live objects). */
  strict: boolean;
}

function visit(value: unknown, schema: SchemaNode | undefined, node: FieldSet, path: string[], opts: WalkOptions): void {
  const shape = shapeOf(schema, value);
  if (shape.kind === 'leaf') {
    node.member = true;
    return;
  }
  if (shape.kind === 'fields') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      const pe = `f:${k}`;
      if (opts.strict && !fieldAllowed(shape, k)) throw new SchemaMismatchError(pathString([...path, pe]), 'field not declared in schema');
      const f = fieldOf(shape, k);
      const c = node.child(pe);
      if (v !== null) {
        path.push(pe);
        visit(v, f.schema, c, path, opts);
        path.pop();
      }
      if (v === null || !f.declared || (isObject(v) && Object.keys(v).length === 0)) c.member = true;
      if (!c.member && c.children.size === 0) node.deleteChild(pe);
    }
    return;
  }
  const seen = opts.strict ? new Set<string>() : undefined;
  for (const item of value as unknown[]) {
    let pe: string;
    try {
      pe = itemElement(shape, item);
    } catch (e) {
      if (e instanceof KeyError && opts.strict) throw new SchemaMismatchError(pathString(path), e.message);
      continue;
    }
    if (seen) {
      if (seen.has(pe)) throw new SchemaMismatchError(pathString(path), `duplicate entries for key ${pathString([pe])}`);
      seen.add(pe);
    }
    const c = node.child(pe);
    path.push(pe);
    visit(item, shape.item, c, path, opts);
    path.pop();
    c.member = true;
  }
}

/** The fields `obj` sets, as structured-merge-diff's ToFieldSet computes them. */
export function fieldSetOf(obj: unknown, schema: SchemaNode | undefined, strict = false): FieldSet {
  const s = new FieldSet();
  if (isObject(obj)) visit(obj, schema, s, [], { strict });
  s.member = false;
  return s;
}

export interface Comparison {
  added: FieldSet;
  removed: FieldSet;
  modified: FieldSet;
}

function isEmptyish(v: unknown): boolean {
  return v === undefined || v === null || (isObject(v) && !hasKeys(v));
}

/** Object.keys(o).length > 0 without the key array. */
function hasKeys(o: Record<string, unknown>): boolean {
  for (const _ in o) return true;
  return false;
}

function compareLeaf(l: unknown, r: unknown, path: string[], out: Comparison): void {
  if (l === undefined || l === null) {
    if (r !== undefined && r !== null) out.added.insert(path);
  } else if (r === undefined || r === null) out.removed.insert(path);
  else if (!deepEqual(l, r)) out.modified.insert(path);
}

/**
 * `owned`: the value is a list item, a map-typed field's value, or inside one that one side
 * lacks, so it is added or removed itself even when it is a struct (see the end). `present`:
 * see presentWhenZero.
 */
function compareValue(l: unknown, r: unknown, schema: SchemaNode | undefined, path: string[], out: Comparison, owned: boolean, present = false): void {
  // The same value on both sides changes nothing. Updates share untouched subtrees with the
  // live object (a status write keeps the live spec), so this skips most of the walk.
  if (l === r) return;
  // In a list item or map value a null is a value (a new condition's `lastProbeTime: null`
  // is owned, as the Go object always has it); elsewhere it counts as absent, as the zero value.
  if (owned && (l === null || r === null)) {
    if (l === undefined) return void out.added.insert(path);
    if (r === undefined) return void out.removed.insert(path);
    if (typeof l !== 'object' || typeof r !== 'object') return void out.modified.insert(path);
  }
  // Scalars are leaves whatever the schema says: no shape lookup for most values.
  if ((r !== undefined && typeof r !== 'object') || ((r === undefined || r === null) && (typeof l !== 'object' || l === null))) {
    compareLeaf(l, r, path, out);
    return;
  }
  const lAbsent = l === undefined || l === null;
  const rAbsent = r === undefined || r === null;
  if (lAbsent && !rAbsent && path.length > 0) {
    addedSubtree(r, schema, path, out.added, owned, present);
    return;
  }
  const shape = shapeOf(schema, rAbsent ? l : r);
  if (shape.kind === 'leaf' || (!lAbsent && shapeOf(schema, l) !== shape) || (shape.kind === 'fields' && isEmptyish(l) && isEmptyish(r))) {
    compareLeaf(l, r, path, out);
    return;
  }
  if (shape.kind === 'fields') {
    const lo = (isObject(l) ? l : {}) as Record<string, unknown>;
    const ro = (isObject(r) ? r : {}) as Record<string, unknown>;
    // A struct's fields exist (as zero values) wherever the struct does in a Go object; a
    // map's values do not.
    const ownedFields = !shape.struct || (owned && (lAbsent || rAbsent));
    for (const k in ro) {
      path.push(fieldElement(k));
      compareValue(lo[k], ro[k], fieldSchema(shape, k), path, out, ownedFields, !ownedFields && presentWhenZero(shape, k));
      path.pop();
    }
    for (const k in lo) {
      if (k in ro) continue;
      path.push(fieldElement(k));
      compareValue(lo[k], undefined, fieldSchema(shape, k), path, out, ownedFields, !ownedFields && presentWhenZero(shape, k));
      path.pop();
    }
  } else {
    const li = itemsByElement(l, shape);
    const ri = itemsByElement(r, shape);
    for (const [pe, item] of ri) {
      path.push(pe);
      compareValue(li.get(pe), item, shape.item, path, out, true);
      path.pop();
    }
    for (const [pe, item] of li) {
      if (ri.has(pe)) continue;
      path.push(pe);
      compareValue(item, undefined, shape.item, path, out, true);
      path.pop();
    }
  }
  // kube-apiserver compares against Go objects, where top-level fields and nested structs
  // exist as zero values, so a struct (or any top-level field) is never itself "added";
  // maps and lists are, and so is everything in a list item or map value that one side lacks
  // (structured-merge-diff adds or removes every path whose other side is absent).
  if (path.length <= 1 || present || (shape.kind === 'fields' && shape.struct && !owned)) return;
  if (lAbsent) out.added.insert(path);
  else if (rAbsent) out.removed.insert(path);
}

/**
 * compareValue(undefined, r) at `path`: all of `r` is added. One walk grafted at the path,
 * instead of a path array and an insert from the root per leaf: a kubelet's first status write
 * adds most of its status this way. The walk is created-fields' (the same paths, as fieldsV1):
 * the subtree is kept as that fieldsV1 and, unless something reads it, written out as it is,
 * without a FieldSet node or Map per path.
 */
function addedSubtree(r: unknown, schema: SchemaNode | undefined, path: string[], out: FieldSet, owned: boolean, present: boolean): void {
  const fields = added(r, schema, path.length, undefined, owned, present);
  if (!fields) return;
  let parent = out;
  for (let i = 0; i < path.length - 1; i++) parent = parent.child(path[i]);
  parent.setChild(path[path.length - 1], FieldSet.fromCanonical(fields));
}

/** What changed from `lhs` to `rhs`, by field path. */
export function compareObjects(lhs: unknown, rhs: unknown, schema: SchemaNode | undefined): Comparison {
  const out: Comparison = { added: new FieldSet(), removed: new FieldSet(), modified: new FieldSet() };
  const l = lhs ?? {};
  const r = rhs ?? {};
  if (isObject(l) && isObject(r) && !hasKeys(l) && hasKeys(r)) {
    const shape = shapeOf(schema, r);
    if (shape.kind === 'fields') {
      // A create (the diff against {}): every field of `r` is added; nothing is removed or modified.
      for (const k in r) {
        const fields = added(r[k], fieldSchema(shape, k), 1, undefined, !shape.struct);
        if (fields) out.added.setChild(`f:${k}`, FieldSet.fromCanonical(fields));
      }
      return out;
    }
  }
  compareValue(l, r, schema, [], out, false);
  return out;
}
