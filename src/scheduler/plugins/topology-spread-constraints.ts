// Topology spread constraints compiled for one pod, and the default spreading selector
// built from the Services and controller that select the pod.
import { compileLabelSelector, compileMapSelector, type LabelMatcher } from '../api/selectors';
import type { LabelSelector, LabelSelectorRequirement, Pod, SelectorOwner, TopologySpreadConstraint } from '../api/types';
import { podNamespace } from '../api/types';
import type { PodInfo } from '../framework/pod-info';
import type { NodeInfo } from '../snapshot/node-info';
import type { Snapshot } from '../snapshot/snapshot';

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelMatcher;
  minDomains: number;
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  nodeTaintsPolicy: 'Honor' | 'Ignore';
  /** Namespace + selector, identifying the set of pods counted (for the per-node count cache). */
  countKey: string;
}

/** The constraints with `whenUnsatisfiable === action`; matchLabelKeys add the pod's own label values. */
export function buildConstraints(pod: Pod, constraints: readonly TopologySpreadConstraint[], action: string): SpreadConstraint[] {
  const labels = pod.metadata.labels ?? {};
  const out: SpreadConstraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let sel = c.labelSelector;
    if (sel && c.matchLabelKeys?.length) {
      const exprs: LabelSelectorRequirement[] = [...(sel.matchExpressions ?? [])];
      for (const k of c.matchLabelKeys) if (k in labels) exprs.push({ key: k, operator: 'In', values: [labels[k]] });
      sel = { matchLabels: sel.matchLabels, matchExpressions: exprs };
    }
    out.push({
      countKey: `${podNamespace(pod)}\u0000${JSON.stringify(sel ?? null)}`,
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector: compileLabelSelector(sel),
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
    });
  }
  return out;
}

/** Pods in `namespace`, not being deleted, whose labels match. */
export function countPodsMatchSelector(pods: readonly PodInfo[], selector: LabelMatcher, namespace: string): number {
  if (selector.nothing || pods.length === 0) return 0;
  let n = 0;
  for (const p of pods) {
    if (p.namespace !== namespace || p.pod.metadata.deletionTimestamp) continue;
    if (selector.matches(p.pod.metadata.labels)) n++;
  }
  return n;
}

/**
 * Matching pods on a node, cached until its pods change: every pod of a workload counts the
 * same selector over every node, and only one node changes per pod placed. The counts live in
 * the snapshot's table, one column per selector (node-table.ts): a per-node Map cost three
 * cache misses per node scored. A NodeInfo outside the snapshot (preemption's copies) counts.
 */
export function countMatchingCached(ni: NodeInfo, c: SpreadConstraint, namespace: string): number {
  const table = ni.table;
  if (!table.forSnapshot) return countPodsMatchSelector(ni.pods, c.selector, namespace);
  const col = table.matchColumn(c.countKey);
  const slot = ni.slot;
  if (col.generations[slot] === ni.generation) return col.counts[slot];
  const n = countPodsMatchSelector(ni.pods, c.selector, namespace);
  col.counts[slot] = n;
  col.generations[slot] = ni.generation;
  return n;
}

function selectsPod(owner: SelectorOwner, pod: Pod, asMap: boolean): boolean {
  const sel = owner.spec?.selector;
  if (!sel) return false;
  const m = asMap ? compileMapSelector(sel as Record<string, string>) : compileLabelSelector(sel as LabelSelector);
  return m.matches(pod.metadata.labels);
}

/**
 * helper.DefaultSelector: the union of the selectors of Services selecting the pod and
 * of the pod's controlling ReplicaSet, StatefulSet or ReplicationController. Undefined
 * when empty (no default spreading).
 */
export function defaultSpreadSelector(pod: Pod, snapshot: Snapshot): LabelSelector | undefined {
  const ns = podNamespace(pod);
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const svc of snapshot.services) {
    if ((svc.metadata.namespace ?? 'default') !== ns) continue;
    if (selectsPod(svc, pod, true)) Object.assign(matchLabels, svc.spec?.selector as Record<string, string>);
  }
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
  if (owner) {
    const find = (list: SelectorOwner[]) => list.find((o) => o.metadata.name === owner.name && (o.metadata.namespace ?? 'default') === ns);
    if (owner.kind === 'ReplicationController') {
      const rc = find(snapshot.replicationControllers);
      if (rc?.spec?.selector) Object.assign(matchLabels, rc.spec.selector as Record<string, string>);
    } else if (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet') {
      const o = find(owner.kind === 'ReplicaSet' ? snapshot.replicaSets : snapshot.statefulSets);
      const sel = o?.spec?.selector as LabelSelector | undefined;
      if (sel) {
        for (const [k, v] of Object.entries(sel.matchLabels ?? {})) matchExpressions.push({ key: k, operator: 'In', values: [v] });
        matchExpressions.push(...(sel.matchExpressions ?? []));
      }
    }
  }
  if (Object.keys(matchLabels).length === 0 && matchExpressions.length === 0) return undefined;
  return { matchLabels, matchExpressions };
}
