// Reconstruction of one pod's scheduling decision on a cluster whose scheduler keeps no
// records: the default profile's plugins run against the model's snapshot with the pod
// as it was while Pending (no node, taken off the node it is on now), over ALL nodes
// (percentageOfNodesToScore 100, so every node gets a row), and nothing is bound.
import type { Clock } from '../kube/clock.js';
import {
  DEFAULT_PLUGINS,
  type Framework,
  PluginNames,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type Pod,
  type ScheduleResult,
  type SchedulingTrace,
  Snapshot,
  type StorageClass,
  newFramework,
  podKey,
  scheduleOne,
} from '../scheduler/index.js';
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
  /**
   * The pod's PersistentVolumeClaims (and their volumes and classes) for VolumeBinding and
   * VolumeRestrictions. The model keeps none: without them those two plugins are left out
   * for a pod with claims, and a note says so.
   */
  storage?: { persistentVolumeClaims?: PersistentVolumeClaim[]; persistentVolumes?: PersistentVolume[]; storageClasses?: StorageClass[] };
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

/** The same profile without the volume plugins, for pods whose claims the extension does not know. */
export function reconstructionFrameworkWithoutVolumes(): Framework {
  const volumes = new Set<string>([PluginNames.VolumeBinding, PluginNames.VolumeRestrictions]);
  return newFramework({ trace: true, percentageOfNodesToScore: 100, plugins: DEFAULT_PLUGINS.filter((p) => !volumes.has(p.name)) });
}

const frameworks = new WeakMap<object, Framework>();
const frameworksWithoutVolumes = new WeakMap<object, Framework>();

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
function approximateOwner(pod: Pod, known: SelectorOwners): SelectorOwners | undefined {
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
  const list = owner ? OWNER_LISTS[owner.kind] : undefined;
  const namespace = pod.metadata.namespace || 'default';
  if (!owner || !list || known[list]?.some((o) => o.metadata.name === owner.name && (o.metadata.namespace ?? 'default') === namespace)) return undefined;
  const labels: Record<string, string> = { ...(pod.metadata.labels ?? {}) };
  for (const k of PER_POD_LABELS) delete labels[k];
  if (Object.keys(labels).length === 0) return undefined;
  const selector = owner.kind === 'ReplicationController' ? labels : { matchLabels: labels };
  return { [list]: [{ apiVersion: owner.apiVersion, kind: owner.kind, metadata: { name: owner.name, namespace }, spec: { selector } }] };
}

interface Run {
  trace: SchedulingTrace;
  result: ScheduleResult;
  /** The controller's selector was approximated from the pod's labels. */
  approximated: boolean;
  /** Claims of the pod the snapshot does not know (the volume plugins were left out). */
  unknownClaims: string[];
}

/** Puts the given storage objects into the snapshot's maps; returns the undo. */
function addStorage(snap: Snapshot, storage: ReconstructOptions['storage']): () => void {
  const undo: Array<() => void> = [];
  const put = <T>(map: Map<string, T>, key: string, value: T) => {
    const had = map.has(key);
    const before = map.get(key);
    map.set(key, value);
    undo.push(() => (had ? map.set(key, before as T) : map.delete(key)));
  };
  for (const c of storage?.persistentVolumeClaims ?? []) put(snap.pvcs, `${c.metadata.namespace || 'default'}/${c.metadata.name}`, c);
  for (const v of storage?.persistentVolumes ?? []) put(snap.pvs, v.metadata.name ?? '', v);
  for (const c of storage?.storageClasses ?? []) put(snap.storageClasses, c.metadata.name ?? '', c);
  return () => undo.reverse().forEach((u) => u());
}

function run(snap: Snapshot, pending: Pod, frameworks: { full: Framework; withoutVolumes: () => Framework }, options: ReconstructOptions): Run {
  const saved = { services: snap.services, replicaSets: snap.replicaSets, statefulSets: snap.statefulSets, replicationControllers: snap.replicationControllers };
  Object.assign(snap, options.selectorOwners ?? {});
  const owners = approximateOwner(pending, snap);
  Object.assign(snap, owners ?? {});
  const removeStorage = addStorage(snap, options.storage);
  const namespace = pending.metadata.namespace || 'default';
  const claims = (pending.spec.volumes ?? []).map((v) => v?.persistentVolumeClaim?.claimName).filter((c): c is string => typeof c === 'string' && c !== '');
  const unknownClaims = claims.filter((c) => !snap.pvc(namespace, c));
  const fw = unknownClaims.length > 0 ? frameworks.withoutVolumes() : frameworks.full;
  try {
    // The pod is counted on its node now; when it was scheduled it was not.
    snap.removePod(pending);
    // Every reconstruction lists the nodes in the snapshot's order, from the first.
    fw.nextStartNodeIndex = 0;
    return { ...scheduleOne(fw, snap, pending, { clock: options.clock, random: options.random, assume: false }), approximated: !!owners, unknownClaims };
  } finally {
    removeStorage();
    Object.assign(snap, saved);
  }
}

/**
 * Reconstructs how the default scheduler decides for `pod` (the full Pod from the API)
 * against `snapshot`, leaving the snapshot as it was.
 */
export function reconstructDecision(snapshot: SchedulingSnapshot | Snapshot, pod: Pod, options: ReconstructOptions = {}): Reconstruction {
  const pending = asPending(pod);
  const fws = {
    full: options.framework ?? cached(frameworks, snapshot, reconstructionFramework),
    withoutVolumes: () => options.framework ?? cached(frameworksWithoutVolumes, snapshot, reconstructionFrameworkWithoutVolumes),
  };
  let out: Run;
  let allNodeNames: string[];
  if (snapshot instanceof Snapshot) {
    // A bare Snapshot (tests, what-if copies): put the pod back by hand afterwards.
    const key = podKey(pending);
    const before = [...snapshot.pods()].find((p) => podKey(p.pod) === key);
    try {
      out = run(snapshot, pending, fws, options);
    } finally {
      snapshot.removePod(pending);
      if (before?.assumed) snapshot.assume(before.pod, before.nodeName);
      else if (before) snapshot.addPod(before.pod);
    }
    allNodeNames = snapshot.nodeInfos().map((n) => n.name);
  } else {
    out = snapshot.withAssumed((snap) => run(snap, pending, fws, options));
    allNodeNames = snapshot.nodeNames();
  }
  const actualNodeName = typeof pod.spec?.nodeName === 'string' ? pod.spec.nodeName : '';
  const notes = notesFor(pod);
  if (out.unknownClaims.length > 0 && !options.framework) {
    notes.push(`VolumeBinding and VolumeRestrictions were left out: the PersistentVolumeClaims ${out.unknownClaims.join(', ')} are not known to the extension.`);
  }
  // A caller that read the controller says itself why it is missing (forbidden, gone).
  if (out.approximated && !options.selectorOwners) notes.push("Default spreading used the pod's labels as its controller's selector (the extension does not list ReplicaSets or StatefulSets).");
  return { trace: out.trace, result: out.result, allNodeNames, actualNodeName, agreement: agreementOf(out.trace, actualNodeName), notes };
}

function cached(map: WeakMap<object, Framework>, snapshot: object, make: () => Framework): Framework {
  let fw = map.get(snapshot);
  if (!fw) map.set(snapshot, (fw = make()));
  return fw;
}
