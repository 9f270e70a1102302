// The live cluster model: folds list/watch events of Nodes, Pods and Leases (as slim
// records) into indexed state, derives the anatomy the views show (control-plane
// components and their instances, leaders, etcd quorum, per-node kubelet / kube-proxy /
// runtime / pods) and accumulates change sets until the caller flushes them.
// Every event costs O(1) (plus the size of one node's pod set at most); sorting is lazy
// and cached, so 150,000 pods never get sorted on an event.

import {
  type AddOnName,
  CONTROL_PLANE_COMPONENTS,
  type ControlPlaneComponentName,
  NODE_LEASE_NAMESPACE,
  addOnOf,
  componentOfLeaderLease,
  controlPlaneComponentOf,
  leaderLeaseKey,
  leaseHolderHost,
  proxyOf,
  quorumSize,
} from './control-plane.js';
import { Emitter } from './emitter.js';
import { type LeaseRecord, type NodeRecord, type PodRecord, objectKey } from './projections.js';
import { type ChangeSet, type ComponentInstance, type ControlPlaneComponentView, type EtcdMembership, type NodeView, type ProxyView, byNamespaceThenName, isPodReady } from './views.js';

export type { ChangeSet, ComponentInstance, ControlPlaneComponentView, EtcdMembership, NodeView, ProxyView } from './views.js';
export { isPodReady } from './views.js';

export type ResourceKind = 'Node' | 'Pod' | 'Lease';

/** Which pods one list covers. */
export interface PodListScope {
  namespace?: string;
  exceptNamespace?: string;
}
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';


interface NodeEntry {
  record?: NodeRecord;
  pods: Map<string, PodRecord>;
  sortedPodKeys?: string[];
  proxies: Map<string, PodRecord>;
  lease?: LeaseRecord;
}

export class ClusterModel {
  private readonly nodeEntries = new Map<string, NodeEntry>();
  private readonly podsByKey = new Map<string, PodRecord>();
  private readonly unscheduledPods = new Map<string, PodRecord>();
  private readonly leases = new Map<string, LeaseRecord>();
  private readonly components = new Map<ControlPlaneComponentName, Map<string, PodRecord>>(CONTROL_PLANE_COMPONENTS.map((c) => [c, new Map()]));
  private readonly addOnPods = new Map<AddOnName, Map<string, PodRecord>>([['coredns', new Map()]]);
  private sortedNodeNames?: string[];
  private sortedUnscheduledKeys?: string[];
  private nodeRecordCount = 0;
  private readonly staleSources = new Set<string>();
  private readonly syncedKinds = new Set<ResourceKind>();

  private pending = ClusterModel.emptyPending();
  private readonly changed = new Emitter<ChangeSet>();
  /** Fires on flush() with what changed since the previous flush. */
  readonly onDidChange = this.changed.event;

  private static emptyPending() {
    return {
      nodes: new Set<string>(),
      nodeListChanged: false,
      pods: new Set<string>(),
      components: new Set<ControlPlaneComponentName>(),
      addOns: new Set<AddOnName>(),
      unscheduled: false,
      staleChanged: false,
      syncedChanged: false,
      any: false,
    };
  }

  // ---- folding events ----

  applyNode(type: WatchEventType, r: NodeRecord): void {
    if (type === 'DELETED') {
      const entry = this.nodeEntries.get(r.name);
      if (!entry?.record) return;
      entry.record = undefined;
      this.nodeRecordCount--;
      this.sortedNodeNames = undefined;
      this.markNode(r.name, true);
      this.dropEntryIfEmpty(r.name, entry);
      return;
    }
    const entry = this.entry(r.name);
    const added = !entry.record;
    if (!added && entry.record!.resourceVersion === r.resourceVersion && r.resourceVersion) return;
    entry.record = r;
    if (added) {
      this.nodeRecordCount++;
      this.sortedNodeNames = undefined;
    }
    this.markNode(r.name, added);
    // Instances of control-plane components are shown per node with the node's state.
    for (const [component, pods] of this.components) for (const p of pods.values()) if (p.nodeName === r.name) this.pending.components.add(component);
  }

  applyPod(type: WatchEventType, r: PodRecord): void {
    this.applyPodAt(objectKey(r), type, r);
  }

