// Reconstruction of one pod's scheduling decision on a cluster whose scheduler keeps no
// records: the default profile's plugins run against the model's snapshot with the pod
// as it was while Pending (no node, taken off the node it is on now), over ALL nodes
// (percentageOfNodesToScore 100, so every node gets a row), and nothing is bound.
import type { Clock } from '../kube/clock.js';
import { type Framework, type Pod, type ScheduleResult, type SchedulingTrace, Snapshot, newFramework, podKey, scheduleOne } from '../scheduler/index.js';
import type { SchedulingSnapshot } from './scheduling-snapshot.js';

export interface ReconstructOptions {
  /** The trace's start time; the wall clock when omitted. */
  clock?: Clock;
  /** Tie-breaking among equal totals (Math.random when omitted, as kube-scheduler). */
  random?: () => number;
  /** The profile to run; the default profile scoring all nodes when omitted. */
  framework?: Framework;
  /**
   * Services, ReplicaSets, StatefulSets and ReplicationControllers selecting the pod: the
   * default spreading of PodTopologySpread selects by them. The model does not keep them,
   * so without these a pod with no spread constraints of its own is scored without it.
   */
  selectorOwners?: Partial<Pick<Snapshot, 'services' | 'replicaSets' | 'statefulSets' | 'replicationControllers'>>;
}

/** How the reconstruction compares with where the pod actually is. */
export type Agreement =
  /** The reconstruction picked the pod's node. */
  | 'same'
  /** Another node won the draw, but the pod's node had the same top total. */
  | 'tied'
  /** The pod's node scored lower or did not pass the filters. */
  | 'different'
  /** The reconstruction found no node (the cluster changed since, or preemption made room). */
  | 'unschedulable'
  /** The pod has no node yet: nothing to compare. */
  | 'pending';

export interface Reconstruction {
  trace: SchedulingTrace;
  result: ScheduleResult;
  /** Every node of the snapshot, in its order: the decision table lists them all. */
  allNodeNames: string[];
  /** spec.nodeName of the pod as read from the API ('' when Pending). */
  actualNodeName: string;
  agreement: Agreement;
  /** Caveats to show with the reconstruction (other scheduler, static pod...). */
  notes: string[];
}

/** A reconstruction evaluates every node: the table then says why each one lost. */
export function reconstructionFramework(): Framework {
  return newFramework({ trace: true, percentageOfNodesToScore: 100 });
}

const frameworks = new WeakMap<object, Framework>();

/** The pod as the scheduler saw it before binding: no node, phase Pending, no status of the run. */
export function asPending(pod: Pod): Pod {
  const { nodeName: _nodeName, ...spec } = pod.spec ?? { containers: [] };
  return {
    ...pod,
    metadata: { ...(pod.metadata ?? {}) },
    spec: { ...spec, containers: Array.isArray(spec.containers) ? spec.containers : [] },
    status: { phase: 'Pending' },
  };
}

/** Whether the actual node is the pick or tied with it for the top total. */
export function agreementOf(trace: SchedulingTrace, actualNodeName: string): Agreement {
  if (!actualNodeName) return 'pending';
  if (trace.outcome !== 'Scheduled' || !trace.nodeName) return 'unschedulable';
  if (trace.nodeName === actualNodeName) return 'same';
  const scores = trace.scores;
  if (!scores) return 'different';
  const i = scores.nodes.indexOf(actualNodeName);
  const j = scores.nodes.indexOf(trace.nodeName);
  return i >= 0 && j >= 0 && scores.totals[i] === scores.totals[j] ? 'tied' : 'different';
}

function notesFor(pod: Pod): string[] {
  const notes: string[] = [];
  const schedulerName = pod.spec?.schedulerName;
  if (schedulerName && schedulerName !== 'default-scheduler') {
    notes.push(`The pod asks for scheduler "${schedulerName}"; the reconstruction runs kube-scheduler's default profile.`);
  }
  if (pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined) {
    notes.push('This is a static pod: the kubelet started it on its node; no scheduler chose the node.');
  }
  return notes;
}

type SelectorOwners = NonNullable<ReconstructOptions['selectorOwners']>;

