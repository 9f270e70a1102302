// Per-domain counts of the pods a spread constraint selects, kept up to date from the
// snapshot's pod-change log: placing one pod changes one node, so each cycle catches up on
// a few nodes instead of recounting all of them (5,000 nodes x every pod of a Deployment).
import type { PodInfo } from '../framework/pod-info';
import type { NodeInfo } from '../snapshot/node-info';
import type { Snapshot } from '../snapshot/snapshot';
import { countPodsMatchSelector, type SpreadConstraint } from './topology-spread-constraints';

/** The domain of nodes that lack the topology key. */
export const MISSING = '\u0000missing';

interface Aggregate {
  snapshot: Snapshot;
  nodeSetGeneration: number;
  seq: number;
  perNode: Map<NodeInfo, number>;
  /** Domain value (or MISSING) -> matching pods. */
  totals: Map<string, number>;
  /** Every domain value present among nodes, including those with no matching pods. */
  domains: Set<string>;
}

export class SpreadCounts {
  private readonly cache = new Map<string, Aggregate>();

  /** Totals per domain over all nodes for `c`'s topology key and selector, in `namespace`. */
  get(snapshot: Snapshot, c: SpreadConstraint, namespace: string): Aggregate {
    return this.getBy(snapshot, c.countKey, c.topologyKey, (pods) => countPodsMatchSelector(pods, c.selector, namespace));
  }

  /**
   * Totals per domain of `topologyKey` of the pods `count` counts on each node; `key` must
   * identify `count` (the same key always counts the same pods).
   */
  getBy(snapshot: Snapshot, key: string, topologyKey: string, count: (pods: readonly PodInfo[]) => number): Aggregate {
    const cacheKey = `${topologyKey}\u0000${key}`;
    let a = this.cache.get(cacheKey);
    const changes = a && a.snapshot === snapshot && a.nodeSetGeneration === snapshot.nodeSetGeneration ? snapshot.podChangesSince(a.seq) : undefined;
    if (!a || !changes) {
      if (this.cache.size > 64) this.cache.clear();
      a = this.rebuild(snapshot, topologyKey, count);
      this.cache.set(cacheKey, a);
      return a;
    }
    if (changes.length > 0) {
      const seen = new Set<NodeInfo>();
      for (const ni of changes) {
        if (seen.has(ni)) continue;
        seen.add(ni);
        const before = a.perNode.get(ni) ?? 0;
        const now = ni.pods.length === 0 ? 0 : count(ni.pods);
        if (now === before) continue;
        if (now === 0) a.perNode.delete(ni);
        else a.perNode.set(ni, now);
        const domain = ni.labels[topologyKey] ?? MISSING;
        a.totals.set(domain, (a.totals.get(domain) ?? 0) + now - before);
      }
      a.seq = snapshot.podChangeSeq;
    }
    return a;
  }

  private rebuild(snapshot: Snapshot, topologyKey: string, count: (pods: readonly PodInfo[]) => number): Aggregate {
    const a: Aggregate = { snapshot, nodeSetGeneration: snapshot.nodeSetGeneration, seq: snapshot.podChangeSeq, perNode: new Map(), totals: new Map(), domains: new Set() };
    for (const ni of snapshot.nodeInfos()) {
      const domain = ni.labels[topologyKey] ?? MISSING;
      a.domains.add(domain);
      if (ni.pods.length === 0) continue;
      const n = count(ni.pods);
      if (n === 0) continue;
      a.perNode.set(ni, n);
      a.totals.set(domain, (a.totals.get(domain) ?? 0) + n);
    }
    return a;
  }
}