  private applyPodAt(key: string, type: WatchEventType, r: PodRecord): void {
    const old = this.podsByKey.get(key);
    if (type === 'DELETED') {
      if (!old) return;
      this.podsByKey.delete(key);
      this.unindexPod(key, old, true);
      this.markPod(key);
      return;
    }
    if (old && old.resourceVersion === r.resourceVersion && r.resourceVersion) return;
    this.podsByKey.set(key, r);
    const moved = !old || old.nodeName !== r.nodeName;
    if (old) this.unindexPod(key, old, moved);
    this.indexPod(key, r, moved);
    this.markPod(key);
  }

  applyLease(type: WatchEventType, r: LeaseRecord): void {
    const key = objectKey(r);
    if (type === 'DELETED') {
      if (!this.leases.delete(key)) return;
    } else {
      this.leases.set(key, r);
    }
    const gone = type === 'DELETED';
    if (r.namespace === NODE_LEASE_NAMESPACE) {
      // Heartbeats arrive every 10 s per node; the tree shows no heartbeat, hovers read it
      // when shown, so a renewal updates state silently instead of refreshing the tree.
      const entry = gone ? this.nodeEntries.get(r.name) : this.entry(r.name);
      if (!entry) return;
      entry.lease = gone ? undefined : r;
      if (gone) this.dropEntryIfEmpty(r.name, entry);
      return;
    }
    const component = componentOfLeaderLease(r);
    if (component) this.touch(() => this.pending.components.add(component));
  }

  /** A fresh list replaced everything of this kind (first sync or relist after 410). */
  replaceNodes(records: NodeRecord[]): void {
    const seen = new Set<string>();
    for (const r of records) {
      seen.add(r.name);
      this.applyNode('ADDED', r);
    }
    for (const [name, entry] of [...this.nodeEntries]) if (entry.record && !seen.has(name)) this.applyNode('DELETED', entry.record);
    this.markSynced('Node');
  }

  /**
   * A fresh list of pods replaced those in its scope (all pods, one namespace, or all but
   * one namespace: pods may come from several lists). `complete` is false while other
   * lists of pods have not arrived yet, so hasSynced('Pod') means every pod is in.
   */
  replacePods(records: PodRecord[], scope: PodListScope = {}, complete = true): void {
    const inScope = (p: PodRecord) => (scope.namespace === undefined || p.namespace === scope.namespace) && p.namespace !== scope.exceptNamespace;
    let allInScope = true;
    for (const r of records) {
      const key = objectKey(r);
      // Pages of this list may have added this very record already.
      if (this.podsByKey.get(key) !== r) this.applyPodAt(key, 'ADDED', r);
      if (allInScope && !inScope(r)) allInScope = false;
    }
    // Every record is in the model now: when the scope holds exactly as many pods, none is
    // left to delete (the usual first list), and 150,000 keys need no set.
    let held = 0;
    for (const p of this.podsByKey.values()) if (inScope(p)) held++;
    if (!allInScope || held !== records.length) {
      const seen = new Set(records.map(objectKey));
      // Deleting the entry being visited is safe while iterating a Map.
      for (const [key, old] of this.podsByKey) if (!seen.has(key) && inScope(old)) this.applyPodAt(key, 'DELETED', old);
    }
    if (complete) this.markSynced('Pod');
    else this.touch(() => undefined);
  }

  /** Drops pods no list covers any more (RBAC took the permission away). */
  removePods(which: (p: PodRecord) => boolean): void {
    for (const [key, old] of this.podsByKey) if (which(old)) this.applyPodAt(key, 'DELETED', old);
  }

  /** Leases are watched per namespace (kube-system, kube-node-lease): replace one namespace. */
  replaceLeases(namespace: string, records: LeaseRecord[]): void {
    const seen = new Set<string>();
    for (const r of records) {
      seen.add(objectKey(r));
      this.applyLease('ADDED', r);
    }
    for (const [key, old] of [...this.leases]) if (old.namespace === namespace && !seen.has(key)) this.applyLease('DELETED', old);
    this.markSynced('Lease');
  }

