// What an exact reconstruction reads besides the model, fetched through the connection's
// transport when a pod's trace opens on a cluster without scheduling records: the pod's
// controlling ReplicaSet/StatefulSet/ReplicationController and the Services selecting it
// (default spreading selects by them), and its PersistentVolumeClaims with their volumes and
// classes (VolumeBinding, VolumeRestrictions). The model keeps none of these: they are read per
// trace, a handful of GETs. What cannot be read is left out, and a note says what and why.
// Pure (no `vscode`): unit-tested against a fake transport.

import type { KubeTransport } from '../../cluster/transport.js';
import type { PersistentVolume, PersistentVolumeClaim, Pod, SelectorOwner, StorageClass } from '../../scheduler/index.js';
import type { ReconstructOptions } from '../../trace/reconstruct.js';

export interface ReconstructionInputs {
  selectorOwners: NonNullable<ReconstructOptions['selectorOwners']>;
  storage: { persistentVolumeClaims: PersistentVolumeClaim[]; persistentVolumes: PersistentVolume[]; storageClasses: StorageClass[] };
  /** What could not be read, and what the reconstruction does without it. */
  notes: string[];
}

type Read<T> = { ok: true; object: T } | { ok: false; why: string };

/** The controllers kube-scheduler's default spreading selects by, and where the API serves them. */
const OWNER_PATHS: Record<string, { base: string; plural: string; list: 'replicaSets' | 'statefulSets' | 'replicationControllers' }> = {
  ReplicaSet: { base: '/apis/apps/v1', plural: 'replicasets', list: 'replicaSets' },
  StatefulSet: { base: '/apis/apps/v1', plural: 'statefulsets', list: 'statefulSets' },
  ReplicationController: { base: '/api/v1', plural: 'replicationcontrollers', list: 'replicationControllers' },
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const seg = encodeURIComponent;

async function read<T>(transport: KubeTransport, path: string): Promise<Read<T>> {
  try {
    const res = await transport.get(path);
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      body = undefined;
    }
    if (res.status === 200 && isRecord(body)) return { ok: true, object: body as T };
    const message = isRecord(body) && typeof body.message === 'string' ? body.message : res.status === 200 ? 'the answer is not a JSON object' : `HTTP ${res.status}`;
    const why = res.status === 403 ? `forbidden: ${message}` : res.status === 404 ? 'not found' : message;
    return { ok: false, why };
  } catch (e) {
    return { ok: false, why: e instanceof Error ? e.message : String(e) };
  }
}

/** The items of a list answer that are objects with a name (an API answer is untrusted). */
function itemsOf<T>(list: unknown): T[] {
  const items = isRecord(list) ? list.items : undefined;
  return Array.isArray(items) ? (items.filter((i) => isRecord(i) && isRecord(i.metadata) && typeof i.metadata.name === 'string') as T[]) : [];
}

/** A Service's selector is a plain map; a Service without one selects no pods (kube's ServiceLister). */
export function serviceSelectsPod(service: unknown, labels: Record<string, string> | undefined): boolean {
  const selector = isRecord(service) && isRecord(service.spec) ? service.spec.selector : undefined;
  if (!isRecord(selector)) return false;
  return Object.entries(selector).every(([k, v]) => typeof v === 'string' && labels?.[k] === v);
}

async function ownerOf(transport: KubeTransport, pod: Pod, namespace: string, out: ReconstructionInputs): Promise<void> {
  const refs = pod.metadata.ownerReferences;
  const owner = Array.isArray(refs) ? refs.find((o) => isRecord(o) && o.controller === true) : undefined;
  const where = owner && typeof owner.name === 'string' && Object.hasOwn(OWNER_PATHS, owner.kind) ? OWNER_PATHS[owner.kind] : undefined;
  if (!owner || !where) return;
  const r = await read<SelectorOwner>(transport, `${where.base}/namespaces/${seg(namespace)}/${where.plural}/${seg(owner.name)}`);
  if (r.ok) out.selectorOwners[where.list] = [{ ...r.object, metadata: { ...r.object.metadata, namespace } }];
  else out.notes.push(`The pod's ${owner.kind} ${namespace}/${owner.name} could not be read (${r.why}): default spreading selects by the pod's own labels instead of its selector.`);
}

async function servicesOf(transport: KubeTransport, pod: Pod, namespace: string, out: ReconstructionInputs): Promise<void> {
  const r = await read<unknown>(transport, `/api/v1/namespaces/${seg(namespace)}/services`);
  if (!r.ok) {
    out.notes.push(`Services of namespace ${namespace} could not be listed (${r.why}): default spreading leaves out any Service selecting the pod.`);
    return;
  }
  const labels = isRecord(pod.metadata.labels) ? pod.metadata.labels : undefined;
  const selecting = itemsOf<SelectorOwner>(r.object).filter((s) => serviceSelectsPod(s, labels));
  if (selecting.length > 0) out.selectorOwners.services = selecting.map((s) => ({ ...s, metadata: { ...s.metadata, namespace } }));
}

