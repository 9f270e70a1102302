// The framework: a profile's plugins, grouped per extension point, and the runners
// that call them in order with kube-scheduler's semantics (Skip, first rejection wins,
// weighted scores, nominated pods counted during Filter).
import type { Pod } from '../api/types';
import type { NodeInfo } from '../snapshot/node-info';
import type { Snapshot } from '../snapshot/snapshot';
import { TraceRecorder } from '../trace/recorder';
import { CycleState } from './cycle-state';
import type {
  AnyPlugin,
  BindPlugin,
  ClusterEvent,
  FilterPlugin,
  FrameworkHandle,
  NodeToStatus,
  PermitPlugin,
  PostFilterPlugin,
  PostFilterResult,
  PreBindPlugin,
  PreEnqueuePlugin,
  PreFilterPlugin,
  PreScorePlugin,
  QueueSortPlugin,
  QueuedPodInfo,
  ReservePlugin,
  ScorePlugin,
} from './interfaces';
import { isStatus, MAX_NODE_SCORE, MIN_NODE_SCORE } from './interfaces';
import type { PodInfo } from './pod-info';
import { Code, type MaybeStatus, Status } from './status';

// Module-local copies: imported bindings are read through getters in the hot loops otherwise.
const SUCCESS = Code.Success;
const MAX_SCORE = MAX_NODE_SCORE;
const MIN_SCORE = MIN_NODE_SCORE;

export interface PluginConfig {
  name: string;
  /** Score weight (kube-scheduler's default weights apply when omitted). */
  weight?: number;
  args?: unknown;
}

export type PluginFactory = (handle: FrameworkHandle, args?: any) => AnyPlugin;

export interface FrameworkOptions {
  /** default-scheduler unless set. */
  schedulerName?: string;
  /** Plugins in the order they run; the default profile when omitted. */
  plugins?: PluginConfig[];
  /** Factories by plugin name (the in-tree registry plus any out-of-tree plugins). */
  registry: Record<string, PluginFactory>;
  /** 0 or undefined: adaptive, as kube-scheduler (50 - nodes/125, at least 5%). */
  percentageOfNodesToScore?: number;
  /** Record a SchedulingTrace of every plugin call (default true). */
  trace?: boolean;
}

interface Weighted<T> {
  plugin: T;
  /** The undecorated plugin, called once per node (the decorator only forwards Score). */
  scorer: T;
  weight: number;
}

export class Framework implements FrameworkHandle {
  readonly schedulerName: string;
  readonly percentageOfNodesToScore: number | undefined;
  readonly recorder: TraceRecorder | undefined;
  /** Where the next attempt starts in the node list, so attempts spread across nodes. */
  nextStartNodeIndex = 0;

  readonly queueSort: QueueSortPlugin | undefined;
  readonly preEnqueue: PreEnqueuePlugin[] = [];
  readonly preFilter: PreFilterPlugin[] = [];
  readonly filter: FilterPlugin[] = [];
  readonly postFilter: PostFilterPlugin[] = [];
  readonly preScore: PreScorePlugin[] = [];
  readonly score: Array<Weighted<ScorePlugin>> = [];
  readonly reserve: ReservePlugin[] = [];
  readonly permit: PermitPlugin[] = [];
  readonly preBind: PreBindPlugin[] = [];
  readonly bind: BindPlugin[] = [];
  /**
   * The undecorated Filter plugins, parallel to `filter`: Filter runs once per node and
   * plugin, so the framework calls them directly and reports rejections to the recorder
   * itself (one call less per node and plugin).
   */
  private readonly filterRunners: FilterPlugin[] = [];
  /** Cluster events each plugin registers, for requeueing the pods it rejected. */
  readonly events = new Map<string, ClusterEvent[]>();

  private currentSnapshot: Snapshot | undefined;
  /**
   * @internal scheduleOne's list of feasible nodes, reused across attempts: taken while in use
   * (undefined then), so a nested attempt on this framework allocates its own.
   */
  feasibleBuffer: NodeInfo[] | undefined;
  /** @internal The same for the names and slots of the nodes an attempt evaluated (copied into its trace). */
  evaluatedBuffer: string[] | undefined;
  /** @internal */
  slotsBuffer: Int32Array | undefined;

