// RFC 6902 JSON patch (application/json-patch+json), as kube-apiserver applies it: a patch
// document that does not decode is 400 BadRequest; an operation that does not apply (missing
// path, failed test) is 422 Invalid with the generic message kube-apiserver gives, because it
// builds that error with NewGenericServerResponse and drops the library's text.

import { ApiError } from '../status';
import { deepClone, deepEqual, isObject, type JsonObject } from './json-value';
import { PatchNotApplicableError as JsonPatchOperationError } from './patch-errors';

/** kube-apiserver's cap on operations in one JSON patch. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;


function goTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

function parsePointer(path: unknown, op: string, field: string): string[] {
  if (typeof path !== 'string') throw new JsonPatchOperationError(`${op} operation failed to decode ${field}`);
  if (path === '') return [];
  if (!path.startsWith('/')) throw new JsonPatchOperationError(`${op} operation: JSON pointer must start with "/": ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(token: string, length: number, allowEnd: boolean, what: string): number {
  if (allowEnd && token === '-') return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new JsonPatchOperationError(`${what}: invalid array index: ${token}`);
  const i = Number(token);
  if (i > length || (!allowEnd && i === length)) throw new JsonPatchOperationError(`${what}: index out of range: ${token}`);
  return i;
}

/** The container holding the last token of `tokens`, or a 422 naming the missing path. */
function parentOf(doc: unknown, tokens: string[], op: string, path: string): unknown {
  let node = doc;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i];
    if (Array.isArray(node)) {
      node = node[arrayIndex(t, node.length, false, `${op} operation does not apply: doc is missing path: ${path}`)];
    } else if (isObject(node) && t in node) {
      node = node[t];
    } else {
      throw new JsonPatchOperationError(`${op} operation does not apply: doc is missing path: ${path}`);
    }
  }
  if (!Array.isArray(node) && !isObject(node)) throw new JsonPatchOperationError(`${op} operation does not apply: doc is missing path: ${path}`);
  return node;
}

function getAt(doc: unknown, tokens: string[], op: string, path: string): unknown {
  if (tokens.length === 0) return doc;
  const parent = parentOf(doc, tokens, op, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) return parent[arrayIndex(last, parent.length, false, `${op} operation does not apply: doc is missing key: ${path}`)];
  const obj = parent as JsonObject;
  if (!(last in obj)) throw new JsonPatchOperationError(`${op} operation does not apply: doc is missing key: ${path}`);
  return obj[last];
}

function addAt(doc: unknown, tokens: string[], value: unknown, path: string): unknown {
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, 'add', path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true, `add operation does not apply: doc is missing path: ${path}`), 0, value);
  else (parent as JsonObject)[last] = value;
  return doc;
}

function removeAt(doc: unknown, tokens: string[], op: string, path: string): unknown {
  if (tokens.length === 0) throw new JsonPatchOperationError(`${op} operation does not apply: cannot remove the whole document`);
  const parent = parentOf(doc, tokens, op, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, false, `${op} operation does not apply: doc is missing key: ${path}`);
    return parent.splice(i, 1)[0];
  }
  const obj = parent as JsonObject;
  if (!(last in obj)) throw new JsonPatchOperationError(`${op} operation does not apply: doc is missing key: ${path}`);
  const old = obj[last];
  delete obj[last];
  return old;
}

function applyOperation(doc: unknown, operation: JsonObject): unknown {
  const op = operation.op;
  switch (op) {
    case 'add': {
      const path = operation.path as string;
      return addAt(doc, parsePointer(path, op, 'path'), deepClone(operation.value ?? null), path);
    }
    case 'remove': {
      const path = operation.path as string;
      removeAt(doc, parsePointer(path, op, 'path'), op, path);
      return doc;
    }
    case 'replace': {
      const path = operation.path as string;
      const tokens = parsePointer(path, op, 'path');
      if (tokens.length === 0) return deepClone(operation.value ?? null);
      removeAt(doc, tokens, op, path);
      return addAt(doc, tokens, deepClone(operation.value ?? null), path);
    }
    case 'move': {
      const from = operation.from as string;
      const path = operation.path as string;
      const fromTokens = parsePointer(from, op, 'from');
      const toTokens = parsePointer(path, op, 'path');
      if (path.startsWith(`${from}/`)) throw new JsonPatchOperationError(`move operation: cannot move ${from} into its own child ${path}`);
      const value = removeAt(doc, fromTokens, op, from);
      return addAt(doc, toTokens, value, path);
    }
    case 'copy': {
      const from = operation.from as string;
      const path = operation.path as string;
      const value = getAt(doc, parsePointer(from, op, 'from'), op, from);
      return addAt(doc, parsePointer(path, op, 'path'), deepClone(value), path);
    }
    case 'test': {
      const path = operation.path as string;
      const actual = getAt(doc, parsePointer(path, op, 'path'), op, path);
      if (!deepEqual(actual, operation.value ?? null)) throw new JsonPatchOperationError(`testing value ${path} failed: test failed`);
      return doc;
    }
    default:
      throw new JsonPatchOperationError(`Unexpected kind: ${String(op)}`);
  }
}

/** Applies an RFC 6902 patch; `current` is not modified. */
export function applyJsonPatch(current: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw ApiError.badRequest(`json: cannot unmarshal ${goTypeName(patch)} into Go value of type jsonpatch.Patch`);
  for (const op of patch) {
    if (!isObject(op)) throw ApiError.badRequest(`json: cannot unmarshal ${goTypeName(op)} into Go value of type jsonpatch.Operation`);
  }
  if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
    throw ApiError.tooLarge(`Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`);
  }
  let doc = deepClone(current);
  for (const op of patch as JsonObject[]) doc = applyOperation(doc, op);
  return doc;
}