/** The claims of the pod, their bound volumes, their classes; every volume when a claim waits for binding. */
async function storageOf(transport: KubeTransport, pod: Pod, namespace: string, out: ReconstructionInputs): Promise<void> {
  const volumes: unknown[] = isRecord(pod.spec) && Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
  const claims = [...new Set(volumes.map((v) => (isRecord(v) && isRecord(v.persistentVolumeClaim) ? v.persistentVolumeClaim.claimName : undefined)).filter((c): c is string => typeof c === 'string' && c !== ''))];
  if (claims.length === 0) return;
  const unreadable: string[] = [];
  const answers = await Promise.all(claims.map((c) => read<PersistentVolumeClaim>(transport, `/api/v1/namespaces/${seg(namespace)}/persistentvolumeclaims/${seg(c)}`)));
  answers.forEach((r, i) => {
    if (r.ok) out.storage.persistentVolumeClaims.push({ ...r.object, metadata: { ...r.object.metadata, namespace } });
    else unreadable.push(`${claims[i]} (${r.why})`);
  });
  if (unreadable.length > 0) out.notes.push(`PersistentVolumeClaims of the pod could not be read: ${unreadable.join(', ')}.`);

  const pvcs = out.storage.persistentVolumeClaims;
  const volumeNames = [...new Set(pvcs.map((c) => c.spec?.volumeName).filter((v): v is string => typeof v === 'string' && v !== ''))];
  const classNames = [...new Set(pvcs.map((c) => c.spec?.storageClassName).filter((v): v is string => typeof v === 'string' && v !== ''))];
  // An unbound claim may bind to any matching volume: VolumeBinding looks at all of them.
  const waiting = pvcs.some((c) => !c.spec?.volumeName);
  const [pvs, classes] = await Promise.all([
    waiting
      ? read<unknown>(transport, '/api/v1/persistentvolumes').then((r): Array<Read<PersistentVolume>> => (r.ok ? itemsOf<PersistentVolume>(r.object).map((object) => ({ ok: true, object })) : [{ ok: false, why: `all PersistentVolumes: ${r.why}` }]))
      : Promise.all(volumeNames.map((v) => read<PersistentVolume>(transport, `/api/v1/persistentvolumes/${seg(v)}`).then((r): Read<PersistentVolume> => (r.ok ? r : { ok: false, why: `${v}: ${r.why}` })))),
    Promise.all(classNames.map((c) => read<StorageClass>(transport, `/apis/storage.k8s.io/v1/storageclasses/${seg(c)}`).then((r): Read<StorageClass> => (r.ok ? r : { ok: false, why: `${c}: ${r.why}` })))),
  ]);
  const failed: string[] = [];
  for (const r of pvs) {
    if (r.ok) out.storage.persistentVolumes.push(r.object);
    else failed.push(`PersistentVolume ${r.why}`);
  }
  for (const r of classes) {
    if (r.ok) out.storage.storageClasses.push(r.object);
    else failed.push(`StorageClass ${r.why}`);
  }
  if (failed.length > 0) out.notes.push(`Storage of the pod could not be read completely (${failed.join('; ')}): VolumeBinding may judge the nodes differently from kube-scheduler.`);
}

/** Reads what the reconstruction of `pod` (full Pod JSON from the API) needs beyond the model; never throws. */
export async function reconstructionInputs(transport: KubeTransport, pod: unknown): Promise<ReconstructionInputs> {
  const out: ReconstructionInputs = { selectorOwners: {}, storage: { persistentVolumeClaims: [], persistentVolumes: [], storageClasses: [] }, notes: [] };
  if (!isRecord(pod) || !isRecord(pod.metadata)) return out;
  const namespace = typeof pod.metadata.namespace === 'string' && pod.metadata.namespace ? pod.metadata.namespace : 'default';
  const full = pod as unknown as Pod;
  // Each part adds to its own fields; notes come in a fixed order whatever answers first.
  const parts = [ownerOf, servicesOf, storageOf].map(async (part) => {
    const mine: ReconstructionInputs = { ...out, notes: [] };
    try {
      await part(transport, full, namespace, mine);
    } catch (e) {
      // A garbled answer must not cost the trace its decision.
      mine.notes.push(`Reading what the reconstruction needs besides the model failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    return mine.notes;
  });
  for (const notes of await Promise.all(parts)) out.notes.push(...notes);
  return out;
}
