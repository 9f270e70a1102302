// What the scheduler's default plugins read from Nodes and bound Pods, reduced at
// projection time so the extension can reconstruct a decision on a real cluster
// (src/trace/scheduling-snapshot.ts) without ever keeping a full object.
//
// Kept: for Nodes all labels, structured taints, allocatable as numbers (extended
// resources included), status.images (names + size, for ImageLocality); for Pods all
// labels, the requests as kube-scheduler sums them (init containers as a maximum,
// overhead added) and its non-zero variant when it differs, host ports, pod
// (anti-)affinity only when present, PVC claim names and a non-default schedulerName.
// Not kept: tolerations, nodeSelector, node affinity and spread constraints of pods:
// they matter only for the pod being scheduled, which is read whole from the API.
//
// Equal values are shared through the interner: replicas of one ReplicaSet carry the
// same labels, requests and affinity, so 150,000 pods cost a few hundred such objects,
// and an unchanged value keeps its identity across updates (the snapshot compares by
// reference to skip updates that do not matter to scheduling).

import { createHash } from 'node:crypto';
import type { KubeObject } from '../kube/object.js';
import type { Affinity, Pod, Taint } from '../scheduler/api/types.js';
import { podRequests, Resource } from '../scheduler/snapshot/resource.js';

/** Amounts as the scheduler counts them: cpu in millicores, memory and storage in bytes. */
export interface ResourceAmounts {
  milliCPU: number;
  memory: number;
  /** Present when the object stated it (a node without `pods` allocatable fits no pod). */
  ephemeralStorage?: number;
  pods?: number;
  /** Extended resources (nvidia.com/gpu, hugepages-2Mi, ...) with a non-zero amount. */
  scalar?: Readonly<Record<string, number>>;
}

export interface NodeImage {
  names: readonly string[];
  sizeBytes: number;
}

export interface NodeScheduling {
  /** Every label of the Node (NodeAffinity, topology keys, nodeSelector). */
  labels: Readonly<Record<string, string>>;
  taints?: readonly Taint[];
  allocatable: ResourceAmounts;
  images?: readonly NodeImage[];
}

export interface PodHostPort {
  ip: string;
  protocol: string;
  port: number;
}

export interface PodScheduling {
  labels: Readonly<Record<string, string>>;
  /** Sum of app containers and sidecars, at least the largest init container, plus overhead. */
  requests: ResourceAmounts;
  /** cpu/memory with kube-scheduler's defaults for containers that request none; omitted when equal to requests. */
  nonZero?: { milliCPU: number; memory: number };
  hostPorts?: readonly PodHostPort[];
  /** Only spec.affinity.podAffinity / podAntiAffinity, and only when one is set. */
  affinity?: Pick<Affinity, 'podAffinity' | 'podAntiAffinity'>;
  pvcNames?: readonly string[];
  /** Omitted for default-scheduler. */
  schedulerName?: string;
  /** The controlling owner (ReplicaSet, StatefulSet, DaemonSet, Job...): what-ifs replace its pods. */
  controller?: { kind: string; name: string };
}

/** Shares equal values by a string key; forgets everything past a bound so churn cannot grow it forever. */
export class SharedValues {
  private values = new Map<string, unknown>();

  constructor(private readonly limit = 50_000) {}

  shared<T>(fullKey: string, make: () => T): T {
    // A node's 50 image names make a key of several KB: keep a digest of long keys, not the text.
    const key = fullKey.length > 256 ? fullKey[0] + createHash('sha1').update(fullKey).digest('base64') : fullKey;
    const known = this.values.get(key);
    if (known !== undefined) return known as T;
    // Sharing only saves memory: dropping the table keeps every value already handed out valid.
    if (this.values.size >= this.limit) this.values = new Map();
    const v = make();
    this.values.set(key, v);
    return v;
  }
}

const EMPTY_LABELS: Readonly<Record<string, string>> = /* @__PURE__ */ Object.freeze({});