  /**
   * While a watch is down its data is shown as stale, never as live. `source` names the
   * watch (`pods`, `leases/kube-system`...), since one kind may come from several.
   */
  setStale(source: string, stale: boolean): void {
    const before = this.staleSources.size > 0;
    if (stale) this.staleSources.add(source);
    else this.staleSources.delete(source);
    if (before !== this.staleSources.size > 0) this.touch(() => (this.pending.staleChanged = true));
  }

  get stale(): boolean {
    return this.staleSources.size > 0;
  }

  /** True once a kind's first list has been folded in. */
  hasSynced(kind: ResourceKind): boolean {
    return this.syncedKinds.has(kind);
  }

  /** Emits the change set gathered since the last flush (if anything changed) and returns it. */
  flush(): ChangeSet | undefined {
    if (!this.pending.any) return undefined;
    const { any: _any, ...changes } = this.pending;
    this.pending = ClusterModel.emptyPending();
    this.changed.fire(changes);
    return changes;
  }

  get hasPendingChanges(): boolean {
    return this.pending.any;
  }

  // ---- queries ----

  get nodeCount(): number {
    return this.nodeRecordCount;
  }

  get podCount(): number {
    return this.podsByKey.size;
  }

  nodeNames(): readonly string[] {
    if (!this.sortedNodeNames) {
      this.sortedNodeNames = [...this.nodeEntries].filter(([, e]) => e.record).map(([n]) => n).sort();
    }
    return this.sortedNodeNames;
  }

  node(name: string): NodeView | undefined {
    const e = this.nodeEntries.get(name);
    if (!e?.record) return undefined;
    return { name, record: e.record, podCount: e.pods.size, proxy: this.proxyView(e), heartbeat: e.lease?.renewTime, nodeLease: e.lease };
  }

  nodes(): NodeView[] {
    return this.nodeNames().map((n) => this.node(n)!);
  }

  pod(key: string): PodRecord | undefined {
    return this.podsByKey.get(key);
  }

  lease(namespace: string, name: string): LeaseRecord | undefined {
    return this.leases.get(`${namespace}/${name}`);
  }

  /** The node's pods by namespace then name, as `kubectl get pod -A --sort-by spec.nodeName` lists them. */
  podsOnNode(name: string): PodRecord[] {
    const e = this.nodeEntries.get(name);
    if (!e) return [];
    if (!e.sortedPodKeys) e.sortedPodKeys = [...e.pods.values()].sort(byNamespaceThenName).map(objectKey);
    return e.sortedPodKeys.map((k) => e.pods.get(k)!);
  }

  /** Pods no node has been chosen for yet, by namespace then name. */
  unscheduled(): PodRecord[] {
    if (!this.sortedUnscheduledKeys) this.sortedUnscheduledKeys = [...this.unscheduledPods.values()].sort(byNamespaceThenName).map(objectKey);
    return this.sortedUnscheduledKeys.map((k) => this.unscheduledPods.get(k)!);
  }

  get unscheduledCount(): number {
    return this.unscheduledPods.size;
  }

  /** All pods in the order of `kubectl get pod -A --sort-by spec.nodeName` (unscheduled first, as empty sorts first). */
  podsSortedByNode(): PodRecord[] {
    const out = this.unscheduled();
    const nodeNames = [...this.nodeEntries.keys()].sort();
    for (const n of nodeNames) out.push(...this.podsOnNode(n));
    return out;
  }

  controlPlaneComponent(name: ControlPlaneComponentName): ControlPlaneComponentView {
    const pods = [...this.components.get(name)!.values()].sort((a, b) => (a.nodeName < b.nodeName ? -1 : a.nodeName > b.nodeName ? 1 : byNamespaceThenName(a, b)));
    const leaseKey = leaderLeaseKey(name);
    const lease = leaseKey ? this.leases.get(leaseKey) : undefined;
    const leaderHost = leaseHolderHost(lease?.holderIdentity);
    const instances = pods.map<ComponentInstance>((pod) => ({
      nodeName: pod.nodeName,
      pod,
      election: lease ? (leaderHost === pod.nodeName || leaderHost === pod.name ? 'leader' : 'standby') : undefined,
    }));
    return { name, instances, lease, leaderHost };
  }

  controlPlane(): ControlPlaneComponentView[] {
    return CONTROL_PLANE_COMPONENTS.map((c) => this.controlPlaneComponent(c));
  }