/** Labels a controller puts on each pod that its selector never includes. */
const PER_POD_LABELS = ['statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'controller-revision-hash'];
const OWNER_LISTS: Record<string, keyof SelectorOwners> = { ReplicaSet: 'replicaSets', StatefulSet: 'statefulSets', ReplicationController: 'replicationControllers' };

/**
 * kube-scheduler spreads a ReplicaSet's or StatefulSet's pods by default, selecting by the
 * controller's selector. The model keeps no controllers; their pods carry the template's
 * labels (and the ReplicaSet's pod-template-hash), so the pod's own labels, without the
 * per-pod ones, select the same pods.
 */
function approximateOwner(pod: Pod, given: SelectorOwners | undefined): SelectorOwners | undefined {
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
  const list = owner ? OWNER_LISTS[owner.kind] : undefined;
  if (!owner || !list || given?.[list]) return undefined;
  const labels: Record<string, string> = { ...(pod.metadata.labels ?? {}) };
  for (const k of PER_POD_LABELS) delete labels[k];
  if (Object.keys(labels).length === 0) return undefined;
  const selector = owner.kind === 'ReplicationController' ? labels : { matchLabels: labels };
  return { [list]: [{ apiVersion: owner.apiVersion, kind: owner.kind, metadata: { name: owner.name, namespace: pod.metadata.namespace || 'default' }, spec: { selector } }] };
}

function run(snap: Snapshot, pending: Pod, fw: Framework, options: ReconstructOptions, owners: SelectorOwners | undefined): { trace: SchedulingTrace; result: ScheduleResult } {
  const saved = { services: snap.services, replicaSets: snap.replicaSets, statefulSets: snap.statefulSets, replicationControllers: snap.replicationControllers };
  Object.assign(snap, options.selectorOwners ?? {}, owners ?? {});
  try {
    // The pod is counted on its node now; when it was scheduled it was not.
    snap.removePod(pending);
    // Every reconstruction lists the nodes in the snapshot's order, from the first.
    fw.nextStartNodeIndex = 0;
    return scheduleOne(fw, snap, pending, { clock: options.clock, random: options.random, assume: false });
  } finally {
    Object.assign(snap, saved);
  }
}

/**
 * Reconstructs how the default scheduler decides for `pod` (the full Pod from the API)
 * against `snapshot`, leaving the snapshot as it was.
 */
export function reconstructDecision(snapshot: SchedulingSnapshot | Snapshot, pod: Pod, options: ReconstructOptions = {}): Reconstruction {
  const pending = asPending(pod);
  const fw = options.framework ?? frameworkFor(snapshot);
  const owners = approximateOwner(pending, options.selectorOwners);
  let out: { trace: SchedulingTrace; result: ScheduleResult };
  let allNodeNames: string[];
  if (snapshot instanceof Snapshot) {
    // A bare Snapshot (tests, what-if copies): put the pod back by hand afterwards.
    const key = podKey(pending);
    const before = [...snapshot.pods()].find((p) => podKey(p.pod) === key);
    try {
      out = run(snapshot, pending, fw, options, owners);
    } finally {
      snapshot.removePod(pending);
      if (before?.assumed) snapshot.assume(before.pod, before.nodeName);
      else if (before) snapshot.addPod(before.pod);
    }
    allNodeNames = snapshot.nodeInfos().map((n) => n.name);
  } else {
    out = snapshot.withAssumed((snap) => run(snap, pending, fw, options, owners));
    allNodeNames = snapshot.nodeNames();
  }
  const actualNodeName = typeof pod.spec?.nodeName === 'string' ? pod.spec.nodeName : '';
  const notes = notesFor(pod);
  if (owners) notes.push("Default spreading used the pod's labels as its controller's selector (the extension does not list ReplicaSets or StatefulSets).");
  return { ...out, allNodeNames, actualNodeName, agreement: agreementOf(out.trace, actualNodeName), notes };
}

function frameworkFor(snapshot: object): Framework {
  let fw = frameworks.get(snapshot);
  if (!fw) {
    fw = reconstructionFramework();
    frameworks.set(snapshot, fw);
  }
  return fw;
}
