// InterPodAffinity: required pod affinity / anti-affinity (the pod's own, and existing
// pods' anti-affinity towards it) filter nodes by topology domain; preferred terms on
// both sides (plus existing pods' required affinity, weight 1) score domains.
import type { Node } from '../api/types';
import type { CycleState, StateData } from '../framework/cycle-state';
import type { ClusterEvent, EnqueueExtensions, FilterPlugin, FrameworkHandle, PreFilterExtensions, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../framework/interfaces';
import { MAX_NODE_SCORE } from '../framework/interfaces';
import { type AffinityTerm, type PodInfo, termMatches } from '../framework/pod-info';
import { type MaybeStatus, Status } from '../framework/status';
import type { NodeInfo } from '../snapshot/node-info';
import { InterPodAffinity as NAME } from './names';
import { MISSING, SpreadCounts } from './spread-counts';

export const ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

/** topologyKey -> value -> count; nested maps avoid building a string key per lookup. */
type PairCounts = Map<string, Map<string, number>>;

function bump(m: PairCounts, node: Node, key: string, delta: number): void {
  const v = node.metadata.labels?.[key];
  if (v === undefined) return;
  let values = m.get(key);
  if (!values) m.set(key, (values = new Map()));
  const n = (values.get(v) ?? 0) + delta;
  if (n !== 0) values.set(v, n);
  else {
    values.delete(v);
    if (values.size === 0) m.delete(key);
  }
}

function countOf(m: PairCounts, key: string, value: string): number {
  return m.get(key)?.get(value) ?? 0;
}

function cloneCounts(m: PairCounts): PairCounts {
  const c: PairCounts = new Map();
  for (const [k, v] of m) c.set(k, new Map(v));
  return c;
}

function addTotals(m: PairCounts, key: string, totals: ReadonlyMap<string, number>): void {
  for (const [value, n] of totals) {
    if (value === MISSING || n === 0) continue;
    let values = m.get(key);
    if (!values) m.set(key, (values = new Map()));
    values.set(value, (values.get(value) ?? 0) + n);
  }
}

// Local bindings for the per-pod loops.
const matches = termMatches;

class PreFilterState implements StateData {
  constructor(
    readonly existingAntiAffinity: PairCounts,
    readonly affinity: PairCounts,
    readonly antiAffinity: PairCounts,
  ) {}
  clone(): StateData {
    return new PreFilterState(cloneCounts(this.existingAntiAffinity), cloneCounts(this.affinity), cloneCounts(this.antiAffinity));
  }
}

class PreScoreState implements StateData {
  /** topologyKey -> value -> score. */
  constructor(readonly topologyScore: Map<string, Map<string, number>>) {}
  clone(): StateData {
    return this;
  }
}

const PRE_FILTER_KEY = Symbol(`PreFilter${NAME}`);
const PRE_SCORE_KEY = Symbol(`PreScore${NAME}`);

function matchesAll(terms: readonly AffinityTerm[], pod: PodInfo, nsLabels: Record<string, string> | undefined): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod.pod, nsLabels)) return false;
  return true;
}

export interface InterPodAffinityArgs {
  /** Weight of existing pods' required affinity terms when scoring (default 1). */
  hardPodAffinityWeight?: number;
}

