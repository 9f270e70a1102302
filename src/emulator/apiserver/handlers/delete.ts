// DELETE and DELETECOLLECTION: preconditions, graceful pod deletion, finalizers and the
// orphan/foregroundDeletion finalizers that propagationPolicy asks for.
import type { KubeObject } from '../../../kube/object.js';
import { decodeRequestOptions, negotiate } from '../codec.js';
import type { ServerContext } from '../context.js';
import { selectionFromQuery } from '../field-selectors.js';
import { valueMatcher } from '../selection-match.js';
import { timestamp } from '../object-meta.js';
import { qualifiedResource, retryOnConflict, storeError } from '../persist.js';
import { storageKey, storagePrefix, type ServedResource } from '../registry.js';
import { renderList, servedJson } from '../render.js';
import { jsonResponse, type ApiRequest, type ApiResponse } from '../request.js';
import { ApiError } from '../status.js';

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun: boolean;
}

export interface DeleteResult {
  obj: KubeObject;
  json: string;
  /** False while finalizers or a kubelet still hold the object. */
  deleted: boolean;
}

export function deleteOptionsOf(req: ApiRequest): DeleteOptions {
  const body = decodeRequestOptions(req);
  const q = req.query;
  const graceText = q.get('gracePeriodSeconds');
  let grace: number | undefined = typeof body.gracePeriodSeconds === 'number' ? body.gracePeriodSeconds : undefined;
  if (graceText !== null) {
    if (!/^-?\d+$/.test(graceText)) throw ApiError.badRequest(`gracePeriodSeconds: Invalid value: "${graceText}": must be an integer`);
    grace = Number(graceText);
  }
  let policy = (q.get('propagationPolicy') ?? body.propagationPolicy) as string | undefined;
  const orphanDependents = q.get('orphanDependents') ?? body.orphanDependents;
  if (policy === undefined && (orphanDependents === true || orphanDependents === 'true')) policy = 'Orphan';
  if (policy !== undefined && policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
    throw ApiError.badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  const dry = [...q.getAll('dryRun'), ...(Array.isArray(body.dryRun) ? body.dryRun : [])];
  for (const d of dry) if (d !== 'All') throw ApiError.badRequest(`dryRun: Unsupported value: "${String(d)}": supported values: "All"`);
  const pre = body.preconditions && typeof body.preconditions === 'object' ? body.preconditions : undefined;
  return { gracePeriodSeconds: grace, propagationPolicy: policy as DeleteOptions['propagationPolicy'], preconditions: pre, dryRun: dry.length > 0 };
}

function podIsGraceful(ctx: ServerContext, r: ServedResource, obj: KubeObject, grace: number): boolean {
  if (r.group !== '' || r.kind !== 'Pod' || grace <= 0) return false;
  const node = obj.spec?.nodeName;
  const phase = obj.status?.phase;
  return typeof node === 'string' && node !== '' && phase !== 'Succeeded' && phase !== 'Failed' && ctx.hooks.hasKubelet(node);
}

export async function deleteObject(ctx: ServerContext, r: ServedResource, namespace: string | undefined, name: string, options: DeleteOptions): Promise<DeleteResult> {
  const key = storageKey(r, namespace, name);
  return retryOnConflict(false, async () => {
    const value = ctx.store.get(key);
    if (!value) throw ApiError.notFound({ ...qualifiedResource(r), name });
    const obj = JSON.parse(value.json) as KubeObject;
    const meta = obj.metadata;
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== meta.uid) {
      throw ApiError.conflict({ ...qualifiedResource(r), name }, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
      throw ApiError.conflict({ ...qualifiedResource(r), name }, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion}`);
    }
    const finalizers = [...(meta.finalizers ?? [])];
    const add = (f: string): void => void (finalizers.includes(f) || finalizers.push(f));
    if (options.propagationPolicy === 'Orphan') add(ORPHAN_FINALIZER);
    if (options.propagationPolicy === 'Foreground') add(FOREGROUND_FINALIZER);
    const isNamespace = r.group === '' && r.kind === 'Namespace';
    const grace = options.gracePeriodSeconds ?? (r.kind === 'Pod' && !r.group ? (obj.spec?.terminationGracePeriodSeconds ?? 30) : 0);
    const graceful = podIsGraceful(ctx, r, obj, grace);
    const held = finalizers.length > 0 || graceful || (isNamespace && (obj.spec?.finalizers ?? []).length > 0);
    if (held) {
      const now = ctx.clock.now();
      const already = meta.deletionTimestamp !== undefined;
      const changedFinalizers = finalizers.length !== (meta.finalizers ?? []).length;
      const shorter = graceful && already && grace < (meta.deletionGracePeriodSeconds ?? Infinity);
      if (already && !changedFinalizers && !shorter) return { obj, json: value.json, deleted: false };
      meta.finalizers = finalizers.length > 0 ? finalizers : undefined;
      if (!meta.finalizers) delete meta.finalizers;
      if (!already || shorter) {
        meta.deletionTimestamp = timestamp(now + (graceful ? grace * 1000 : 0));
        meta.deletionGracePeriodSeconds = graceful ? grace : 0;
      }
      if (isNamespace) obj.status = { ...(obj.status ?? {}), phase: 'Terminating' };
      if (options.dryRun) return { obj, json: JSON.stringify(obj), deleted: false };
      try {
        const stored = await ctx.store.update(key, obj, value.modRevision);
        ctx.afterWrite(r, obj, 'update');
        return { obj, json: stored.json, deleted: false };
      } catch (e) {
        throw storeError(r, name, e);
      }
    }
    if (options.dryRun) return { obj, json: value.json, deleted: true };
    await ctx.beforeDelete?.(r, obj);
    try {
      const gone = await ctx.store.delete(key, value.modRevision);
      const goneObj = JSON.parse(gone.json) as KubeObject;
      ctx.afterWrite(r, goneObj, 'delete');
      return { obj: goneObj, json: gone.json, deleted: true };
    } catch (e) {
      throw storeError(r, name, e);
    }
  });
}

/** kube-apiserver answers a completed delete with a Success Status, except for kinds that return the object. */
function deletedBody(r: ServedResource, result: DeleteResult): string {
  if (!result.deleted || (r.group === '' && r.kind === 'Pod') || r.crdName) return servedJson(r, result.json);
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: result.obj.metadata.name, group: r.group || undefined, kind: r.plural, uid: result.obj.metadata.uid },
  });
}

export async function handleDelete(ctx: ServerContext, r: ServedResource, req: ApiRequest, namespace: string | undefined, name: string): Promise<ApiResponse> {
  const options = deleteOptionsOf(req);
  const result = await deleteObject(ctx, r, namespace, name, options);
  return jsonResponse(result.deleted ? 200 : 202, deletedBody(r, result));
}

export async function handleDeleteCollection(ctx: ServerContext, r: ServedResource, req: ApiRequest, namespace: string | undefined): Promise<ApiResponse> {
  negotiate(req.headers.accept);
  const options = deleteOptionsOf(req);
  const selection = selectionFromQuery(r, req.query);
  const prefix = storagePrefix(r, namespace);
  const listed = ctx.store.list(prefix, { filter: selection.everything ? undefined : valueMatcher(r, namespace, prefix, selection) });
  const results: string[] = [];
  for (const v of listed.items) {
    const obj = JSON.parse(v.json) as KubeObject;
    try {
      const result = await deleteObject(ctx, r, obj.metadata.namespace, obj.metadata.name ?? '', options);
      results.push(result.json);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }
  return jsonResponse(200, renderList(ctx, r, results, { resourceVersion: String(ctx.store.revision) }, 'object', 'None'));
}
