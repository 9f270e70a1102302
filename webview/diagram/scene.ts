// What the diagram knows: the last snapshot with deltas applied, the toolbar's filters, and
// per-node pod counts by look (what zoomed-out tiles draw instead of 150,000 chips).

import type { DiagramComponent, DiagramDelta, DiagramEdge, DiagramNode, DiagramPod, DiagramSnapshot, PodLook } from '../protocol/diagram-messages.js';

export const LOOKS: readonly PodLook[] = ['ready', 'pending', 'notReady', 'failed', 'succeeded', 'terminating'];

export interface SceneFilter {
  namespace: string; // '' = all
  showSystemPods: boolean;
  search: string;
}

export type LookCounts = Record<PodLook, number>;

function emptyCounts(): LookCounts {
  return { ready: 0, pending: 0, notReady: 0, failed: 0, succeeded: 0, terminating: 0 };
}

export class Scene {
  clusterName = '';
  stale = false;
  components: DiagramComponent[] = [];
  edges: DiagramEdge[] = [];
  readonly nodes = new Map<string, DiagramNode>();
  /** Control-plane nodes first, then by name: the grid order. */
  nodeOrder: DiagramNode[] = [];
  readonly pods = new Map<string, DiagramPod>();
  private readonly podsByNode = new Map<string, Set<string>>();
  readonly namespaces = new Set<string>();
  filter: SceneFilter = { namespace: '', showSystemPods: true, search: '' };
  private countsCache = new Map<string, LookCounts>();
  /** Bumped on every change, so the renderer and the accessible list know to refresh. */
  version = 0;

  loadSnapshot(s: DiagramSnapshot): void {
    this.clusterName = s.clusterName;
    this.stale = s.stale;
    this.components = s.components;
    this.edges = s.edges;
    this.nodes.clear();
    this.pods.clear();
    this.podsByNode.clear();
    this.namespaces.clear();
    for (const n of s.nodes) this.nodes.set(n.name, n);
    for (const p of s.pods) this.addPod(p);
    this.reorder();
    this.changed();
  }

  /** The next slice of a snapshot sent in parts (see diagram-slices.ts). */
  addPods(pods: readonly DiagramPod[]): void {
    for (const p of pods) this.addPod(p);
    this.changed();
  }

  applyDelta(d: DiagramDelta): void {
    for (const c of d.components) {
      const i = this.components.findIndex((x) => x.id === c.id);
      if (i >= 0) this.components[i] = c;
      else this.components.push(c);
    }
    let reorder = false;
    for (const id of d.nodesRemoved) reorder = this.nodes.delete(id.slice('node:'.length)) || reorder;
    for (const n of d.nodesUpserted) {
      if (!this.nodes.has(n.name)) reorder = true;
      this.nodes.set(n.name, n);
    }
    for (const id of d.podsRemoved) this.removePod(id);
    for (const p of d.podsUpserted) {
      this.removePod(p.id);
      this.addPod(p);
    }
    if (d.stale !== undefined) this.stale = d.stale;
    if (reorder) this.reorder();
    else this.nodeOrder = this.nodeOrder.map((n) => this.nodes.get(n.name) ?? n);
    this.changed();
  }

  setFilter(f: Partial<SceneFilter>): void {
    this.filter = { ...this.filter, ...f };
    this.changed();
  }

  podVisible(p: DiagramPod): boolean {
    if (!this.filter.showSystemPods && p.system) return false;
    return !this.filter.namespace || p.namespace === this.filter.namespace;
  }

  /** The node's pods that pass the filter, in the order the host sent them. */
  podsOn(nodeName: string): DiagramPod[] {
    const out: DiagramPod[] = [];
    for (const id of this.podsByNode.get(nodeName) ?? []) {
      const p = this.pods.get(id)!;
      if (this.podVisible(p)) out.push(p);
    }
    return out;
  }

  counts(nodeName: string): LookCounts {
    let c = this.countsCache.get(nodeName);
    if (!c) {
      c = emptyCounts();
      for (const p of this.podsOn(nodeName)) c[p.look]++;
      this.countsCache.set(nodeName, c);
    }
    return c;
  }

  /** Element ids whose name contains the search text (nodes and pods), capped. */
  matches(limit = 500): string[] {
    const q = this.filter.search.trim().toLowerCase();
    if (!q) return [];
    const out: string[] = [];
    for (const n of this.nodeOrder) if (n.name.toLowerCase().includes(q) && out.push(n.id) >= limit) return out;
    for (const c of this.components) if (c.title.toLowerCase().includes(q)) out.push(c.id);
    for (const p of this.pods.values()) {
      if (this.podVisible(p) && `${p.namespace}/${p.name}`.toLowerCase().includes(q) && out.push(p.id) >= limit) break;
    }
    return out;
  }

  private addPod(p: DiagramPod): void {
    this.pods.set(p.id, p);
    this.namespaces.add(p.namespace);
    let set = this.podsByNode.get(p.nodeName);
    if (!set) this.podsByNode.set(p.nodeName, (set = new Set()));
    set.add(p.id);
  }

  private removePod(id: string): void {
    const p = this.pods.get(id);
    if (!p) return;
    this.pods.delete(id);
    this.podsByNode.get(p.nodeName)?.delete(id);
  }

  private reorder(): void {
    this.nodeOrder = [...this.nodes.values()].sort((a, b) => (a.controlPlane !== b.controlPlane ? (a.controlPlane ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private changed(): void {
    this.countsCache = new Map();
    this.version++;
  }
}