  constructor(options: FrameworkOptions, defaults: PluginConfig[], defaultWeights: Record<string, number>) {
    this.schedulerName = options.schedulerName ?? 'default-scheduler';
    this.percentageOfNodesToScore = options.percentageOfNodesToScore || undefined;
    this.recorder = options.trace === false ? undefined : new TraceRecorder();
    for (const cfg of options.plugins ?? defaults) {
      const factory = options.registry[cfg.name];
      if (!factory) throw new Error(`scheduler profile "${this.schedulerName}": plugin "${cfg.name}" is not registered`);
      const raw = factory(this, cfg.args);
      const p = this.recorder ? this.recorder.decorate(raw) : raw;
      if (p.less) (this as { queueSort: QueueSortPlugin | undefined }).queueSort = p as QueueSortPlugin;
      if (p.preEnqueue) this.preEnqueue.push(p as PreEnqueuePlugin);
      if (p.preFilter) this.preFilter.push(p as PreFilterPlugin);
      if (p.filter) {
        this.filter.push(p as FilterPlugin);
        this.filterRunners.push(raw as FilterPlugin);
      }
      if (p.postFilter) this.postFilter.push(p as PostFilterPlugin);
      if (p.preScore) this.preScore.push(p as PreScorePlugin);
      if (p.score) this.score.push({ plugin: p as ScorePlugin, scorer: raw as ScorePlugin, weight: cfg.weight ?? defaultWeights[cfg.name] ?? 1 });
      if (p.reserve) this.reserve.push(p as ReservePlugin);
      if (p.permit) this.permit.push(p as PermitPlugin);
      if (p.preBind) this.preBind.push(p as PreBindPlugin);
      if (p.bind) this.bind.push(p as BindPlugin);
      if (p.eventsToRegister) this.events.set(p.name, p.eventsToRegister());
    }
  }

  get snapshot(): Snapshot {
    if (!this.currentSnapshot) throw new Error('no scheduling cycle is running: the snapshot is set by scheduleOne');
    return this.currentSnapshot;
  }

  /** Set by scheduleOne at the start of each cycle. */
  useSnapshot(s: Snapshot): void {
    this.currentSnapshot = s;
  }

  private filterNames: string[] | undefined;

  /** Filter plugin names in order; one array shared by every trace (treat as read-only). */
  get filterPluginNames(): string[] {
    return (this.filterNames ??= this.filter.map((p) => p.name));
  }

  private weights: ReadonlyArray<{ readonly name: string; readonly weight: number }> | undefined;

  /** Score plugin names and weights in order; one array for every attempt (treat as read-only). */
  get scoreWeights(): ReadonlyArray<{ readonly name: string; readonly weight: number }> {
    return (this.weights ??= this.score.map((s) => ({ name: s.plugin.name, weight: s.weight })));
  }