export class InterPodAffinityPlugin implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;
  readonly preFilterExtensions: PreFilterExtensions;
  private readonly hardWeight: number;
  private readonly counts = new SpreadCounts();

  constructor(
    private readonly handle: FrameworkHandle,
    args: InterPodAffinityArgs = {},
  ) {
    this.hardWeight = args.hardPodAffinityWeight ?? 1;
    this.preFilterExtensions = {
      addPod: (state, pod, other, nodeInfo) => this.update(state, pod, other, nodeInfo, 1),
      removePod: (state, pod, other, nodeInfo) => this.update(state, pod, other, nodeInfo, -1),
    };
  }

  private nsLabels(ns: string): Record<string, string> | undefined {
    return this.handle.snapshot.namespaceLabels.get(ns);
  }

  /** Counts `other` (on `nodeInfo`) into the three maps, with `delta` = +1 or -1. */
  private count(s: PreFilterState, pod: PodInfo, other: PodInfo, node: Node, delta: number): void {
    const incomingNs = this.nsLabels(pod.namespace);
    for (const t of other.requiredAntiAffinityTerms) if (termMatches(t, pod.pod, incomingNs)) bump(s.existingAntiAffinity, node, t.topologyKey, delta);
    if (pod.requiredAffinityTerms.length === 0 && pod.requiredAntiAffinityTerms.length === 0) return;
    const otherNs = this.nsLabels(other.namespace);
    if (matchesAll(pod.requiredAffinityTerms, other, otherNs)) for (const t of pod.requiredAffinityTerms) bump(s.affinity, node, t.topologyKey, delta);
    for (const t of pod.requiredAntiAffinityTerms) if (termMatches(t, other.pod, otherNs)) bump(s.antiAffinity, node, t.topologyKey, delta);
  }

  private update(state: CycleState, pod: PodInfo, other: PodInfo, nodeInfo: NodeInfo, delta: number): MaybeStatus {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (s) this.count(s, pod, other, nodeInfo.node, delta);
    return undefined;
  }

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): MaybeStatus {
    const s = new PreFilterState(new Map(), new Map(), new Map());
    const incomingNs = this.nsLabels(pod.namespace);
    // Existing pods' anti-affinity, by groups of equal terms: one match test per group.
    const snapshot = this.handle.snapshot;
    for (const g of snapshot.antiAffinityTermGroups()) {
      if (!matches(g.term, pod.pod, incomingNs)) continue;
      for (const [nodeName, n] of g.nodes) {
        const ni = snapshot.get(nodeName);
        if (ni) bump(s.existingAntiAffinity, ni.node, g.term.topologyKey, n);
      }
    }
    const hasTerms = pod.requiredAffinityTerms.length > 0 || pod.requiredAntiAffinityTerms.length > 0;
    if (s.existingAntiAffinity.size === 0 && !hasTerms) return Status.skip();
    if (hasTerms && nodes === snapshot.nodeInfos() && !pod.requiredAffinityTerms.some((t) => t.namespaceSelector) && !pod.requiredAntiAffinityTerms.some((t) => t.namespaceSelector)) {
      // Per-domain counts of the pods each term selects, kept up to date across cycles.
      const affinityTerms = pod.requiredAffinityTerms;
      for (const t of affinityTerms) {
        const agg = this.counts.getBy(snapshot, `affinity\u0000${pod.requiredAffinitySig}`, t.topologyKey, (pods) => {
          let n = 0;
          for (const other of pods) if (matchesAll(affinityTerms, other, undefined)) n++;
          return n;
        });
        addTotals(s.affinity, t.topologyKey, agg.totals);
      }
      pod.requiredAntiAffinityTerms.forEach((t, j) => {
        const agg = this.counts.getBy(snapshot, `anti\u0000${pod.requiredAntiAffinitySigs[j]}`, t.topologyKey, (pods) => {
          let n = 0;
          for (const other of pods) if (matches(t, other.pod, undefined)) n++;
          return n;
        });
        addTotals(s.antiAffinity, t.topologyKey, agg.totals);
      });
    } else if (hasTerms) {
      const affinityTerms = pod.requiredAffinityTerms;
      const antiTerms = pod.requiredAntiAffinityTerms;
      const nsLabels = this.handle.snapshot.namespaceLabels;
      for (const ni of nodes) {
        if (ni.pods.length === 0) continue;
        for (const other of ni.pods) {
          const otherNs = nsLabels.size > 0 ? nsLabels.get(other.namespace) : undefined;
          if (affinityTerms.length > 0 && matchesAll(affinityTerms, other, otherNs)) for (const t of affinityTerms) bump(s.affinity, ni.node, t.topologyKey, 1);
          for (const t of antiTerms) if (matches(t, other.pod, otherNs)) bump(s.antiAffinity, ni.node, t.topologyKey, 1);
        }
      }
    }
    state.write(PRE_FILTER_KEY, s);
    return undefined;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): MaybeStatus {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s) return undefined;
    const labels = nodeInfo.labels;
    if (!this.satisfiesAffinity(s, pod, labels)) return Status.unresolvable(ErrReasonAffinityRulesNotMatch);
    if (s.antiAffinity.size > 0) {
      for (const t of pod.requiredAntiAffinityTerms) {
        const v = labels[t.topologyKey];
        if (v !== undefined && countOf(s.antiAffinity, t.topologyKey, v) > 0) return Status.unschedulable(ErrReasonAntiAffinityRulesNotMatch);
      }
    }
    if (s.existingAntiAffinity.size > 0) {
      for (const [key, values] of s.existingAntiAffinity) {
        const v = labels[key];
        if (v !== undefined && (values.get(v) ?? 0) > 0) return Status.unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch);
      }
    }
    return undefined;
  }

  private satisfiesAffinity(s: PreFilterState, pod: PodInfo, labels: Record<string, string>): boolean {
    let podsExist = true;
    for (const t of pod.requiredAffinityTerms) {
      const v = labels[t.topologyKey];
      if (v === undefined) return false; // every topology label must exist on the node
      if (countOf(s.affinity, t.topologyKey, v) <= 0) podsExist = false;
    }
    if (podsExist) return true;
    // The first pod of a group that has affinity to itself may go anywhere its terms fit,
    // as long as no other pod matches them yet.
    return s.affinity.size === 0 && matchesAll(pod.requiredAffinityTerms, pod, this.nsLabels(pod.namespace));
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): MaybeStatus {
    if (nodes.length === 0) return undefined;
    const hasConstraints = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
    const snapshot = this.handle.snapshot;
    const all = hasConstraints ? snapshot.nodeInfos() : snapshot.havePodsWithAffinity();
    // Usually no pod has affinity terms: Skip before the map and the closure are made (~0.5 KB per attempt).
    if (all.length === 0) return Status.skip();
    const scores = new Map<string, Map<string, number>>();
    const add = (node: Node, key: string, delta: number) => {
      const v = node.metadata.labels?.[key];
      if (v === undefined) return;
      let m = scores.get(key);
      if (!m) scores.set(key, (m = new Map()));
      m.set(v, (m.get(v) ?? 0) + delta);
    };
    const incomingNs = this.nsLabels(pod.namespace);
    for (const ni of all) {
      const node = ni.node;
      if (!node.metadata.labels) continue;
      for (const other of hasConstraints ? ni.pods : ni.podsWithAffinity) {
        // Most existing pods have only required anti-affinity, which does not score.
        if (!hasConstraints && other.requiredAffinityTerms.length === 0 && other.preferredAffinityTerms.length === 0 && other.preferredAntiAffinityTerms.length === 0) continue;
        for (const t of pod.preferredAffinityTerms) if (termMatches(t, other.pod, this.nsLabels(other.namespace))) add(node, t.topologyKey, t.weight);
        for (const t of pod.preferredAntiAffinityTerms) if (termMatches(t, other.pod, this.nsLabels(other.namespace))) add(node, t.topologyKey, -t.weight);
        if (this.hardWeight > 0) for (const t of other.requiredAffinityTerms) if (termMatches(t, pod.pod, incomingNs)) add(node, t.topologyKey, this.hardWeight);
        for (const t of other.preferredAffinityTerms) if (termMatches(t, pod.pod, incomingNs)) add(node, t.topologyKey, t.weight);
        for (const t of other.preferredAntiAffinityTerms) if (termMatches(t, pod.pod, incomingNs)) add(node, t.topologyKey, -t.weight);
      }
    }
    if (scores.size === 0) return Status.skip();
    state.write(PRE_SCORE_KEY, new PreScoreState(scores));
    return undefined;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s) return 0;
    const labels = nodeInfo.labels;
    let score = 0;
    for (const [key, values] of s.topologyScore) {
      const v = labels[key];
      if (v !== undefined) score += values.get(v) ?? 0;
    }
    return score;
  }

  normalizeScore(state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: number[]): MaybeStatus {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s || s.topologyScore.size === 0) return undefined;
    let min = Number.MAX_SAFE_INTEGER;
    let max = Number.MIN_SAFE_INTEGER;
    for (const v of scores) {
      if (v > max) max = v;
      if (v < min) min = v;
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i] - min) / diff)) : 0;
    return undefined;
  }

  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Pod', action: 'Add' },
      { resource: 'Pod', action: 'Delete' },
      { resource: 'Pod', action: 'UpdatePodLabel' },
      { resource: 'Node', action: 'Add' },
      { resource: 'Node', action: 'UpdateNodeLabel' },
    ];
  }
}
