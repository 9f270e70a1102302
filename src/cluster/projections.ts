// Slim records: every object from a list or watch is projected at once into only the
// fields the tree, hovers and diagram use, so 150,000 pods fit in a few dozen MB and the
// full JSON is garbage as soon as it is parsed.
//
// Kept per kind (and nothing else; in particular no spec, env, volumes, managedFields,
// annotation values, secrets):
// - Node: name, resourceVersion, creation time, roles (node-role.kubernetes.io/<role>,
//   kubernetes.io/role), zone (topology.kubernetes.io/zone, legacy failure-domain label),
//   the labels distribution detection needs (see KEPT_NODE_LABEL_PREFIXES), the KEYS of
//   annotations that identify kubeadm/k3s (never their values: k3s node-args may hold a
//   token), unschedulable, taints as `key=value:Effect`, conditions (type, status, reason,
//   message, heartbeat), kubelet / container runtime / OS / kernel versions, InternalIP,
//   allocatable cpu/memory/pods.
// - Pod: namespace, name, resourceVersion, nodeName, phase, ready containers / total,
//   restarts, controller owner kind, the component / tier / k8s-app labels, whether it is a
//   mirror (static) pod, priority, creation and deletion time, a short reason
//   (CrashLoopBackOff, Evicted...) as `kubectl get pods` shows in STATUS.
// - Lease: namespace, name, resourceVersion, holderIdentity, leaseDurationSeconds,
//   acquire/renew times, leaseTransitions.
// - For reconstructing scheduling decisions (src/trace), Nodes and Pods also carry a
//   `scheduling` part, numbers and shared values only: see scheduling-fields.ts. Pods keep
//   their uid, the key kube-scheduler's cache knows them by.

import type { KubeObject } from '../kube/object.js';
import { type NodeScheduling, type PodScheduling, SharedValues, projectNodeScheduling, projectPodScheduling } from './scheduling-fields.js';

/** Short strings repeat across 150,000 pods (namespaces, node names, phases): share them. */
export class StringInterner {
  private readonly strings = new Map<string, string>();
  /** Equal label sets, requests, taints, image lists: one object each (see scheduling-fields.ts). */
  readonly values = new SharedValues();

  intern(s: string): string;
  intern(s: string | undefined): string | undefined;
  intern(s: string | undefined): string | undefined {
    if (s === undefined) return undefined;
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }
}

export interface NodeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  /** ms since epoch */
  lastHeartbeatTime?: number;
  lastTransitionTime?: number;
}

export interface NodeRecord {
  kind: 'Node';
  name: string;
  resourceVersion: string;
  created?: number;
  roles: string[];
  zone?: string;
  /** Only labels named by KEPT_NODE_LABEL_PREFIXES. */
  labels: Record<string, string>;
  /** Only annotation keys named by KEPT_NODE_ANNOTATION_PREFIXES, without values. */
  annotationKeys: string[];
  unschedulable: boolean;
  taints: string[];
  conditions: NodeCondition[];
  kubeletVersion?: string;
  containerRuntimeVersion?: string;
  osImage?: string;
  kernelVersion?: string;
  internalIP?: string;
  allocatable: { cpu?: string; memory?: string; pods?: string };
  /** What the default scheduler plugins read (all labels, taints, allocatable, images). */
  scheduling?: NodeScheduling;
}

export interface PodRecord {
  kind: 'Pod';
  namespace: string;
  name: string;
  resourceVersion: string;
  /** '' when not scheduled yet. */
  nodeName: string;
  phase: string;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
  ownerKind?: string;
  /** labels `component`, `tier`, `k8s-app` (control-plane and add-on pods carry them). */
  component?: string;
  tier?: string;
  k8sApp?: string;
  /** A mirror pod stands for a static pod the kubelet started from its manifest folder. */
  mirror: boolean;
  priority?: number;
  created?: number;
  deleting: boolean;
  /** Waiting/terminated reason worth showing (CrashLoopBackOff, ImagePullBackOff, Evicted...). */
  reason?: string;
  uid?: string;
  /** What the default scheduler plugins read of a bound pod (labels, requests, ports, affinity). */
  scheduling?: PodScheduling;
}