  // --- queue ---------------------------------------------------------------------

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    if (this.queueSort) return this.queueSort.less(a, b);
    return a.timestamp < b.timestamp;
  }

  runPreEnqueuePlugins(pod: Pod): MaybeStatus {
    for (const p of this.preEnqueue) {
      const s = p.preEnqueue(pod);
      if (s && s.code !== Code.Success) return s.withPlugin(p.name);
    }
    return undefined;
  }

  // --- filtering -----------------------------------------------------------------

  runPreFilterPlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { nodeNames?: Set<string>; narrowedBy?: string[]; status?: Status } {
    let nodeNames: Set<string> | undefined;
    const narrowing: string[] = [];
    for (const p of this.preFilter) {
      const r = p.preFilter(state, pod, nodes);
      if (r === undefined) continue;
      if (isStatus(r)) {
        if (r.code === Code.Skip) {
          state.skipFilterPlugins.add(p.name);
          continue;
        }
        if (r.code === Code.Success) continue;
        if (r.isRejected()) return { status: r.withPlugin(p.name) };
        return { status: Status.error(`running PreFilter plugin "${p.name}": ${r.message}`).withPlugin(p.name) };
      }
      narrowing.push(p.name);
      nodeNames = nodeNames ? new Set([...nodeNames].filter((n) => r.nodeNames.has(n))) : new Set(r.nodeNames);
      if (nodeNames.size === 0) {
        const msg = narrowing.length === 1 ? `node(s) didn't satisfy plugin ${narrowing[0]}` : `node(s) didn't satisfy plugin(s) [${narrowing.join(' ')}] simultaneously`;
        return { status: Status.unresolvable(msg).withPlugin(p.name) };
      }
    }
    return { nodeNames, narrowedBy: narrowing };
  }

  runFilterPlugins(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): MaybeStatus {
    // The filters left after PreFilter's Skips, computed once per cycle. Built in another
    // function: a closure here over `state` would make V8 allocate a context on every call
    // (once per node and attempt, ~20 KB per attempt at 5,000 nodes), used or not.
    const list = state.activeFilters ?? (state.activeFilters = activeFilters(this.filterRunners, state.skipFilterPlugins));
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      const s = p.filter(state, pod, nodeInfo);
      if (s !== undefined && s.code !== SUCCESS) {
        this.recorder?.filterResult(nodeInfo.name, p.name, s, nodeInfo);
        if (!s.isRejected()) return Status.error(`running "${p.name}" filter plugin: ${s.message}`).withPlugin(p.name);
        return s.withPlugin(p.name);
      }
    }
    return undefined;
  }

  /**
   * Runs the filters twice when pods of equal or higher priority are nominated to the
   * node: once counting them (so they keep the room preemption made), once without.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): MaybeStatus {
    const snapshot = this.currentSnapshot;
    // Usually nobody is nominated: no list (not even an empty one) is made per node.
    if (!snapshot || !snapshot.hasNominatedPods) return this.runFilterPlugins(state, pod, nodeInfo);
    const nominated = snapshot.nominatedPodsFor(nodeInfo.name);
    if (nominated.length === 0) return this.runFilterPlugins(state, pod, nodeInfo);
    let withState = state;
    let withNode = nodeInfo;
    let added = false;
    for (const np of nominated) {
      if (np.key === pod.key || np.priority < pod.priority) continue;
      if (!added) {
        withState = state.clone();
        withNode = nodeInfo.clone();
        added = true;
      }
      withNode.addPod(np);
      const s = this.runPreFilterExtensionAddPod(withState, pod, np, withNode);
      if (s && s.code !== SUCCESS) return s;
    }
    const first = this.runFilterPlugins(withState, pod, withNode);
    if (!added || (first && first.code !== SUCCESS)) return first;
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): MaybeStatus {
    for (const p of this.preFilter) {
      if (!p.preFilterExtensions || state.skipFilterPlugins.has(p.name)) continue;
      const s = p.preFilterExtensions.addPod(state, pod, toAdd, nodeInfo);
      if (s && s.code !== Code.Success) return Status.error(`running AddPod on PreFilter plugin "${p.name}": ${s.message}`);
    }
    return undefined;
  }

  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, nodeInfo: NodeInfo): MaybeStatus {
    for (const p of this.preFilter) {
      if (!p.preFilterExtensions || state.skipFilterPlugins.has(p.name)) continue;
      const s = p.preFilterExtensions.removePod(state, pod, toRemove, nodeInfo);
      if (s && s.code !== Code.Success) return Status.error(`running RemovePod on PreFilter plugin "${p.name}": ${s.message}`);
    }
    return undefined;
  }

  runPostFilterPlugins(state: CycleState, pod: PodInfo, filtered: NodeToStatus): { result?: PostFilterResult; status: Status } {
    let last: { result?: PostFilterResult; status: Status } = { status: Status.unschedulable() };
    for (const p of this.postFilter) {
      const out = p.postFilter(state, pod, filtered);
      out.status.withPlugin(p.name);
      if (out.status.isSuccess()) return out;
      if (out.status.code === Code.Error) return out;
      last = out;
    }
    return last;
  }

  // --- scoring -------------------------------------------------------------------

  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): MaybeStatus {
    for (const p of this.preScore) {
      const s = p.preScore(state, pod, nodes);
      if (!s || s.code === Code.Success) continue;
      if (s.code === Code.Skip) {
        state.skipScorePlugins.add(p.name);
        continue;
      }
      return Status.error(`running PreScore plugin "${p.name}": ${s.message}`).withPlugin(p.name);
    }
    return undefined;
  }

  /**
   * The Score plugins' buffer, reused by every plugin and attempt: a fresh array per plugin
   * and attempt was ~4 KB each at 5,000 nodes (500 scored), ~16 KB per attempt. Taken while
   * in use, so a nested call (none is known) allocates its own rather than sharing it.
   */
  private scoreBuffer: number[] | undefined;
  /** Totals when nothing keeps them (no trace): taken by runScorePlugins, given back by releaseTotals. */
  private totalsBuffer: number[] | undefined;

  /**
   * Weighted totals per node (parallel to `nodes`), or an error Status. Without a recorder the
   * array is the framework's buffer: valid until releaseTotals. With one, the trace keeps it.
   */
  runScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): number[] | Status {
    const n = nodes.length;
    let totals: number[];
    if (this.recorder) totals = new Array<number>(n).fill(0);
    else {
      totals = this.totalsBuffer !== undefined && this.totalsBuffer.length === n ? this.totalsBuffer : new Array<number>(n);
      this.totalsBuffer = undefined;
      totals.fill(0);
    }
    const skip = state.skipScorePlugins;
    let scores = this.scoreBuffer !== undefined && this.scoreBuffer.length === n ? this.scoreBuffer : new Array<number>(n);
    this.scoreBuffer = undefined;
    for (const { plugin, scorer, weight } of this.score) {
      if (skip.has(plugin.name)) continue;
      for (let i = 0; i < n; i++) {
        const v = scorer.score(state, pod, nodes[i]);
        if (typeof v !== 'number') return Status.error(`running Score plugin "${plugin.name}": ${v.message}`).withPlugin(plugin.name);
        scores[i] = v;
      }
      if (plugin.normalizeScore) {
        const s = plugin.normalizeScore(state, pod, nodes, scores);
        if (s && s.code !== SUCCESS) return Status.error(`running Normalize on Score plugin "${plugin.name}": ${s.message}`).withPlugin(plugin.name);
      }
      for (let i = 0; i < n; i++) {
        const v = scores[i];
        if (v > MAX_SCORE || v < MIN_SCORE) {
          return Status.error(`plugin "${plugin.name}" returns an invalid score ${v}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`).withPlugin(plugin.name);
        }
        totals[i] += v * weight;
      }
      // A plugin that resized the array (none in-tree does) leaves it to itself: the next gets n fresh slots.
      if (scores.length !== n) scores = new Array<number>(n);
    }
    this.scoreBuffer = scores;
    return totals;
  }

  /** Gives back runScorePlugins' totals once the host is chosen (reused only when no trace keeps them). */
  releaseTotals(totals: number[]): void {
    if (!this.recorder) this.totalsBuffer = totals;
  }

  // --- binding cycle -------------------------------------------------------------

  runReservePluginsReserve(state: CycleState, pod: PodInfo, nodeName: string): MaybeStatus {
    for (const p of this.reserve) {
      const s = p.reserve(state, pod, nodeName);
      if (s && s.code !== Code.Success) return Status.error(`running Reserve plugin "${p.name}": ${s.message}`).withPlugin(p.name);
    }
    return undefined;
  }

  runReservePluginsUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    // Unreserve runs in reverse order, as in kube-scheduler.
    for (let i = this.reserve.length - 1; i >= 0; i--) this.reserve[i].unreserve(state, pod, nodeName);
  }

  runPermitPlugins(state: CycleState, pod: PodInfo, nodeName: string): MaybeStatus {
    for (const p of this.permit) {
      const s = p.permit(state, pod, nodeName);
      if (!s || s.code === Code.Success) continue;
      if (s.isRejected()) return s.withPlugin(p.name);
      if (s.code === Code.Wait) return Status.unschedulable(`plugin "${p.name}" asked to wait, which this scheduler does not support`).withPlugin(p.name);
      return Status.error(`running Permit plugin "${p.name}": ${s.message}`).withPlugin(p.name);
    }
    return undefined;
  }

  runPreBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): MaybeStatus {
    for (const p of this.preBind) {
      const s = p.preBind(state, pod, nodeName);
      if (!s || s.code === Code.Success || s.code === Code.Skip) continue;
      return Status.error(`running PreBind plugin "${p.name}": ${s.message}`).withPlugin(p.name);
    }
    return undefined;
  }

  runBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): { status?: Status; binding?: ReturnType<BindPlugin['bind']>['binding'] } {
    for (const p of this.bind) {
      const r = p.bind(state, pod, nodeName);
      if (r.status?.code === Code.Skip) continue;
      if (r.status && r.status.code !== Code.Success) return { status: Status.error(`running Bind plugin "${p.name}": ${r.status.message}`).withPlugin(p.name) };
      return r;
    }
    return { status: Status.error('no bind plugin bound the pod') };
  }

  newCycleState(): CycleState {
    return new CycleState();
  }
}

/** The filter plugins PreFilter did not skip. */
function activeFilters(runners: readonly FilterPlugin[], skipped: ReadonlySet<string>): FilterPlugin[] {
  const out: FilterPlugin[] = [];
  for (const p of runners) if (!skipped.has(p.name)) out.push(p);
  return out;
}
