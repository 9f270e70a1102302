// The scale subresource (autoscaling/v1 Scale) of deployments, replicasets, statefulsets
// and custom resources that declare one: `kubectl scale` reads and writes it.
import type { KubeObject } from '../../../kube/object.js';
import { formatLabelSelector } from '../../../kube/selectors.js';
import { decodeRequestObject, decodeRequestPatch } from '../codec.js';
import type { ServerContext } from '../context.js';
import { checkBodyDecodes, retryOnConflict, updateObject } from '../persist.js';
import type { ServedResource } from '../registry.js';
import { jsonResponse, type ApiRequest, type ApiResponse } from '../request.js';
import { ApiError } from '../status.js';
import { checkName } from './body-checks.js';
import { getObject, parseResourceVersion } from './read.js';
import { warningHeaders, writeOptions } from './write-options.js';

function readPath(obj: any, path: string): unknown {
  return path.replace(/^\./, '').split('.').reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), obj);
}

function writePath(obj: any, path: string, value: unknown): void {
  const parts = path.replace(/^\./, '').split('.');
  let o = obj;
  for (const p of parts.slice(0, -1)) o = o[p] ??= {};
  o[parts[parts.length - 1]] = value;
}

function specPath(r: ServedResource): string {
  return r.scale?.specReplicasPath ?? '.spec.replicas';
}

export function scaleOf(r: ServedResource, obj: KubeObject): KubeObject {
  const statusReplicas = readPath(obj, r.scale?.statusReplicasPath ?? '.status.replicas');
  const selector = r.scale ? (r.scale.labelSelectorPath ? readPath(obj, r.scale.labelSelectorPath) : undefined) : formatLabelSelector(obj.spec?.selector);
  const status: Record<string, unknown> = { replicas: typeof statusReplicas === 'number' ? statusReplicas : 0 };
  if (selector) status.selector = selector;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: Number(readPath(obj, specPath(r)) ?? (r.crdName ? 0 : 1)) },
    status,
  };
}

export function handleGetScale(ctx: ServerContext, r: ServedResource, namespace: string | undefined, name: string): ApiResponse {
  return jsonResponse(200, scaleOf(r, getObject(ctx, r, namespace, name).obj));
}

export async function handleWriteScale(ctx: ServerContext, r: ServedResource, req: ApiRequest, namespace: string | undefined, name: string): Promise<ApiResponse> {
  const options = writeOptions(req, 'scale');
  const put = req.method === 'PUT' ? decodeRequestObject(req) : undefined;
  const patch = req.method === 'PATCH' ? decodeRequestPatch(req) : undefined;
  if (put) checkBodyDecodes(ctx, 'autoscaling', 'v1', 'Scale', put);
  if (put) checkName(put as KubeObject, name);
  const expected = put ? parseResourceVersion(put.metadata?.resourceVersion ?? null, 'metadata.resourceVersion') : undefined;
  return retryOnConflict(expected !== undefined, async () => {
    const { value, obj } = getObject(ctx, r, namespace, name);
    let scale = put as KubeObject | undefined;
    if (patch) {
      const current = scaleOf(r, obj);
      if (patch.type === 'json') scale = ctx.modules.patch.applyJsonPatch(current, patch.patch) as KubeObject;
      else if (patch.type === 'apply') scale = ctx.modules.patch.applyMergePatch(current, patch.patch) as KubeObject;
      else scale = ctx.modules.patch.applyMergePatch(current, patch.patch) as KubeObject;
      checkBodyDecodes(ctx, 'autoscaling', 'v1', 'Scale', scale, true);
    }
    const replicas = scale?.spec?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw ApiError.invalid('Scale', name, 'autoscaling', [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0` }]);
    }
    const next = structuredClone(obj);
    writePath(next, specPath(r), replicas);
    const result = await updateObject(ctx, r, { value, old: obj, next, expectedModRevision: expected }, { ...options, subresource: undefined, managedSubresource: 'scale' });
    return jsonResponse(200, scaleOf(r, result.obj), warningHeaders(options.warnings));
  });
}