export interface LeaseRecord {
  kind: 'Lease';
  namespace: string;
  name: string;
  resourceVersion: string;
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: number;
  renewTime?: number;
  leaseTransitions?: number;
}

export type SlimRecord = NodeRecord | PodRecord | LeaseRecord;

/** Node labels worth keeping: roles, zone, and what identifies a distribution or cloud. */
export const KEPT_NODE_LABEL_PREFIXES = [
  'node-role.kubernetes.io/',
  'kubernetes.io/role',
  'topology.kubernetes.io/',
  'failure-domain.beta.kubernetes.io/',
  'node.kubernetes.io/instance-type',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'eks.amazonaws.com/',
  'alpha.eksctl.io/',
  'cloud.google.com/gke-',
  'kubernetes.azure.com/',
  'k3s.io/',
  'node.k3s.io/',
  'cluster-anatomy.dev/',
];

export const KEPT_NODE_ANNOTATION_PREFIXES = ['kubeadm.alpha.kubernetes.io/', 'k3s.io/', 'rke2.io/'];

function startsWithAny(key: string, prefixes: readonly string[]): boolean {
  for (const p of prefixes) if (key.startsWith(p)) return true;
  return false;
}

function time(s: unknown): number | undefined {
  if (typeof s !== 'string' || !s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

function text(s: unknown): string | undefined {
  return typeof s === 'string' && s ? s : undefined;
}

export function projectNode(obj: KubeObject, strings = new StringInterner()): NodeRecord {
  const meta = obj.metadata ?? {};
  const allLabels = meta.labels ?? {};
  const labels: Record<string, string> = {};
  const roles: string[] = [];
  for (const [k, v] of Object.entries(allLabels)) {
    if (!startsWithAny(k, KEPT_NODE_LABEL_PREFIXES)) continue;
    labels[k] = v;
    if (k.startsWith('node-role.kubernetes.io/')) roles.push(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && v) roles.push(v);
  }
  const annotationKeys = Object.keys(meta.annotations ?? {}).filter((k) => startsWithAny(k, KEPT_NODE_ANNOTATION_PREFIXES));
  const spec = obj.spec ?? {};
  const status = obj.status ?? {};
  const info = status.nodeInfo ?? {};
  const taints = Array.isArray(spec.taints)
    ? spec.taints.map((t: any) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`)
    : [];
  const conditions: NodeCondition[] = Array.isArray(status.conditions)
    ? status.conditions.map((c: any) => ({
        type: strings.intern(String(c.type)),
        status: c.status === 'True' || c.status === 'False' ? c.status : 'Unknown',
        reason: strings.intern(text(c.reason)),
        message: text(c.message),
        lastHeartbeatTime: time(c.lastHeartbeatTime),
        lastTransitionTime: time(c.lastTransitionTime),
      }))
    : [];
  const internal = Array.isArray(status.addresses) ? status.addresses.find((a: any) => a.type === 'InternalIP') : undefined;
  const alloc = status.allocatable ?? status.capacity ?? {};
  return {
    kind: 'Node',
    name: String(meta.name ?? ''),
    resourceVersion: String(meta.resourceVersion ?? ''),
    created: time(meta.creationTimestamp),
    roles: [...new Set(roles)].sort(),
    zone: labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'],
    labels,
    annotationKeys,
    unschedulable: spec.unschedulable === true,
    taints,
    conditions,
    kubeletVersion: strings.intern(text(info.kubeletVersion)),
    containerRuntimeVersion: strings.intern(text(info.containerRuntimeVersion)),
    osImage: strings.intern(text(info.osImage)),
    kernelVersion: strings.intern(text(info.kernelVersion)),
    internalIP: text(internal?.address),
    allocatable: { cpu: text(alloc.cpu), memory: text(alloc.memory), pods: text(alloc.pods) },
    scheduling: projectNodeScheduling(obj, strings.values),
  };
}

function containerReason(statuses: any[]): string | undefined {
  for (const s of statuses) {
    const waiting = s?.state?.waiting?.reason;
    if (waiting && waiting !== 'ContainerCreating' && waiting !== 'PodInitializing') return waiting;
    const terminated = s?.state?.terminated?.reason;
    if (terminated && terminated !== 'Completed') return terminated;
  }
  return undefined;
}

export function projectPod(obj: KubeObject, strings = new StringInterner()): PodRecord {
  const meta = obj.metadata ?? {};
  const labels = meta.labels ?? {};
  const spec = obj.spec ?? {};
  const status = obj.status ?? {};
  const statuses: any[] = Array.isArray(status.containerStatuses) ? status.containerStatuses : [];
  let ready = 0;
  let restarts = 0;
  for (const s of statuses) {
    if (s?.ready) ready++;
    restarts += typeof s?.restartCount === 'number' ? s.restartCount : 0;
  }
  const total = Array.isArray(spec.containers) ? spec.containers.length : statuses.length;
  const owner = (meta.ownerReferences ?? []).find((o) => o.controller) ?? meta.ownerReferences?.[0];
  return {
    kind: 'Pod',
    namespace: strings.intern(String(meta.namespace ?? 'default')),
    name: String(meta.name ?? ''),
    resourceVersion: String(meta.resourceVersion ?? ''),
    nodeName: strings.intern(String(spec.nodeName ?? '')),
    phase: strings.intern(String(status.phase ?? 'Pending')),
    readyContainers: ready,
    totalContainers: total,
    restarts,
    ownerKind: strings.intern(owner?.kind),
    component: strings.intern(text(labels.component)),
    tier: strings.intern(text(labels.tier)),
    k8sApp: strings.intern(text(labels['k8s-app'])),
    mirror: meta.annotations?.['kubernetes.io/config.mirror'] !== undefined,
    priority: typeof spec.priority === 'number' ? spec.priority : undefined,
    created: time(meta.creationTimestamp),
    deleting: !!meta.deletionTimestamp,
    reason: strings.intern(text(status.reason) ?? containerReason(statuses)),
    uid: text(meta.uid),
    scheduling: projectPodScheduling(obj, strings.values),
  };
}

export function projectLease(obj: KubeObject, strings = new StringInterner()): LeaseRecord {
  const meta = obj.metadata ?? {};
  const spec = obj.spec ?? {};
  return {
    kind: 'Lease',
    namespace: strings.intern(String(meta.namespace ?? '')),
    name: String(meta.name ?? ''),
    resourceVersion: String(meta.resourceVersion ?? ''),
    holderIdentity: text(spec.holderIdentity),
    leaseDurationSeconds: typeof spec.leaseDurationSeconds === 'number' ? spec.leaseDurationSeconds : undefined,
    acquireTime: time(spec.acquireTime),
    renewTime: time(spec.renewTime),
    leaseTransitions: typeof spec.leaseTransitions === 'number' ? spec.leaseTransitions : undefined,
  };
}

/** `namespace/name`, the key the model indexes pods and leases by. */
export function objectKey(r: { namespace?: string; name: string }): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}

/** READY column as kubectl prints it: `1/1`. */
export function podReadyText(p: PodRecord): string {
  return `${p.readyContainers}/${p.totalContainers}`;
}

/** STATUS column as `kubectl get pods` prints it for the common cases. */
export function podStatusText(p: PodRecord): string {
  if (p.deleting) return 'Terminating';
  return p.reason ?? p.phase;
}

export function nodeReadyStatus(n: NodeRecord): 'True' | 'False' | 'Unknown' {
  return n.conditions.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
}
