// The scheduler's view of a live cluster, built from the ClusterModel's slim records on
// first use and then kept current from the model's change sets (only what changed since
// the last use is applied), so a reconstruction at 5,000 nodes / 150,000 pods costs one
// scheduling cycle, not a rebuild. What-ifs borrow it through withAssumed(), which puts
// it back exactly as it was.
import type { Disposable, Event } from '../cluster/emitter.js';
import type { NodeRecord, PodRecord } from '../cluster/projections.js';
import { objectKey } from '../cluster/projections.js';
import type { ChangeSet } from '../cluster/views.js';
import { type Node, type Pod, Snapshot } from '../scheduler/index.js';
import { nodeFromRecord, occupiesNode, podFromRecord, sameForScheduling, sameNodeForScheduling } from './scheduler-objects.js';

/** The part of ClusterModel this needs (ClusterModel satisfies it). */
export interface SchedulingModel {
  readonly onDidChange: Event<ChangeSet>;
  nodeNames(): readonly string[];
  node(name: string): { record: NodeRecord } | undefined;
  pod(key: string): PodRecord | undefined;
  podsOnNode(name: string): PodRecord[];
  /**
   * Every pod, in no particular order. Optional: without it the build reads podsOnNode()
   * per node, which leaves the model a sorted key list per node (~15 MB at 150,000 pods).
   */
  pods?(): Iterable<PodRecord>;
}

export interface SchedulingSnapshotStats {
  /** Time the first build took (ms), once built. */
  buildMs?: number;
  nodeUpdates: number;
  podUpdates: number;
  /** Model changes that touched nothing the scheduler reads (status, restarts...). */
  ignoredChanges: number;
}

interface Placed {
  record: PodRecord;
  pod: Pod;
}

export class SchedulingSnapshot implements Disposable {
  private snapshot: Snapshot | undefined;
  private readonly nodes = new Map<string, NodeRecord>();
  /** Pods counted in the snapshot, by the model's key (namespace/name). */
  private readonly placed = new Map<string, Placed>();
  /** How many of them each node holds: restore() compares instead of scanning 150,000 pods. */
  private readonly placedPerNode = new Map<string, number>();
  private dirtyNodes = new Set<string>();
  private dirtyPods = new Set<string>();
  private borrowed = false;
  private disposed = false;
  private readonly subscription: Disposable;
  readonly stats: SchedulingSnapshotStats = { nodeUpdates: 0, podUpdates: 0, ignoredChanges: 0 };

  constructor(
    private readonly model: SchedulingModel,
    private readonly now: () => number = () => performance.now(),
  ) {
    // Before the first build there is nothing to keep current: the build reads the model whole.
    this.subscription = model.onDidChange((cs) => {
      if (!this.snapshot) return;
      for (const n of cs.nodes) this.dirtyNodes.add(n);
      for (const p of cs.pods) this.dirtyPods.add(p);
    });
  }

  get built(): boolean {
    return this.snapshot !== undefined;
  }

  /** The scheduler Snapshot with every change the model flushed so far. Do not modify it: use withAssumed. */
  current(): Snapshot {
    if (this.borrowed) throw new Error('SchedulingSnapshot.current() called inside withAssumed(): use the snapshot passed to the callback');
    if (this.disposed) throw new Error('SchedulingSnapshot used after dispose()');
    if (!this.snapshot) return this.build();
    this.catchUp();
    return this.snapshot;
  }

