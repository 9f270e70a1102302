// PodTopologySpread: hard constraints (DoNotSchedule) reject nodes whose domain would
// exceed maxSkew over the least-loaded domain; soft ones (ScheduleAnyway, including the
// system defaults: zone maxSkew 5, hostname maxSkew 3) score emptier domains higher.
import { findUntoleratedTaint } from '../api/tolerations';
import type { Pod, TopologySpreadConstraint } from '../api/types';
import { LABEL_HOSTNAME as HOSTNAME_LABEL, LABEL_ZONE } from '../api/types';
import type { CycleState, StateData } from '../framework/cycle-state';
import type { ClusterEvent, EnqueueExtensions, FilterPlugin, FrameworkHandle, PreFilterExtensions, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../framework/interfaces';
import { MAX_NODE_SCORE } from '../framework/interfaces';
import type { PodInfo } from '../framework/pod-info';
import { type MaybeStatus, Status } from '../framework/status';
import type { NodeInfo } from '../snapshot/node-info';
import type { NodeTable } from '../snapshot/node-table';
import { PodTopologySpread as NAME } from './names';
import { requiredNodeAffinity, type RequiredNodeAffinity } from './node-affinity';
import { MISSING, SpreadCounts } from './spread-counts';
import { buildConstraints, countMatchingCached, defaultSpreadSelector, type SpreadConstraint } from './topology-spread-constraints';

// Local bindings: the per-node loops below use them thousands of times per cycle.
const countMatching = countMatchingCached;
const LABEL_HOSTNAME = HOSTNAME_LABEL;

export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const ErrReasonNodeLabelNotMatch = `${ErrReasonConstraintsNotMatch} (missing required label)`;

/** kube-scheduler's default system constraints, applied when a pod states none. */
export const SYSTEM_DEFAULT_CONSTRAINTS: TopologySpreadConstraint[] = [
  { topologyKey: LABEL_ZONE, maxSkew: 5, whenUnsatisfiable: 'ScheduleAnyway' },
  { topologyKey: LABEL_HOSTNAME, maxSkew: 3, whenUnsatisfiable: 'ScheduleAnyway' },
];

function nodeHasAllKeys(labels: Record<string, string>, constraints: readonly SpreadConstraint[]): boolean {
  for (const c of constraints) if (!(c.topologyKey in labels)) return false;
  return true;
}

/** Whether a node counts for a constraint under its nodeAffinityPolicy / nodeTaintsPolicy. */
function includesNode(c: SpreadConstraint, pod: Pod, nodeInfo: NodeInfo, affinity: RequiredNodeAffinity): boolean {
  if (c.nodeAffinityPolicy !== 'Ignore' && !affinity.match(nodeInfo.node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findUntoleratedTaint(nodeInfo.node.spec?.taints, pod.spec.tolerations, ['NoSchedule', 'NoExecute'])) return false;
  return true;
}

class PreFilterState implements StateData {
  constructor(
    readonly constraints: SpreadConstraint[],
    /** Per constraint: domain value -> matching pods. */
    readonly counts: Array<Map<string, number>>,
    private mins: number[],
  ) {}

  minMatch(i: number): number {
    const c = this.constraints[i];
    // With fewer eligible domains than minDomains, the global minimum is taken as 0.
    if (c.minDomains > 1 && this.counts[i].size < c.minDomains) return 0;
    return this.mins[i];
  }

  update(i: number, value: string, delta: number): void {
    const m = this.counts[i];
    if (!m.has(value)) return;
    m.set(value, m.get(value)! + delta);
    let min = Number.MAX_SAFE_INTEGER;
    for (const v of m.values()) if (v < min) min = v;
    this.mins[i] = m.size === 0 ? 0 : min;
  }

  clone(): StateData {
    return new PreFilterState(this.constraints, this.counts.map((m) => new Map(m)), this.mins.slice());
  }
}

class PreScoreState implements StateData {
  ignored = new Set<string>();
  /** Per constraint, each snapshot slot's domain (node-table.ts), for nodes in `table`. */
  readonly domains: Array<ReadonlyArray<string | undefined>>;
  /** Per constraint (non-hostname): domain value -> matching pods. */
  pairCounts: Array<Map<string, number>> = [];
  weights: number[] = [];
  constructor(
    readonly constraints: SpreadConstraint[],
    readonly table: NodeTable,
  ) {
    this.domains = constraints.map((c) => table.domainColumn(c.topologyKey));
  }
  clone(): StateData {
    return this;
  }

  /** The node's value of constraint i's topology key: from the table's column when the node is in it. */
  domainOf(i: number, ni: NodeInfo): string | undefined {
    return ni.table === this.table ? this.domains[i][ni.slot] : ni.labels[this.constraints[i].topologyKey];
  }
}

const PRE_FILTER_KEY = Symbol(`PreFilter${NAME}`);
const PRE_SCORE_KEY = Symbol(`PreScore${NAME}`);

export class PodTopologySpreadPlugin implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;
  readonly preFilterExtensions: PreFilterExtensions;
  private readonly defaults: TopologySpreadConstraint[];
  private readonly systemDefaulted: boolean;
  private readonly spreadCounts = new SpreadCounts();

  constructor(
    private readonly handle: FrameworkHandle,
    args: { defaultConstraints?: TopologySpreadConstraint[] } = {},
  ) {
    this.systemDefaulted = !args.defaultConstraints;
    this.defaults = args.defaultConstraints ?? SYSTEM_DEFAULT_CONSTRAINTS;
    this.preFilterExtensions = {
      addPod: (state, pod, toAdd, nodeInfo) => this.updateWithPod(state, pod, toAdd, nodeInfo, 1),
      removePod: (state, pod, toRemove, nodeInfo) => this.updateWithPod(state, pod, toRemove, nodeInfo, -1),
    };
  }

  private constraintsFor(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
    if (pod.spec.topologySpreadConstraints?.length) return buildConstraints(pod, pod.spec.topologySpreadConstraints, action);
    if (action === 'DoNotSchedule' && !this.defaults.some((c) => c.whenUnsatisfiable === 'DoNotSchedule')) return [];
    const selector = defaultSpreadSelector(pod, this.handle.snapshot);
    if (!selector) return [];
    return buildConstraints(pod, this.defaults.map((c) => ({ ...c, labelSelector: selector })), action);
  }

  /** True when no node is left out of the counts by node affinity or taints policies. */
  private countsEveryNode(pod: Pod, c: SpreadConstraint): boolean {
    if (c.nodeTaintsPolicy === 'Honor') return false;
    if (c.nodeAffinityPolicy === 'Ignore') return true;
    const spec = pod.spec;
    return (!spec.nodeSelector || Object.keys(spec.nodeSelector).length === 0) && !spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  }

  // --- Filter --------------------------------------------------------------------

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): MaybeStatus {
    const constraints = this.constraintsFor(pod.pod, 'DoNotSchedule');
    if (constraints.length === 0) return Status.skip();
    const affinity = requiredNodeAffinity(pod.pod);
    const counts = constraints.map(() => new Map<string, number>());
    if (constraints.length === 1 && this.countsEveryNode(pod.pod, constraints[0]) && nodes === this.handle.snapshot.nodeInfos()) {
      // Every node with the key counts: take the maintained per-domain totals.
      const agg = this.spreadCounts.get(this.handle.snapshot, constraints[0], pod.namespace);
      for (const d of agg.domains) if (d !== MISSING) counts[0].set(d, agg.totals.get(d) ?? 0);
    } else for (const ni of nodes) {
      const labels = ni.labels;
      if (!nodeHasAllKeys(labels, constraints)) continue;
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i];
        if (!includesNode(c, pod.pod, ni, affinity)) continue;
        const value = labels[c.topologyKey];
        const m = counts[i];
        const prev = m.get(value);
        // Nodes without pods only register their domain (most nodes, in a large cluster).
        if (ni.pods.length === 0) {
          if (prev === undefined) m.set(value, 0);
          continue;
        }
        m.set(value, (prev ?? 0) + countMatching(ni, c, pod.namespace));
      }
    }
    const mins = counts.map((m) => {
      let min = Number.MAX_SAFE_INTEGER;
      for (const v of m.values()) if (v < min) min = v;
      return m.size === 0 ? 0 : min;
    });
    state.write(PRE_FILTER_KEY, new PreFilterState(constraints, counts, mins));
    return undefined;
  }

  private updateWithPod(state: CycleState, pod: PodInfo, other: PodInfo, nodeInfo: NodeInfo, delta: number): MaybeStatus {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s || other.namespace !== pod.namespace) return undefined;
    const labels = nodeInfo.labels;
    if (!nodeHasAllKeys(labels, s.constraints)) return undefined;
    const affinity = requiredNodeAffinity(pod.pod);
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      if (!includesNode(c, pod.pod, nodeInfo, affinity)) continue;
      if (!c.selector.matches(other.pod.metadata.labels)) continue;
      s.update(i, labels[c.topologyKey], delta);
    }
    return undefined;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): MaybeStatus {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s || s.constraints.length === 0) return undefined;
    const labels = nodeInfo.labels;
    const podLabels = pod.pod.metadata.labels;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      const value = labels[c.topologyKey];
      if (value === undefined) return Status.unresolvable(ErrReasonNodeLabelNotMatch);
      const self = c.selector.matches(podLabels) ? 1 : 0;
      const matchNum = s.counts[i].get(value) ?? 0;
      if (matchNum + self - s.minMatch(i) > c.maxSkew) return Status.unschedulable(ErrReasonConstraintsNotMatch);
    }
    return undefined;
  }

  // --- Score ---------------------------------------------------------------------

  preScore(state: CycleState, pod: PodInfo, filtered: readonly NodeInfo[]): MaybeStatus {
    const all = this.handle.snapshot.nodeInfos();
    if (filtered.length === 0 || all.length === 0) return undefined;
    const constraints = this.constraintsFor(pod.pod, 'ScheduleAnyway');
    if (constraints.length === 0) return Status.skip();
    const s = new PreScoreState(constraints, this.handle.snapshot.table);
    // Nodes without every topology key are ignored only for the pod's own constraints,
    // so that nodes without a zone label still get hostname spreading by default.
    const requireAll = !!pod.pod.spec.topologySpreadConstraints?.length || !this.systemDefaulted;
    s.pairCounts = constraints.map(() => new Map<string, number>());
    const domains = constraints.map(() => 0);
    for (const ni of filtered) {
      if (requireAll && !nodeHasAllKeys(ni.labels, constraints)) {
        s.ignored.add(ni.name);
        continue;
      }
      for (let i = 0; i < constraints.length; i++) {
        if (constraints[i].topologyKey === LABEL_HOSTNAME) continue;
        // A node without the key still forms the "" domain, as kube-scheduler counts it.
        const value = s.domainOf(i, ni) ?? '';
        if (!s.pairCounts[i].has(value)) {
          s.pairCounts[i].set(value, 0);
          domains[i]++;
        }
      }
    }
    s.weights = constraints.map((c, i) => Math.log((c.topologyKey === LABEL_HOSTNAME ? filtered.length - s.ignored.size : domains[i]) + 2));
    const affinity = requiredNodeAffinity(pod.pod);
    const hasPairs = s.pairCounts.some((m) => m.size > 0);
    if (hasPairs && !requireAll && constraints.every((c) => this.countsEveryNode(pod.pod, c))) {
      // Every node counts (nodes without the key in the "" domain): use the maintained totals.
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i];
        if (c.topologyKey === LABEL_HOSTNAME) continue;
        const agg = this.spreadCounts.get(this.handle.snapshot, c, pod.namespace);
        const m = s.pairCounts[i];
        for (const value of m.keys()) m.set(value, (agg.totals.get(value) ?? 0) + (value === '' ? (agg.totals.get(MISSING) ?? 0) : 0));
      }
    } else if (hasPairs) {
      for (const ni of all) {
        // Only nodes with pods add to a domain's count.
        if (ni.pods.length === 0) continue;
        const labels = ni.labels;
        if (requireAll && !nodeHasAllKeys(labels, constraints)) continue;
        for (let i = 0; i < constraints.length; i++) {
          const c = constraints[i];
          if (c.topologyKey === LABEL_HOSTNAME) continue;
          const m = s.pairCounts[i];
          const value = labels[c.topologyKey] ?? '';
          if (!m.has(value)) continue;
          if (!includesNode(c, pod.pod, ni, affinity)) continue;
          m.set(value, m.get(value)! + countMatching(ni, c, pod.namespace));
        }
      }
    }
    state.write(PRE_SCORE_KEY, s);
    return undefined;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s || (s.ignored.size > 0 && s.ignored.has(nodeInfo.name))) return 0;
    let score = 0;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      const value = s.domainOf(i, nodeInfo);
      if (value === undefined) continue;
      const cnt = c.topologyKey === LABEL_HOSTNAME ? countMatching(nodeInfo, c, pod.namespace) : (s.pairCounts[i].get(value) ?? 0);
      score += cnt * s.weights[i] + (c.maxSkew - 1);
    }
    return Math.round(score);
  }

  normalizeScore(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): MaybeStatus {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s) return undefined;
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    const ignores = s.ignored.size > 0;
    for (let i = 0; i < scores.length; i++) {
      if (ignores && s.ignored.has(nodes[i].name)) continue;
      if (scores[i] < min) min = scores[i];
      if (scores[i] > max) max = scores[i];
    }
    for (let i = 0; i < scores.length; i++) {
      if (ignores && s.ignored.has(nodes[i].name)) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
    }
    return undefined;
  }

  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Pod', action: 'Add' },
      { resource: 'Pod', action: 'Delete' },
      { resource: 'Pod', action: 'UpdatePodLabel' },
      { resource: 'Node', action: 'Add' },
      { resource: 'Node', action: 'Delete' },
      { resource: 'Node', action: 'UpdateNodeLabel' },
      { resource: 'Node', action: 'UpdateNodeTaint' },
    ];
  }
}
