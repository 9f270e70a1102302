// pods/binding (what kube-scheduler posts), pods/eviction (kubectl drain; honours PDBs) and
// pods/log (a simulated log until part 2's kubelets write real ones).
import type { KubeObject } from '../../../kube/object.js';
import type { StoredValue } from '../../store/types.js';
import { labelSelectorFromSpec, matchesLabels } from '../../../kube/selectors.js';
import { decodeRequestObject } from '../codec.js';
import type { ContainerLogOptions, ServerContext } from '../context.js';
import { timestamp } from '../object-meta.js';
import { checkBodyDecodes, retryOnConflict, updateObject } from '../persist.js';
import { storagePrefix, type ServedResource } from '../registry.js';
import { jsonResponse, textResponse, type ApiRequest, type ApiResponse } from '../request.js';
import { ApiError } from '../status.js';
import { deleteObject } from './delete.js';
import { followLog } from './log-follow.js';
import { validateContainer } from '../pod-containers.js';
import { getObject } from './read.js';
import { writeOptions } from './write-options.js';

function success(code: number): ApiResponse {
  return jsonResponse(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code });
}

export async function handleBinding(ctx: ServerContext, pods: ServedResource, req: ApiRequest, namespace: string, name: string): Promise<ApiResponse> {
  const options = writeOptions(req, 'binding');
  const binding = decodeRequestObject(req);
  if (binding.kind !== undefined && binding.kind !== 'Binding') throw ApiError.badRequest(`the kind in the data (${String(binding.kind)}) does not match the expected kind (Binding)`);
  checkBodyDecodes(ctx, '', 'v1', 'Binding', binding);
  if (binding.metadata?.name !== undefined && binding.metadata.name !== name) {
    throw ApiError.badRequest(`the name of the object (${String(binding.metadata.name)}) does not match the name on the URL (${name})`);
  }
  const target = binding.target;
  if (!target || typeof target.name !== 'string' || !target.name) {
    throw ApiError.invalid('Binding', name, undefined, [{ reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' }]);
  }
  if (target.kind && target.kind !== 'Node') {
    throw ApiError.invalid('Binding', name, undefined, [{ reason: 'FieldValueNotSupported', field: 'target.kind', message: `Unsupported value: "${target.kind}": supported values: "Node"` }]);
  }
  // Returned, not awaited, here and in the attempt: a suspended async function keeps its locals
  // (the request, the live pod) alive until the write is durable.
  return retryOnConflict(false, async () => {
    const { value, obj } = getObject(ctx, pods, namespace, name);
    if (obj.metadata.deletionTimestamp) throw ApiError.conflict({ resource: 'pods/binding', name }, `pod ${name} is being deleted, cannot be assigned to a host`);
    if (obj.spec?.nodeName) throw ApiError.conflict({ resource: 'pods/binding', name }, `pod ${name} is already assigned to node "${obj.spec.nodeName}"`);
    // `obj` was just parsed from the store, so a shallow copy of the parts the binding changes is
    // enough (no structuredClone: the scheduler needs ~1,000 bindings/s). Like upstream's
    // assignPod, the write is not tracked in managedFields (system write).
    const conditions: any[] = (obj.status?.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(ctx.clock.now()) });
    const next: KubeObject = { ...obj, metadata: { ...obj.metadata }, spec: { ...(obj.spec ?? {}), nodeName: target.name }, status: { ...(obj.status ?? {}), conditions } };
    // The binding writes spec and status at once, so it goes through as a non-status write
    // that keeps the new status (kube-apiserver's assignPod does the same in one update).
    const r: ServedResource = { ...pods, subresources: [] };
    return updateObject(ctx, r, { value, old: obj, next }, { ...options, subresource: undefined, system: true });
  }).then(() => success(201));
}

export async function handleEviction(ctx: ServerContext, pods: ServedResource, req: ApiRequest, namespace: string, name: string): Promise<ApiResponse> {
  const eviction = decodeRequestObject(req);
  if (eviction.kind !== undefined && eviction.kind !== 'Eviction') throw ApiError.badRequest(`the kind in the data (${String(eviction.kind)}) does not match the expected kind (Eviction)`);
  checkBodyDecodes(ctx, 'policy', 'v1', 'Eviction', eviction);
  if (eviction.metadata?.name !== undefined && eviction.metadata.name !== name) {
    throw ApiError.badRequest(`the name of the object (${String(eviction.metadata.name)}) does not match the name on the URL (${name})`);
  }
  const { obj: pod } = getObject(ctx, pods, namespace, name);
  const pdbs = ctx.registry.lookup('policy', 'v1', 'poddisruptionbudgets');
  const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed' || pod.status?.phase === 'Pending';
  const guarding: { value: StoredValue; pdb: KubeObject }[] = [];
  if (pdbs && !terminal) {
    for (const v of ctx.store.list(storagePrefix(pdbs, namespace)).items) {
      const pdb = JSON.parse(v.json) as KubeObject;
      if (!pdb.spec?.selector || !matchesLabels(labelSelectorFromSpec(pdb.spec.selector), pod.metadata.labels)) continue;
      const allowed = Number(pdb.status?.disruptionsAllowed ?? 0);
      if (allowed <= 0) {
        throw new ApiError(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
          causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${pdb.metadata.name} needs ${pdb.status?.desiredHealthy ?? 0} healthy pods and has ${pdb.status?.currentHealthy ?? 0} currently` }],
        });
      }
      guarding.push({ value: v, pdb });
    }
  }
  const d = eviction.deleteOptions ?? {};
  const dryRun = Array.isArray(d.dryRun) && d.dryRun.includes('All');
  // As kube-apiserver does, the eviction spends one allowed disruption of each budget (the
  // disruption controller recomputes it later) and records the pod in disruptedPods.
  for (const { value, pdb } of dryRun ? [] : guarding) {
    const next = structuredClone(pdb);
    next.status = {
      ...(next.status ?? {}),
      disruptionsAllowed: Number(pdb.status?.disruptionsAllowed ?? 0) - 1,
      disruptedPods: { ...(pdb.status?.disruptedPods ?? {}), [name]: timestamp(ctx.clock.now()) },
    };
    await updateObject(ctx, pdbs!, { value, old: pdb, next, expectedModRevision: value.modRevision }, { dryRun: false, manager: '', fieldValidation: 'Ignore', warnings: [], subresource: 'status', system: true });
  }
  await deleteObject(ctx, pods, namespace, name, {
    gracePeriodSeconds: typeof d.gracePeriodSeconds === 'number' ? d.gracePeriodSeconds : undefined,
    preconditions: d.preconditions,
    propagationPolicy: d.propagationPolicy,
    dryRun,
  });
  return success(201);
}

export async function handleLog(ctx: ServerContext, pods: ServedResource, req: ApiRequest, namespace: string, name: string): Promise<ApiResponse> {
  const { obj: pod } = getObject(ctx, pods, namespace, name);
  const container = validateContainer(pod, req.query.get('container'));
  const options = logOptions(req);
  const follow = req.query.get('follow') === 'true';
  // A follower needs each line's time to ask for the lines after it; it strips them if not asked for.
  const fromKubelet = await ctx.hooks.containerLog?.(namespace, name, container, follow ? { ...options, timestamps: true } : options);
  if (fromKubelet) {
    if (!fromKubelet.ok) throw ApiError.badRequest(fromKubelet.message);
    if (!follow) return textResponse(200, fromKubelet.text);
    const source = (o: ContainerLogOptions) => ctx.hooks.containerLog?.(namespace, name, container, o);
    return { status: 200, headers: { 'content-type': 'text/plain' }, watch: followLog(ctx, pods, namespace, name, container, fromKubelet.text, options, source) };
  }
  if (!pod.spec?.nodeName || pod.status?.phase === 'Pending') {
    throw ApiError.badRequest(`container "${container}" in pod "${name}" is waiting to start: ContainerCreating`);
  }
  // No kubelet knows the pod (control loops off): a placeholder log.
  const started = Date.parse(pod.status?.startTime ?? pod.metadata.creationTimestamp ?? '') || ctx.clock.now();
  const image = (pod.spec.containers ?? []).find((c: any) => c.name === container)?.image ?? 'unknown';
  const lines = [
    `starting ${container} (image ${image}) on node ${pod.spec.nodeName}`,
    `${container} is running in the Cluster Anatomy emulator; no real process runs, so this log is simulated`,
    `ready`,
  ];
  const withTimestamps = req.query.get('timestamps') === 'true';
  let out = lines.map((l, i) => (withTimestamps ? `${new Date(started + i * 1000).toISOString()} ${l}` : l));
  const tail = req.query.get('tailLines');
  if (tail && /^\d+$/.test(tail)) out = out.slice(Math.max(0, out.length - Number(tail)));
  return textResponse(200, out.length > 0 ? `${out.join('\n')}\n` : '');
}

function logOptions(req: ApiRequest): ContainerLogOptions {
  const q = req.query;
  const count = (key: string, min: number): number | undefined => {
    const raw = q.get(key);
    if (raw === null || raw === '') return undefined;
    if (!/^-?\d+$/.test(raw)) throw ApiError.badRequest(`${key}: Invalid value: "${raw}": must be an integer`);
    const n = Number(raw);
    if (n < min) throw ApiError.badRequest(`${key}: Invalid value: ${n}: must be greater than ${min === 0 ? 'or equal to 0' : '0'}`);
    return n;
  };
  const options: ContainerLogOptions = {
    previous: q.get('previous') === 'true',
    timestamps: q.get('timestamps') === 'true',
    tailLines: count('tailLines', 0),
    sinceSeconds: count('sinceSeconds', 1),
    limitBytes: count('limitBytes', 1),
  };
  const sinceTime = q.get('sinceTime');
  if (sinceTime) {
    if (Number.isNaN(Date.parse(sinceTime))) throw ApiError.badRequest(`sinceTime: Invalid value: "${sinceTime}": must be an RFC3339 time`);
    if (options.sinceSeconds !== undefined) throw ApiError.badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
    options.sinceTime = sinceTime;
  }
  return options;
}
