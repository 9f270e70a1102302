// Strategic merge patch (application/strategic-merge-patch+json), with the semantics of
// k8s.io/apimachinery's strategicpatch as kube-apiserver runs it (MergeParallelList,
// IgnoreUnmatchedNulls): lists whose field has patchStrategy "merge" are merged by their
// patchMergeKey (primitive lists are unioned), other lists replace; null deletes; and the
// directives $patch, $retainKeys, $deleteFromPrimitiveList/<f>, $setElementOrder/<f>.

import type { SchemaNode } from '../schema-types';
import { ApiError } from '../status';
import { deepClone, goFormat, isObject, type JsonObject } from './json-value';
import { PatchNotApplicableError, serverError } from './patch-errors';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';
const SET_ORDER = '$setElementOrder/';

/** Media types kube-apiserver accepts for PATCH of a custom resource (no strategic merge). */
export const CUSTOM_RESOURCE_PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

// kube-apiserver answers mergepatch.Err* values with 400 or 422; any other merge error is a
// plain Go error, which reaches the client as a 500.
const badRequest = (m: string) => ApiError.badRequest(m);
const unprocessable = (m: string) => new PatchNotApplicableError(m);

function childSchema(schema: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!schema) return undefined;
  if (schema.properties && key in schema.properties) return schema.properties[key];
  if (schema.type === 'map') return schema.additionalProperties;
  return undefined;
}

function strategyOf(field: SchemaNode | undefined): { merge: boolean; replace: boolean; mergeKey?: string } {
  const s = field?.patchStrategy ?? '';
  return { merge: s.split(',').includes('merge'), replace: s === 'replace', mergeKey: field?.patchMergeKey };
}

function sameItem(a: unknown, b: unknown, mergeKey: string | undefined): boolean {
  if (mergeKey) return isObject(a) && isObject(b) && a[mergeKey] === b[mergeKey] && a[mergeKey] !== undefined;
  return a === b;
}

function indexIn(list: unknown[], item: unknown, mergeKey: string | undefined): number {
  for (let i = 0; i < list.length; i++) if (sameItem(list[i], item, mergeKey)) return i;
  return -1;
}

/**
 * Interleaves server-only items (left) into the patch items (right), keeping each side's
 * relative order and using the live order to decide where a server-only item goes.
 */
function mergeSorted(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string | undefined): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey);
      const ri = indexIn(serverOrder, right[j], mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

function sortBy(items: unknown[], order: unknown[], mergeKey: string | undefined): unknown[] {
  return items
    .map((item, n) => ({ item, n, at: indexIn(order, item, mergeKey) }))
    .sort((a, b) => a.at - b.at || a.n - b.n)
    .map((x) => x.item);
}

/** Puts the merged list in the order the patch asks for, server-only items where they were. */
function normalizeOrder(merged: unknown[], patchOrder: unknown[], original: unknown[], mergeKey: string | undefined): unknown[] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) (indexIn(patchOrder, item, mergeKey) >= 0 ? inPatch : serverOnly).push(item);
  return mergeSorted(sortBy(serverOnly, original, mergeKey), sortBy(inPatch, patchOrder, mergeKey), original, mergeKey);
}

function checkNoListOfLists(items: unknown[]): void {
  if (items.some(Array.isArray)) throw unprocessable('lists of lists are not supported');
}

/** Merges a list whose field has patchStrategy merge. */
function mergeList(original: unknown[], patch: unknown[], itemSchema: SchemaNode | undefined, mergeKey: string | undefined, fieldName: string): unknown[] {
  checkNoListOfLists(original);
  checkNoListOfLists(patch);
  const isMapList = [...original, ...patch].some(isObject);
  if (!isMapList) {
    const merged: unknown[] = [];
    for (const v of [...original, ...patch]) if (!merged.includes(v)) merged.push(v);
    return normalizeOrder(merged, patch, original, undefined);
  }
  if (!mergeKey) throw serverError(`cannot merge lists without merge key for ${fieldName}`);
  let base = original.slice();
  let items: unknown[] = [];
  let replace = false;
  for (const p of patch) {
    if (!isObject(p)) throw serverError(`${goFormat(p)} is not a map`);
    const directive = p[DIRECTIVE];
    if (directive === undefined) {
      items.push(p);
    } else if (directive === 'delete') {
      if (!(mergeKey in p)) throw serverError(`map: ${goFormat(p)} does not contain declared merge key: ${mergeKey}`);
      base = base.filter((o) => !sameItem(o, p, mergeKey));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw serverError('merging lists cannot yet be specified in the patch');
    } else {
      throw serverError(`unknown patch type: ${String(directive)} in map: ${goFormat(p)}`);
    }
  }
  if (replace) {
    base = items.map((p) => mergeMap({}, p as JsonObject, itemSchema));
    items = [];
  }
  for (const p of items as JsonObject[]) {
    if (!(mergeKey in p)) throw serverError(`map: ${goFormat(p)} does not contain declared merge key: ${mergeKey}`);
    const at = indexIn(base, p, mergeKey);
    if (at >= 0) base[at] = mergeMap(isObject(base[at]) ? (base[at] as JsonObject) : {}, p, itemSchema);
    else base.push(mergeMap({}, p, itemSchema));
  }
  return normalizeOrder(base, items, original, mergeKey);
}