  /**
   * Runs `fn` (synchronously) on the current snapshot; whatever it assumes, nominates or
   * removes among pods is undone afterwards, so other users see the cluster unchanged.
   * Nodes must not be changed by `fn`.
   */
  withAssumed<T>(fn: (snapshot: Snapshot) => T): T {
    const snap = this.current();
    const seq = snap.podChangeSeq;
    this.borrowed = true;
    try {
      const out = fn(snap);
      if (out instanceof Promise) throw new Error('withAssumed() needs a synchronous callback: the model may change while it awaits');
      return out;
    } finally {
      this.borrowed = false;
      this.restore(snap, seq);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    this.snapshot = undefined;
    this.placed.clear();
    this.placedPerNode.clear();
    this.nodes.clear();
  }

  /** Every node name in the snapshot's order (the order decisions list them in). */
  nodeNames(): string[] {
    return this.current()
      .nodeInfos()
      .map((n) => n.name);
  }

  /** The pod the snapshot counts for a model key (namespace/name), if it is bound. */
  placedPod(key: string): Pod | undefined {
    this.current();
    return this.placed.get(key)?.pod;
  }

  private build(): Snapshot {
    const t0 = this.now();
    const snap = new Snapshot();
    const nodeObjects: Node[] = [];
    for (const name of this.model.nodeNames()) {
      const r = this.model.node(name)?.record;
      if (!r) continue;
      this.nodes.set(name, r);
      nodeObjects.push(nodeFromRecord(r));
    }
    for (const n of nodeObjects) snap.addNode(n);
    const all = this.model.pods?.();
    if (all) {
      for (const r of all) if (occupiesNode(r)) this.place(snap, objectKey(r), r);
    } else {
      for (const name of this.nodes.keys()) for (const r of this.model.podsOnNode(name)) if (occupiesNode(r)) this.place(snap, objectKey(r), r);
    }
    this.snapshot = snap;
    this.dirtyNodes.clear();
    this.dirtyPods.clear();
    this.stats.buildMs = this.now() - t0;
    return snap;
  }

  private catchUp(): void {
    const snap = this.snapshot!;
    if (this.dirtyNodes.size > 0) {
      const names = this.dirtyNodes;
      this.dirtyNodes = new Set();
      for (const name of names) this.syncNode(snap, name);
    }
    if (this.dirtyPods.size > 0) {
      const keys = this.dirtyPods;
      this.dirtyPods = new Set();
      for (const key of keys) this.syncPod(snap, key);
    }
  }

  private syncNode(snap: Snapshot, name: string): void {
    const r = this.model.node(name)?.record;
    const prev = this.nodes.get(name);
    if (!r) {
      if (prev) {
        snap.removeNode(name);
        this.nodes.delete(name);
        this.stats.nodeUpdates++;
      }
      return;
    }
    if (prev && sameNodeForScheduling(prev, r)) {
      this.nodes.set(name, r);
      this.stats.ignoredChanges++;
      return;
    }
    this.nodes.set(name, r);
    if (prev) snap.updateNode(nodeFromRecord(r));
    else {
      snap.addNode(nodeFromRecord(r));
      // Pods the model knew before their Node object arrived: a build from pods() placed
      // them already (the snapshot keeps them until the node comes); one node by node did not.
      if (!this.model.pods) for (const p of this.model.podsOnNode(name)) this.syncPod(snap, objectKey(p));
    }
    this.stats.nodeUpdates++;
  }

  private syncPod(snap: Snapshot, key: string): void {
    const r = this.model.pod(key);
    const prev = this.placed.get(key);
    if (!r || !occupiesNode(r)) {
      if (prev) {
        this.unplace(snap, key, prev);
        this.stats.podUpdates++;
      } else this.stats.ignoredChanges++;
      return;
    }
    if (prev && sameForScheduling(prev.record, r)) {
      prev.record = r;
      this.stats.ignoredChanges++;
      return;
    }
    if (prev) this.unplace(snap, key, prev);
    this.place(snap, key, r);
    this.stats.podUpdates++;
  }

  private place(snap: Snapshot, key: string, r: PodRecord): void {
    const pod = podFromRecord(r);
    snap.addPod(pod);
    this.placed.set(key, { record: r, pod });
    this.placedPerNode.set(r.nodeName, (this.placedPerNode.get(r.nodeName) ?? 0) + 1);
  }

  private unplace(snap: Snapshot, key: string, prev: Placed): void {
    snap.removePod(prev.pod);
    this.placed.delete(key);
    const n = (this.placedPerNode.get(prev.record.nodeName) ?? 0) - 1;
    if (n > 0) this.placedPerNode.set(prev.record.nodeName, n);
    else this.placedPerNode.delete(prev.record.nodeName);
  }

  /** Puts back every bound pod as the model has it and drops what a borrower assumed or nominated. */
  private restore(snap: Snapshot, seq: number): void {
    if (snap.podChangeSeq === seq && !snap.hasNominatedPods) return;
    // The base snapshot holds bound pods only, so every nomination is the borrower's.
    if (snap.hasNominatedPods) {
      const nominated: Pod[] = [];
      for (const ni of snap.nodeInfos()) for (const pi of snap.nominatedPodsFor(ni.name)) nominated.push(pi.pod);
      for (const pod of nominated) snap.removePod(pod);
    }
    const changed = snap.podChangesSince(seq);
    const touched = changed ? new Set(changed.map((n) => n.name)) : undefined;
    const infos = touched ? snap.nodeInfos().filter((n) => touched.has(n.name)) : snap.nodeInfos();
    // Whatever a borrower assumed or added is not one of the pod objects placed from the model.
    const foreign: Pod[] = [];
    for (const ni of infos) {
      for (const pi of ni.pods) {
        const meta = pi.pod.metadata;
        if (this.placed.get(`${meta.namespace || 'default'}/${meta.name}`)?.pod !== pi.pod) foreign.push(pi.pod);
      }
    }
    for (const pod of foreign) snap.removePod(pod);
    // A borrower may have removed or re-assumed pods of the cluster (e.g. a what-if
    // replacing a Deployment's pods): count them again where the model has them. Only
    // nodes now short of pods need the (full) scan.
    const short = new Set<string>();
    for (const ni of infos) if (ni.pods.length !== (this.placedPerNode.get(ni.name) ?? 0)) short.add(ni.name);
    if (short.size === 0) return;
    for (const { record, pod } of this.placed.values()) {
      if (!short.has(record.nodeName)) continue;
      if (snap.nodeOf(pod) !== record.nodeName || snap.isAssumed(pod)) snap.addPod(pod);
    }
  }
}
