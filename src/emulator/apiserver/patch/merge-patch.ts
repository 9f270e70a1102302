// RFC 7386 JSON merge patch (application/merge-patch+json): objects merge, null deletes,
// everything else (lists included) replaces.

import { ApiError } from '../status';
import { deepClone, isObject, type JsonObject } from './json-value';

function merge(target: unknown, patch: unknown, copyPatch: boolean): unknown {
  if (!isObject(patch)) return copyPatch ? deepClone(patch) : patch;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v, copyPatch);
  }
  return out;
}

/**
 * Applies a merge patch; `current` is not modified. A patch that is not an object is rejected as
 * kube-apiserver does. `patchOwned`: the patch is this request's own decoded value and nothing
 * changes the result in place, so its lists and scalars are taken as they are rather than
 * copied (a kubelet's status patch: ~3/4 of the merge).
 */
export function applyMergePatch(current: unknown, patch: unknown, patchOwned = false): unknown {
  if (!isObject(patch)) throw ApiError.badRequest('Invalid JSON Patch');
  return merge(current, patch, !patchOwned);
}