/** A value absent from the original: taken from the patch, with nulls and directives resolved. */
function fresh(patchV: unknown, field: SchemaNode | undefined, key: string): unknown {
  if (isObject(patchV)) return strategyOf(field).replace ? stripNulls(patchV) : mergeMap({}, patchV, field);
  if (Array.isArray(patchV) && strategyOf(field).merge) return mergeList([], patchV, field?.items, field?.patchMergeKey, key);
  return deepClone(patchV);
}

function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = stripNulls(x);
  return out;
}

function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  const keys = patch[RETAIN_KEYS];
  if (!Array.isArray(keys)) throw badRequest('invalid patch format of retainKeys');
  const retained = new Set(keys.map(String));
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k === RETAIN_KEYS || k === DIRECTIVE || k.startsWith(DELETE_PRIMITIVE) || k.startsWith(SET_ORDER)) continue;
    if (!retained.has(k)) throw unprocessable("patch content doesn't match retainKeys list");
  }
  for (const k of Object.keys(original)) if (!retained.has(k)) delete original[k];
}

function mergeMap(originalIn: JsonObject, patchIn: JsonObject, schema: SchemaNode | undefined): JsonObject {
  const directive = patchIn[DIRECTIVE];
  if (directive !== undefined) {
    if (directive === 'delete') return {};
    if (directive !== 'replace') throw serverError(`unknown patch type: ${String(directive)} in map: ${goFormat(patchIn)}`);
    const { [DIRECTIVE]: _drop, ...rest } = patchIn;
    return mergeMap({}, rest, schema);
  }
  const original: JsonObject = { ...originalIn };
  const patch: JsonObject = { ...patchIn };
  if (RETAIN_KEYS in patch) {
    applyRetainKeys(original, patch);
    delete patch[RETAIN_KEYS];
  }
  for (const k of Object.keys(patch)) {
    if (!k.startsWith(DELETE_PRIMITIVE)) continue;
    const field = k.slice(DELETE_PRIMITIVE.length);
    const drop = patch[k];
    if (!Array.isArray(drop)) throw badRequest('invalid patch format of primitive list');
    if (Array.isArray(original[field])) original[field] = (original[field] as unknown[]).filter((v) => !drop.includes(v));
    delete patch[k];
  }
  for (const k of Object.keys(patch)) {
    if (!k.startsWith(SET_ORDER)) continue;
    const field = k.slice(SET_ORDER.length);
    const order = patch[k];
    delete patch[k];
    if (!Array.isArray(order)) throw badRequest('invalid patch format of setElementOrder list');
    const fieldSchema = childSchema(schema, field);
    const { merge, mergeKey } = strategyOf(fieldSchema);
    const base = Array.isArray(original[field]) ? (original[field] as unknown[]) : [];
    let merged = base;
    if (field in patch) {
      const patchList = patch[field];
      delete patch[field];
      if (patchList === null) {
        delete original[field];
        continue;
      }
      if (!Array.isArray(patchList)) throw badRequest('invalid patch format of setElementOrder list');
      merged = merge ? mergeList(base, patchList, fieldSchema?.items, mergeKey, field) : patchList.map(deepClone);
    }
    const key = merged.some(isObject) ? mergeKey : undefined;
    original[field] = normalizeOrder(merged, order, base, key);
  }
  for (const [k, patchV] of Object.entries(patch)) {
    if (patchV === null) {
      delete original[k];
      continue;
    }
    const field = childSchema(schema, k);
    const origV = original[k];
    if (origV === undefined || Array.isArray(origV) !== Array.isArray(patchV) || isObject(origV) !== isObject(patchV)) {
      original[k] = fresh(patchV, field, k);
    } else if (isObject(patchV)) {
      original[k] = strategyOf(field).replace ? stripNulls(patchV) : mergeMap(origV as JsonObject, patchV, field);
    } else if (Array.isArray(patchV)) {
      const { merge, mergeKey } = strategyOf(field);
      original[k] = merge ? mergeList(origV as unknown[], patchV, field?.items, mergeKey, k) : deepClone(patchV);
    } else {
      original[k] = patchV;
    }
  }
  return original;
}

/**
 * Applies a strategic merge patch; `current` is not modified. `schema` is the kind's type
 * graph; without one (a custom resource) kube-apiserver refuses the patch type with 415.
 */
export function applyStrategicMergePatch(current: unknown, patch: unknown, schema: SchemaNode | undefined): unknown {
  if (!schema) throw ApiError.unsupportedMediaType('application/strategic-merge-patch+json', CUSTOM_RESOURCE_PATCH_TYPES);
  if (!isObject(patch)) throw badRequest(`json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}`);
  return mergeMap(isObject(current) ? deepClone(current) : {}, patch, schema);
}
