// One small interface per kube-scheduler extension point. A plugin implements the
// ones it needs; the framework calls them in the order the profile lists them.
import type { Binding, Pod } from '../api/types';
import type { NodeInfo } from '../snapshot/node-info';
import type { Snapshot } from '../snapshot/snapshot';
import type { CycleState } from './cycle-state';
import type { PodInfo } from './pod-info';
import type { MaybeStatus, Status } from './status';

export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export interface Plugin {
  readonly name: string;
}

/** A change in the cluster that may make rejected pods schedulable. */
export interface ClusterEvent {
  resource: 'Node' | 'Pod' | 'AssignedPod' | 'PersistentVolume' | 'PersistentVolumeClaim' | 'StorageClass' | 'Namespace' | 'Service' | '*';
  /** Add, Delete, Update, or a specific update such as UpdateNodeLabel, UpdateNodeTaint, UpdatePodLabel. */
  action: string;
  label?: string;
}

/** What a plugin registers: events that can make pods it rejected schedulable again. */
export interface EnqueueExtensions {
  eventsToRegister(): ClusterEvent[];
}

/** What a queued pod carries in the scheduling queue. */
export interface QueuedPodInfo {
  pod: Pod;
  /** When the pod was added to the queue or last moved back into it. */
  timestamp: number;
  attempts: number;
  initialAttemptTimestamp?: number;
  /** Plugins that rejected the pod in its last attempt; events for them requeue it. */
  unschedulablePlugins: Set<string>;
  /** Set while a PreEnqueue plugin (e.g. SchedulingGates) holds the pod back. */
  gatedBy?: string;
}

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: Pod): MaybeStatus;
}

/** PreFilter may narrow the nodes to evaluate (e.g. metadata.name node affinity). */
export interface PreFilterResult {
  nodeNames: Set<string>;
}

export interface PreFilterExtensions {
  /** The pod `toAdd` is assumed on `nodeInfo`; update what PreFilter computed. */
  addPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): MaybeStatus;
  removePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, nodeInfo: NodeInfo): MaybeStatus;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterResult | MaybeStatus;
  preFilterExtensions?: PreFilterExtensions;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): MaybeStatus;
}

/** Statuses per node of the filters that rejected them, plus one for nodes not listed. */
export interface NodeToStatus {
  statuses: Map<string, Status>;
  absent?: Status;
}

export interface PostFilterResult {
  nominatedNodeName?: string;
  victims?: Pod[];
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, filtered: NodeToStatus): { result?: PostFilterResult; status: Status };
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): MaybeStatus;
}

export interface ScorePlugin extends Plugin {
  /** The node's raw score, or a Status for an error. */
  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status;
  /** Rescales `scores` (parallel to `nodes`) in place to [0, 100]. */
  normalizeScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): MaybeStatus;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): MaybeStatus;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface PermitPlugin extends Plugin {
  /** Wait is not supported by this pure library: it is treated as a rejection. */
  permit(state: CycleState, pod: PodInfo, nodeName: string): MaybeStatus;
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, nodeName: string): MaybeStatus;
}

export interface BindPlugin extends Plugin {
  /** Returns the Binding the caller must create; Skip lets the next binder decide. */
  bind(state: CycleState, pod: PodInfo, nodeName: string): { status?: Status; binding?: Binding };
}

/** What plugins may reach of the framework that runs them. */
export interface FrameworkHandle {
  /** The snapshot of the current scheduling cycle. */
  readonly snapshot: Snapshot;
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): MaybeStatus;
  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): MaybeStatus;
  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, nodeInfo: NodeInfo): MaybeStatus;
}

export type AnyPlugin = Partial<
  QueueSortPlugin &
    PreEnqueuePlugin &
    PreFilterPlugin &
    FilterPlugin &
    PostFilterPlugin &
    PreScorePlugin &
    ScorePlugin &
    ReservePlugin &
    PermitPlugin &
    PreBindPlugin &
    BindPlugin &
    EnqueueExtensions
> &
  Plugin;

export function isStatus(x: unknown): x is Status {
  return typeof x === 'object' && x !== null && 'code' in x && 'reasons' in x;
}
