// RFC 7386 JSON merge patch (application/merge-patch+json): objects merge, null deletes,
// everything else (lists included) replaces.

import { ApiError } from '../status';
import { deepClone, isObject, type JsonObject } from './json-value';

function merge(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return deepClone(patch);
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}

/** Applies a merge patch; `current` is not modified. A patch that is not an object is rejected as kube-apiserver does. */
export function applyMergePatch(current: unknown, patch: unknown): unknown {
  if (!isObject(patch)) throw ApiError.badRequest('Invalid JSON Patch');
  return merge(current, patch);
}
