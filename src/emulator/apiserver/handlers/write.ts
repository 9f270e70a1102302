// CREATE (POST), UPDATE (PUT) and PATCH of a resource or its status.
import type { KubeObject } from '../../../kube/object.js';
import { decodeRequestObject, decodeRequestPatch, type PatchType } from '../codec.js';
import type { ServerContext } from '../context.js';
import { generatedName, timestamp } from '../object-meta.js';
import { checkUnknownFields, createObject, fieldOwnershipScope, isKnownClean, qualifiedResource, retryOnConflict, updateObject, type WriteOptions, type WriteResult } from '../persist.js';
import { storageKey, type ServedResource } from '../registry.js';
import { servedJson, servedObject } from '../render.js';
import { lazyJsonResponse, type ApiRequest, type ApiResponse } from '../request.js';
import { deepClone } from '../patch/json-value.js';
import { ApiError } from '../status.js';
import { storageConversionOf } from '../storage-conversion.js';
import { checkName, checkNamespace, checkTypeMeta } from './body-checks.js';
import { parseResourceVersion } from './read.js';
import { warningHeaders, writeOptions } from './write-options.js';

/** Kinds kube-apiserver creates on PUT when missing (AllowCreateOnUpdate). */
const CREATE_ON_UPDATE = new Set(['/events', 'events.k8s.io/events', '/endpoints', 'coordination.k8s.io/leases', 'discovery.k8s.io/endpointslices']);

/** The stored object as the answer, its text made only if read (see lazyJsonResponse). */
function respond(r: ServedResource, status: number, result: WriteResult, options: WriteOptions): ApiResponse {
  return lazyJsonResponse(status, () => servedJson(r, result.json), warningHeaders(options.warnings));
}

/**
 * respond() once the write is durable. The writers return this instead of awaiting the write:
 * a suspended async function keeps all its locals alive (V8), and theirs hold the decoded body
 * and the live object an update started from.
 */
async function respondWhenWritten(r: ServedResource, status: number, pending: Promise<WriteResult>, options: WriteOptions): Promise<ApiResponse> {
  return respond(r, status, await pending, options);
}

export async function handleCreate(ctx: ServerContext, r: ServedResource, req: ApiRequest, namespace: string | undefined): Promise<ApiResponse> {
  const options = writeOptions(req);
  const obj = decodeRequestObject(req) as KubeObject;
  checkTypeMeta(r, obj);
  // Values of the wrong type fail kube-apiserver's decoding, before any check of the object.
  checkUnknownFields(ctx, r, obj, options);
  checkNamespace(r, obj, namespace);
  const generate = !obj.metadata.name && typeof obj.metadata.generateName === 'string' && obj.metadata.generateName.length > 0;
  for (let attempt = 0; ; attempt++) {
    // createObject changes what it is given; only a generated name is retried, from a fresh
    // copy. The decoded body is this request's own, so a single attempt needs no copy.
    const candidate = generate ? deepClone(obj) : obj;
    // First among metadata's fields, where kube-apiserver writes it (ObjectMeta's field order):
    // clients that read the name as the first "name" of a pod's JSON would otherwise find its
    // owner's (ownerReferences come before a name added last).
    // A `name: ""` the body sent is replaced, not spread back over the generated one.
    if (generate) {
      const { name: _empty, ...rest } = candidate.metadata;
      candidate.metadata = { name: generatedName(obj.metadata.generateName!), ...rest };
    }
    // Not awaited unless a name is generated: this frame holds the decoded body.
    if (!generate) return respondWhenWritten(r, 201, createObject(ctx, r, candidate, options), options);
    try {
      const result = await createObject(ctx, r, candidate, options);
      return respond(r, 201, result, options);
    } catch (e) {
      if (!(generate && attempt < 8 && e instanceof ApiError && e.reason === 'AlreadyExists')) throw e;
    }
  }
}

export async function handleUpdate(ctx: ServerContext, r: ServedResource, req: ApiRequest, namespace: string | undefined, name: string, subresource?: string): Promise<ApiResponse> {
  const options = writeOptions(req, subresource);
  const obj = decodeRequestObject(req) as KubeObject;
  checkTypeMeta(r, obj);
  checkUnknownFields(ctx, r, obj, options);
  checkName(obj, name);
  checkNamespace(r, obj, namespace);
  const expected = parseResourceVersion(typeof obj.metadata.resourceVersion === 'string' ? obj.metadata.resourceVersion : null, 'metadata.resourceVersion');
  const key = storageKey(r, namespace, name);
  return retryOnConflict(expected !== undefined, async () => {
    const value = ctx.store.get(key);
    if (!value) {
      if (!CREATE_ON_UPDATE.has(`${r.group}/${r.plural}`) || subresource) throw ApiError.notFound({ ...qualifiedResource(r), name });
      return respondWhenWritten(r, 201, createObject(ctx, r, deepClone(obj), options), options);
    }
    // A resource served from another's storage compares and validates in its own shape.
    const old = storageConversionOf(r) ? servedObject(r, value.json) : (JSON.parse(value.json) as KubeObject);
    // As read from storage, a custom resource has its schema's defaults.
    r.defaulter?.(old);
    let next = deepClone(obj);
    if (subresource === 'finalize') {
      next = { ...old, spec: { ...(old.spec ?? {}), finalizers: obj.spec?.finalizers ?? [] } };
      options.subresource = undefined;
    }
    return respondWhenWritten(r, 200, updateObject(ctx, r, { value, old, next, expectedModRevision: expected }, options), options);
  });
}

