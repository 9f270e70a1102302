// The model's slim records turned back into the minimal Node and Pod objects the
// scheduler library reads, so a reconstruction runs the very plugins kube-scheduler's
// default profile runs, on the state the extension already keeps.
import type { NodeRecord, PodRecord } from '../cluster/projections.js';
import type { PodScheduling, ResourceAmounts } from '../cluster/scheduling-fields.js';
import { type Container, type Node, type Pod, type PodInfo, type ResourceList, podInfoOf, podKey } from '../scheduler/index.js';

function resourceList(a: ResourceAmounts): ResourceList {
  // Exact integers as quantity strings: the scheduler parses them back to the same numbers.
  const list: ResourceList = { cpu: `${a.milliCPU}m`, memory: String(a.memory) };
  if (a.ephemeralStorage !== undefined) list['ephemeral-storage'] = String(a.ephemeralStorage);
  if (a.pods !== undefined) list.pods = String(a.pods);
  if (a.scalar) for (const [k, v] of Object.entries(a.scalar)) list[k] = String(v);
  return list;
}

export function nodeFromRecord(r: NodeRecord): Node {
  const s = r.scheduling;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: r.name, labels: { ...(s?.labels ?? r.labels) } },
    spec: { unschedulable: r.unschedulable || undefined, taints: s?.taints ? s.taints.map((t) => ({ ...t })) : undefined },
    status: {
      allocatable: s ? resourceList(s.allocatable) : {},
      images: s?.images?.map((i) => ({ names: [...i.names], sizeBytes: i.sizeBytes })),
    },
  };
}

/** One synthetic container list, owner list and status per distinct value: replicas share them. */
const containersByShape = new WeakMap<object, Container[]>();
const ownersByShape = new WeakMap<object, NonNullable<Pod['metadata']['ownerReferences']>>();
const statusByPhase = new Map<string, { phase: string }>();

function ownersOf(controller: { kind: string; name: string }): NonNullable<Pod['metadata']['ownerReferences']> {
  let refs = ownersByShape.get(controller);
  if (!refs) {
    refs = [{ apiVersion: '', kind: controller.kind, name: controller.name, uid: '', controller: true }];
    ownersByShape.set(controller, refs);
  }
  return refs;
}

function statusOf(phase: string): { phase: string } {
  let s = statusByPhase.get(phase);
  if (!s) statusByPhase.set(phase, (s = { phase }));
  return s;
}

function containersOf(r: PodRecord): Container[] {
  const s = r.scheduling;
  if (!s) return [{ name: 'requests' }];
  let cs = containersByShape.get(s);
  if (!cs) {
    const c: Container = { name: 'requests', resources: { requests: resourceList(s.requests) } };
    if (s.hostPorts) c.ports = s.hostPorts.map((p) => ({ containerPort: p.port, hostPort: p.port, hostIP: p.ip, protocol: p.protocol }));
    cs = [c];
    containersByShape.set(s, cs);
  }
  return cs;
}

/** A bound pod as the scheduler's cache sees it: labels, placement, requests, ports, affinity, claims. */
export function podFromRecord(r: PodRecord): Pod {
  const s = r.scheduling;
  const pod: Pod = {
    metadata: {
      name: r.name,
      namespace: r.namespace,
      ...(r.uid ? { uid: r.uid } : {}),
      labels: (s?.labels ?? {}) as Record<string, string>,
      ...(s?.controller ? { ownerReferences: ownersOf(s.controller) } : {}),
      // Only its presence matters to the plugins (terminating pods do not count for spreading).
      ...(r.deleting ? { deletionTimestamp: new Date(0).toISOString() } : {}),
    },
    spec: {
      nodeName: r.nodeName,
      containers: containersOf(r),
      ...(r.priority !== undefined ? { priority: r.priority } : {}),
      ...(s?.schedulerName ? { schedulerName: s.schedulerName } : {}),
      ...(s?.affinity ? { affinity: s.affinity } : {}),
      ...(s?.pvcNames ? { volumes: s.pvcNames.map((claimName) => ({ name: claimName, persistentVolumeClaim: { claimName } })) } : {}),
    },
    status: statusOf(r.phase),
  };
  if (s) derivePodInfo(pod, r, s);
  return pod;
}

/** PodInfos already derived, per scheduling value, then namespace and priority (the other inputs). */
const derived = new WeakMap<PodScheduling, Map<string, PodInfo>>();

/**
 * Registers the PodInfo the scheduler will use for `pod`. Replicas differ only in name and
 * uid, so the requests, parsed affinity terms and ports derived for the first replica are
 * shared by the rest (read-only everywhere in the scheduler): 150,000 pods cost a few
 * hundred derivations instead of parsing every pod again.
 */
function derivePodInfo(pod: Pod, r: PodRecord, s: PodScheduling): void {
  let byScope = derived.get(s);
  if (!byScope) derived.set(s, (byScope = new Map()));
  const scope = `${r.namespace}\u0000${r.priority ?? 0}`;
  const known = byScope.get(scope);
  if (known) {
    Object.assign(known.withPod(pod), { key: podKey(pod) });
    return;
  }
  const info = podInfoOf(pod);
  if (s.nonZero) {
    // The scoring defaults apply per container that requests nothing; one synthetic
    // container cannot express that, so the derived figures are set from the record.
    Object.assign(info, { nonZeroMilliCPU: s.nonZero.milliCPU, nonZeroMemory: s.nonZero.memory });
  }
  byScope.set(scope, info);
}

/** Whether two records of one pod differ in anything the scheduler's cache reads. */
export function sameForScheduling(a: PodRecord, b: PodRecord): boolean {
  return a.nodeName === b.nodeName && a.scheduling === b.scheduling && a.priority === b.priority && a.deleting === b.deleting && a.uid === b.uid && isTerminal(a.phase) === isTerminal(b.phase);
}

export function sameNodeForScheduling(a: NodeRecord, b: NodeRecord): boolean {
  if (a.unschedulable !== b.unschedulable) return false;
  const x = a.scheduling;
  const y = b.scheduling;
  if (!x || !y) return x === y && a.labels === b.labels;
  return x.labels === y.labels && x.taints === y.taints && x.allocatable === y.allocatable && x.images === y.images;
}

export function isTerminal(phase: string): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Bound and not finished: the pods that take room on their node. */
export function occupiesNode(r: PodRecord): boolean {
  return r.nodeName !== '' && !isTerminal(r.phase);
}