function stringMap(m: unknown): Record<string, string> | undefined {
  if (!m || typeof m !== 'object' || Array.isArray(m)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

function sharedLabels(raw: unknown, values: SharedValues): Readonly<Record<string, string>> {
  const labels = stringMap(raw);
  if (!labels || Object.keys(labels).length === 0) return EMPTY_LABELS;
  return values.shared(`L${JSON.stringify(labels)}`, () => Object.freeze(labels));
}

function amounts(r: Resource, keep: { ephemeralStorage: boolean; pods: boolean }): ResourceAmounts {
  const out: ResourceAmounts = { milliCPU: r.milliCPU, memory: r.memory };
  if (keep.ephemeralStorage || r.ephemeralStorage) out.ephemeralStorage = r.ephemeralStorage;
  if (keep.pods || r.allowedPodNumber) out.pods = r.allowedPodNumber;
  if (r.scalar) {
    const scalar: Record<string, number> = {};
    let any = false;
    for (const [k, v] of r.scalar) {
      if (v === 0) continue;
      scalar[k] = v;
      any = true;
    }
    if (any) out.scalar = scalar;
  }
  return out;
}

export function projectNodeScheduling(obj: KubeObject, values: SharedValues): NodeScheduling {
  const spec = obj.spec ?? {};
  const status = obj.status ?? {};
  const out: NodeScheduling = { labels: sharedLabels(obj.metadata?.labels, values), allocatable: { milliCPU: 0, memory: 0 } };
  if (Array.isArray(spec.taints) && spec.taints.length > 0) {
    const taints: Taint[] = [];
    for (const t of spec.taints) {
      if (!t || typeof t.key !== 'string' || typeof t.effect !== 'string') continue;
      taints.push(typeof t.value === 'string' && t.value ? { key: t.key, value: t.value, effect: t.effect } : { key: t.key, effect: t.effect });
    }
    if (taints.length) out.taints = values.shared(`T${JSON.stringify(taints)}`, () => Object.freeze(taints));
  }
  const list = stringMap(status.allocatable) ?? stringMap(status.capacity);
  if (list) {
    const alloc = amounts(Resource.fromList(list), { ephemeralStorage: 'ephemeral-storage' in list, pods: 'pods' in list });
    out.allocatable = values.shared(`A${JSON.stringify(alloc)}`, () => Object.freeze(alloc));
  }
  if (Array.isArray(status.images) && status.images.length > 0) {
    const images: NodeImage[] = [];
    let key = 'I';
    for (const img of status.images) {
      const names = Array.isArray(img?.names) ? img.names.filter((n: unknown): n is string => typeof n === 'string') : [];
      if (!names.length) continue;
      const sizeBytes = typeof img.sizeBytes === 'number' ? img.sizeBytes : 0;
      const one = `${names.join(' ')} ${sizeBytes}`;
      key += `${one}\n`;
      images.push(values.shared(`i${one}`, () => Object.freeze({ names: Object.freeze(names), sizeBytes })));
    }
    if (images.length) out.images = values.shared(key, () => Object.freeze(images));
  }
  return out;
}

function requestsOf(pod: Pod): { requests: ResourceAmounts; nonZero?: { milliCPU: number; memory: number } } {
  try {
    const r = podRequests(pod);
    const nz = podRequests(pod, true);
    const requests = amounts(r, { ephemeralStorage: false, pods: false });
    return nz.milliCPU === r.milliCPU && nz.memory === r.memory ? { requests } : { requests, nonZero: { milliCPU: nz.milliCPU, memory: nz.memory } };
  } catch {
    // A malformed spec (the API server validates, but responses are untrusted) counts as no request.
    return { requests: { milliCPU: 0, memory: 0 } };
  }
}

/** What of a container changes the pod's requests or host ports, for the sharing key. */
function containerKey(c: any): unknown {
  return c ? [c.resources?.requests, c.restartPolicy, Array.isArray(c.ports) && c.ports.some((p: any) => p?.hostPort) ? c.ports : undefined] : null;
}

export function projectPodScheduling(obj: KubeObject, values: SharedValues): PodScheduling {
  const spec = obj.spec ?? {};
  const containers: any[] = Array.isArray(spec.containers) ? spec.containers : [];
  const initContainers: any[] | undefined = Array.isArray(spec.initContainers) ? spec.initContainers : undefined;
  const a = spec.affinity;
  const affinity = a && (a.podAffinity || a.podAntiAffinity) ? { ...(a.podAffinity ? { podAffinity: a.podAffinity } : {}), ...(a.podAntiAffinity ? { podAntiAffinity: a.podAntiAffinity } : {}) } : undefined;
  const pvcNames: string[] = [];
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) {
    const claim = v?.persistentVolumeClaim?.claimName;
    if (typeof claim === 'string' && claim) pvcNames.push(claim);
  }
  const schedulerName = typeof spec.schedulerName === 'string' && spec.schedulerName !== 'default-scheduler' && spec.schedulerName ? spec.schedulerName : undefined;
  const rawLabels = obj.metadata?.labels;
  const owner = Array.isArray(obj.metadata?.ownerReferences) ? obj.metadata.ownerReferences.find((o) => o?.controller) : undefined;
  const controller = owner && typeof owner.kind === 'string' && typeof owner.name === 'string' ? { kind: owner.kind, name: owner.name } : undefined;
  // Keyed by the raw fields: parsing quantities happens once per distinct shape, not per pod.
  const key = JSON.stringify([rawLabels, containers.map(containerKey), initContainers?.map(containerKey), spec.overhead, affinity, pvcNames, schedulerName, controller]);
  return values.shared(`P${key}`, () => {
    const pod: Pod = { metadata: {}, spec: { ...spec, containers, initContainers } };
    const { requests, nonZero } = requestsOf(pod);
    const hostPorts: PodHostPort[] = [];
    for (const c of containers) {
      for (const p of Array.isArray(c?.ports) ? c.ports : []) {
        if (typeof p?.hostPort === 'number' && p.hostPort > 0) hostPorts.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
      }
    }
    const labels = stringMap(rawLabels) ?? {};
    const out: PodScheduling = { labels: Object.keys(labels).length ? Object.freeze(labels) : EMPTY_LABELS, requests };
    if (nonZero) out.nonZero = nonZero;
    if (hostPorts.length) out.hostPorts = hostPorts;
    if (affinity) out.affinity = affinity;
    if (pvcNames.length) out.pvcNames = pvcNames;
    if (schedulerName) out.schedulerName = schedulerName;
    if (controller) out.controller = controller;
    return Object.freeze(out);
  });
}