function patchSetsResourceVersion(type: PatchType, patch: any): boolean {
  if (type === 'json') return patch.some((op: any) => op && typeof op.path === 'string' && op.path === '/metadata/resourceVersion' && op.op !== 'test');
  return typeof patch?.metadata?.resourceVersion === 'string' && patch.metadata.resourceVersion !== '';
}

export async function handlePatch(ctx: ServerContext, r: ServedResource, req: ApiRequest, namespace: string | undefined, name: string, subresource?: string): Promise<ApiResponse> {
  const options = writeOptions(req, subresource);
  const { type, patch } = decodeRequestPatch(req);
  if (type === 'strategic' && r.crdName) {
    throw ApiError.unsupportedMediaType('application/strategic-merge-patch+json', ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
  }
  const force = req.query.get('force') === 'true';
  if (type === 'apply') {
    if (!req.query.get('fieldManager')) {
      throw ApiError.invalid('PatchOptions', '', 'meta.k8s.io', [{ reason: 'FieldValueRequired', field: 'fieldManager', message: 'Required value: is required for apply patch' }]);
    }
    checkTypeMeta(r, patch as Record<string, any>);
    const applied = patch as KubeObject;
    applied.metadata ??= {};
    checkName(applied, name);
  } else if (req.query.has('force')) {
    throw ApiError.badRequest('force: Invalid value: true: may not be specified for non-apply patch');
  }
  const key = storageKey(r, namespace, name);
  const schema = ctx.modules.schema.forKind(r.group, r.version, r.kind);
  const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
  const now = timestamp(ctx.clock.now());
  return retryOnConflict(patchSetsResourceVersion(type, patch), async () => {
    const value = ctx.store.get(key);
    if (!value) {
      if (type !== 'apply' || subresource) throw ApiError.notFound({ ...qualifiedResource(r), name });
      const applied = deepClone(patch) as KubeObject;
      checkNamespace(r, applied, namespace);
      checkUnknownFields(ctx, r, applied, options, true);
      const obj = ctx.modules.patch.serverSideApply({ applied, manager: options.manager, force, schema, now, apiVersion, ...fieldOwnershipScope(r, undefined) });
      return respondWhenWritten(r, 201, createObject(ctx, r, obj, { ...options, applied: true }), options);
    }
    const old = servedObject(r, value.json);
    // A merge patch builds new objects only along what it changes, and a status write takes
    // only status from the result, changing none of it: the result may share the rest with
    // `old` instead of starting from a copy (~10 us of a kubelet's status patch), and the
    // patch's own lists and values instead of copies (~15 us). Pruning unknown fields would
    // change shared values, so it copies first.
    const sharesLive = type === 'merge' && subresource === 'status';
    let next: unknown;
    if (type === 'json') next = ctx.modules.patch.applyJsonPatch(deepClone(old), patch);
    else if (type === 'merge') next = ctx.modules.patch.applyMergePatch(sharesLive ? old : deepClone(old), patch, sharesLive);
    else if (type === 'strategic') next = ctx.modules.patch.applyStrategicMergePatch(deepClone(old), patch, schema);
    else {
      const applied = deepClone(patch) as KubeObject;
      checkNamespace(r, applied, namespace);
      checkUnknownFields(ctx, r, applied, options, true);
      next = ctx.modules.patch.serverSideApply({ live: deepClone(old), applied, manager: options.manager, force, schema, now, apiVersion, subresource, ...fieldOwnershipScope(r, subresource) });
    }
    if (typeof next !== 'object' || next === null || Array.isArray(next)) throw ApiError.badRequest('the patch did not produce an object');
    let obj = next as KubeObject;
    if (typeof obj.metadata !== 'object' || obj.metadata === null) obj.metadata = {};
    if (obj.metadata.name !== name) throw ApiError.badRequest(`the name of the object (${String(obj.metadata.name)}) does not match the name on the URL (${name})`);
    // Where the result shares the live object, a live object known clean is not walked again
    // (a kubelet's status patch: all but status, ~70 % of the walk).
    if (type !== 'apply') obj = checkUnknownFields(ctx, r, obj, options, false, sharesLive, sharesLive && isKnownClean(ctx, r) ? old : undefined, true);
    const rv = obj.metadata.resourceVersion;
    const expected = rv && rv !== old.metadata.resourceVersion ? parseResourceVersion(String(rv), 'metadata.resourceVersion') : undefined;
    return respondWhenWritten(r, 200, updateObject(ctx, r, { value, old, next: obj, expectedModRevision: expected }, { ...options, applied: type === 'apply' }), options);
  });
}