  /** An add-on's pods (CoreDNS), by node then name. */
  addOn(name: AddOnName): PodRecord[] {
    return [...this.addOnPods.get(name)!.values()].sort((a, b) => (a.nodeName < b.nodeName ? -1 : a.nodeName > b.nodeName ? 1 : byNamespaceThenName(a, b)));
  }

  /** Components on a node (for the node's own view of its control-plane pods). */
  componentsOnNode(nodeName: string): ControlPlaneComponentName[] {
    return CONTROL_PLANE_COMPONENTS.filter((c) => [...this.components.get(c)!.values()].some((p) => p.nodeName === nodeName));
  }

  /** etcd members are its pods; Raft needs a strict majority of them Ready. */
  etcdMembership(): EtcdMembership {
    const pods = [...this.components.get('etcd')!.values()];
    const members = pods.length;
    const readyMembers = pods.filter(isPodReady).length;
    const q = quorumSize(members);
    return { members, readyMembers, quorumSize: q, hasQuorum: members > 0 && readyMembers >= q };
  }

  // ---- indexing ----

  private entry(name: string): NodeEntry {
    let e = this.nodeEntries.get(name);
    if (!e) {
      e = { pods: new Map(), proxies: new Map() };
      this.nodeEntries.set(name, e);
    }
    return e;
  }

  private dropEntryIfEmpty(name: string, e: NodeEntry): void {
    if (!e.record && e.pods.size === 0 && !e.lease) this.nodeEntries.delete(name);
  }

  private indexPod(key: string, p: PodRecord, moved: boolean): void {
    if (p.nodeName) {
      const e = this.entry(p.nodeName);
      e.pods.set(key, p);
      if (moved) {
        e.sortedPodKeys = undefined;
        this.markNode(p.nodeName, false);
      }
      const proxy = proxyOf(p);
      if (proxy) {
        e.proxies.set(key, p);
        this.markNode(p.nodeName, false);
      }
    } else {
      this.unscheduledPods.set(key, p);
      if (moved) this.sortedUnscheduledKeys = undefined;
      this.pending.unscheduled = true;
    }
    const c = controlPlaneComponentOf(p);
    if (c) {
      this.components.get(c)!.set(key, p);
      this.pending.components.add(c);
    }
    const a = addOnOf(p);
    if (a) {
      this.addOnPods.get(a)!.set(key, p);
      this.pending.addOns.add(a);
    }
  }

  private unindexPod(key: string, p: PodRecord, moved: boolean): void {
    if (p.nodeName) {
      const e = this.nodeEntries.get(p.nodeName);
      if (e) {
        if (moved) {
          e.pods.delete(key);
          e.sortedPodKeys = undefined;
          this.markNode(p.nodeName, false);
        }
        if (e.proxies.delete(key)) this.markNode(p.nodeName, false);
        this.dropEntryIfEmpty(p.nodeName, e);
      }
    } else if (moved) {
      this.unscheduledPods.delete(key);
      this.sortedUnscheduledKeys = undefined;
      this.pending.unscheduled = true;
    }
    const c = controlPlaneComponentOf(p);
    if (c) {
      this.components.get(c)!.delete(key);
      this.pending.components.add(c);
    }
    const a = addOnOf(p);
    if (a) {
      this.addOnPods.get(a)!.delete(key);
      this.pending.addOns.add(a);
    }
  }

  private proxyView(e: NodeEntry): ProxyView | undefined {
    let best: ProxyView | undefined;
    for (const pod of e.proxies.values()) {
      const c = proxyOf(pod)!;
      if (!best || (c.kind === 'kube-proxy' && best.kind !== 'kube-proxy')) best = { ...c, pod };
    }
    return best;
  }

  private markNode(name: string, listChanged: boolean): void {
    this.touch(() => {
      this.pending.nodes.add(name);
      if (listChanged) this.pending.nodeListChanged = true;
    });
  }

  private markPod(key: string): void {
    this.touch(() => this.pending.pods.add(key));
  }

  private markSynced(kind: ResourceKind): void {
    const first = !this.syncedKinds.has(kind);
    this.syncedKinds.add(kind);
    this.touch(() => {
      if (first) this.pending.syncedChanged = true;
    });
  }

  private touch(mark: () => void): void {
    mark();
    this.pending.any = true;
  }
}
