// The cluster as the scheduler sees it: NodeInfos kept up to date incrementally
// (add/update/remove of nodes and pods, assume for a pod just bound), plus the
// storage, namespace, PDB and controller objects some plugins read.
import type {
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodDisruptionBudget,
  SelectorOwner,
  StorageClass,
} from '../api/types';
import { podKey, podNamespace } from '../api/types';
import { type AffinityTerm, PodInfo, podInfoOf, sameSchedulingInputs, sameStrings } from '../framework/pod-info';
import { NodeInfo, type ImageStateSummary } from './node-info';
import { NodeTable } from './node-table';

export interface SnapshotObjects {
  nodes?: Node[];
  pods?: Pod[];
  persistentVolumeClaims?: PersistentVolumeClaim[];
  persistentVolumes?: PersistentVolume[];
  storageClasses?: StorageClass[];
  podDisruptionBudgets?: PodDisruptionBudget[];
  /** Namespace objects, for namespaceSelector in pod affinity terms. */
  namespaces?: Array<{ metadata: { name?: string; labels?: Record<string, string> } }>;
  /** Services, ReplicaSets, StatefulSets, ReplicationControllers: default spreading selects by them. */
  services?: SelectorOwner[];
  replicaSets?: SelectorOwner[];
  statefulSets?: SelectorOwner[];
  replicationControllers?: SelectorOwner[];
}

/** Equal required anti-affinity terms of existing pods, and how many such pods each node has. */
export interface AntiAffinityGroup {
  term: AffinityTerm;
  nodes: Map<string, number>;
}

interface PlacedPod {
  info: PodInfo;
  nodeName: string;
  assumed: boolean;
}

const byKey = <T extends { metadata: { name?: string; namespace?: string } }>(o: T): string =>
  o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : (o.metadata.name ?? '');

export class Snapshot {
  private readonly list: NodeInfo[] = [];
  /** The nodes' rows of numbers that Filter and Score read (see node-table.ts). */
  readonly table = new NodeTable(64, true);
  private readonly byName = new Map<string, NodeInfo>();
  private readonly placed = new Map<string, PlacedPod>();
  /** Pods whose node is not (yet) in the snapshot, by node name. */
  private readonly orphans = new Map<string, PodInfo[]>();
  /** Image name -> how many nodes have it. */
  private readonly imageNodes = new Map<string, number>();
  /** Pods nominated to a node by preemption, waiting for their victims to go. */
  private readonly nominated = new Map<string, PodInfo[]>();
  private affinityListCache: NodeInfo[] | undefined;
  /** Nodes whose pods changed, in order; lets aggregates catch up instead of recounting. */
  private podChanges: NodeInfo[] = [];
  private podChangesBase = 0;
  /** Existing pods' required anti-affinity terms, grouped by identity, with pod counts per node. */
  private readonly antiAffinityGroups = new Map<string, AntiAffinityGroup>();
  /** Bumped when nodes are added, removed or relabelled: what places nodes in topology domains. */
  nodeSetGeneration = 0;
  private antiAffinityListCache: NodeInfo[] | undefined;

  readonly pvcs = new Map<string, PersistentVolumeClaim>();
  readonly pvs = new Map<string, PersistentVolume>();
  readonly storageClasses = new Map<string, StorageClass>();
  readonly namespaceLabels = new Map<string, Record<string, string>>();
  pdbs: PodDisruptionBudget[] = [];
  services: SelectorOwner[] = [];
  replicaSets: SelectorOwner[] = [];
  statefulSets: SelectorOwner[] = [];
  replicationControllers: SelectorOwner[] = [];

  static from(objects: SnapshotObjects): Snapshot {
    const s = new Snapshot();
    for (const n of objects.nodes ?? []) s.addNode(n);
    for (const p of objects.pods ?? []) s.addPod(p);
    for (const c of objects.persistentVolumeClaims ?? []) s.pvcs.set(byKey(c), c);
    for (const v of objects.persistentVolumes ?? []) s.pvs.set(v.metadata.name ?? '', v);
    for (const c of objects.storageClasses ?? []) s.storageClasses.set(c.metadata.name ?? '', c);
    for (const ns of objects.namespaces ?? []) s.namespaceLabels.set(ns.metadata.name ?? '', ns.metadata.labels ?? {});
    s.pdbs = objects.podDisruptionBudgets ?? [];
    s.services = objects.services ?? [];
    s.replicaSets = objects.replicaSets ?? [];
    s.statefulSets = objects.statefulSets ?? [];
    s.replicationControllers = objects.replicationControllers ?? [];
    return s;
  }

  // --- reading -------------------------------------------------------------------

  /** Every node, in a stable order (the order nodes were added). */
  nodeInfos(): readonly NodeInfo[] {
    return this.list;
  }

  get(nodeName: string): NodeInfo | undefined {
    return this.byName.get(nodeName);
  }

  get numNodes(): number {
    return this.list.length;
  }

  /** Nodes with at least one pod that has pod affinity or anti-affinity. */
  havePodsWithAffinity(): readonly NodeInfo[] {
    return (this.affinityListCache ??= this.list.filter((n) => n.podsWithAffinity.length > 0));
  }

  /** Nodes with at least one pod that has required anti-affinity. */
  havePodsWithRequiredAntiAffinity(): readonly NodeInfo[] {
    return (this.antiAffinityListCache ??= this.list.filter((n) => n.podsWithRequiredAntiAffinity.length > 0));
  }

  /** How many nodes have `image` (a normalized name). */
  imageNodeCount(image: string): number {
    return this.imageNodes.get(image) ?? 0;
  }

  imageState(nodeInfo: NodeInfo, image: string): ImageStateSummary | undefined {
    const size = nodeInfo.imageSizes.get(image);
    if (size === undefined) return undefined;
    return { size, numNodes: this.imageNodes.get(image) ?? 0 };
  }

  /** The node a pod is on (or assumed on), by pod key. */
  nodeOf(pod: Pod): string | undefined {
    return this.placed.get(podKey(pod))?.nodeName;
  }

  nominatedPodsFor(nodeName: string): readonly PodInfo[] {
    return this.nominated.get(nodeName) ?? NONE;
  }

  get hasNominatedPods(): boolean {
    return this.nominated.size > 0;
  }

  // --- nodes ----------------------------------------------------------------------

  addNode(node: Node): NodeInfo {
    const name = node.metadata.name ?? '';
    const existing = this.byName.get(name);
    if (existing) {
      this.updateNode(node);
      return existing;
    }
    const ni = new NodeInfo(node, this.table);
    this.list.push(ni);
    this.byName.set(name, ni);
    this.countImages(ni, 1);
    for (const pi of this.orphans.get(name) ?? []) ni.addPod(pi);
    this.orphans.delete(name);
    this.nodeSetGeneration++;
    this.invalidate();
    return ni;
  }

  updateNode(node: Node): void {
    const ni = this.byName.get(node.metadata.name ?? '');
    if (!ni) {
      this.addNode(node);
      return;
    }
    const labels = ni.labels;
    this.countImages(ni, -1);
    ni.setNode(node);
    this.countImages(ni, 1);
    // Only labels place a node in topology domains. Its status (images after a pull,
    // conditions) changes far more often, and each bump made every spread aggregate recount
    // all nodes' pods (5,000 nodes: ~45 % of the scheduler's PreScore under a Deployment).
    if (!sameStrings(labels, ni.labels)) this.nodeSetGeneration++;
  }

  removeNode(nodeName: string): void {
    const ni = this.byName.get(nodeName);
    if (!ni) return;
    this.countImages(ni, -1);
    this.byName.delete(nodeName);
    this.list.splice(this.list.indexOf(ni), 1);
    // Pods stay known: they return if the node comes back, as in kube-scheduler's cache.
    if (ni.pods.length > 0) this.orphans.set(nodeName, ni.pods.slice());
    ni.detach();
    this.nodeSetGeneration++;
    this.invalidate();
  }

  private countImages(ni: NodeInfo, sign: 1 | -1): void {
    for (const image of ni.imageSizes.keys()) {
      const n = (this.imageNodes.get(image) ?? 0) + sign;
      if (n > 0) this.imageNodes.set(image, n);
      else this.imageNodes.delete(image);
    }
  }

  // --- pods -----------------------------------------------------------------------

  /**
   * Adds or updates a pod. Pods with spec.nodeName count on that node; pods without
   * one are only tracked when nominated (status.nominatedNodeName).
   */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    const prev = this.placed.get(key);
    if (prev && this.confirm(prev, pod)) {
      this.removeNominated(key);
      return;
    }
    if (prev) this.detach(key, prev);
    this.setNominated(pod);
    const nodeName = pod.spec.nodeName;
    if (!nodeName || isTerminal(pod)) return;
    const info = podInfoOf(pod);
    this.attach(info, nodeName, false);
  }

  /**
   * The API confirmed a pod this snapshot assumed (the binding's update): when nothing the
   * snapshot counts changed, the node's totals stay and only the pod object is replaced,
   * instead of removing and re-adding a freshly parsed pod (once per scheduled pod).
   */
  private confirm(prev: PlacedPod, pod: Pod): boolean {
    if (!prev.assumed || prev.nodeName !== pod.spec.nodeName || isTerminal(pod) || pod.status?.nominatedNodeName) return false;
    if (prev.info.hasAffinity || !sameSchedulingInputs(prev.info.pod, pod)) return false;
    return this.replaceObject(prev, pod);
  }

  /** Puts `pod` in place of the placed pod's object, counts unchanged; false when it is not where `prev` says. */
  private replaceObject(prev: PlacedPod, pod: Pod): boolean {
    const ni = this.byName.get(prev.nodeName);
    const info = prev.info.withPod(pod);
    if (ni && !ni.replacePod(info)) return false;
    if (!ni) {
      const list = this.orphans.get(prev.nodeName);
      const i = list ? list.indexOf(prev.info) : -1;
      if (i < 0) return false;
      list![i] = info;
    }
    this.placed.set(info.key, { info, nodeName: prev.nodeName, assumed: false });
    return true;
  }

  updatePod(pod: Pod): void {
    this.addPod(pod);
  }

  /**
   * A status-only update of a placed pod (the kubelet's writes): nothing counted changes, but
   * the snapshot takes the informer's newest object so the one it held can be freed; keeping
   * the bind-time version cost a second copy of every running pod.
   */
  refreshPod(pod: Pod): void {
    const prev = this.placed.get(podKey(pod));
    if (!prev || prev.assumed || prev.info.pod === pod || prev.nodeName !== pod.spec.nodeName || prev.info.hasAffinity) return;
    this.replaceObject(prev, pod);
  }

  removePod(pod: Pod): void {
    const key = podKey(pod);
    const prev = this.placed.get(key);
    if (prev) this.detach(key, prev);
    this.removeNominated(key);
  }

  /**
   * Counts `pod` on `nodeName` before the API confirms the binding, as kube-scheduler's
   * cache assumes pods; returns the assumed pod object (a copy with spec.nodeName set).
   */
  assume(pod: Pod, nodeName: string): Pod {
    const assumed: Pod = { ...pod, spec: { ...pod.spec, nodeName } };
    const key = podKey(pod);
    const prev = this.placed.get(key);
    if (prev) this.detach(key, prev);
    this.removeNominated(key);
    this.attach(podInfoOf(pod).withPod(assumed), nodeName, true);
    return assumed;
  }

  /** Undoes assume() when binding failed. */
  forget(pod: Pod): void {
    const key = podKey(pod);
    const prev = this.placed.get(key);
    if (prev?.assumed) this.detach(key, prev);
  }

  isAssumed(pod: Pod): boolean {
    return this.placed.get(podKey(pod))?.assumed ?? false;
  }

  /** Groups of equal anti-affinity terms; a group's nodes may include nodes not (yet) in the snapshot. */
  antiAffinityTermGroups(): IterableIterator<AntiAffinityGroup> {
    return this.antiAffinityGroups.values();
  }

  private countAntiAffinity(info: PodInfo, nodeName: string, delta: 1 | -1): void {
    const sigs = info.requiredAntiAffinitySigs;
    for (let i = 0; i < sigs.length; i++) {
      let g = this.antiAffinityGroups.get(sigs[i]);
      if (!g) {
        if (delta < 0) continue;
        g = { term: info.requiredAntiAffinityTerms[i], nodes: new Map() };
        this.antiAffinityGroups.set(sigs[i], g);
      }
      const n = (g.nodes.get(nodeName) ?? 0) + delta;
      if (n > 0) g.nodes.set(nodeName, n);
      else g.nodes.delete(nodeName);
      if (g.nodes.size === 0) this.antiAffinityGroups.delete(sigs[i]);
    }
  }

  private attach(info: PodInfo, nodeName: string, assumed: boolean): void {
    this.placed.set(info.key, { info, nodeName, assumed });
    if (info.requiredAntiAffinitySigs.length > 0) this.countAntiAffinity(info, nodeName, 1);
    const ni = this.byName.get(nodeName);
    if (ni) {
      ni.addPod(info);
      this.recordPodChange(ni);
      if (info.hasAffinity) this.invalidate();
    } else {
      const list = this.orphans.get(nodeName) ?? [];
      list.push(info);
      this.orphans.set(nodeName, list);
    }
  }

  private detach(key: string, placed: PlacedPod): void {
    this.placed.delete(key);
    if (placed.info.requiredAntiAffinitySigs.length > 0) this.countAntiAffinity(placed.info, placed.nodeName, -1);
    const ni = this.byName.get(placed.nodeName);
    if (ni) {
      ni.removePod(key);
      this.recordPodChange(ni);
      if (placed.info.hasAffinity) this.invalidate();
    } else {
      const list = this.orphans.get(placed.nodeName);
      if (list) this.orphans.set(placed.nodeName, list.filter((p) => p.key !== key));
    }
  }

  private setNominated(pod: Pod): void {
    const key = podKey(pod);
    this.removeNominated(key);
    const nominated = pod.status?.nominatedNodeName;
    if (!nominated || pod.spec.nodeName) return;
    const list = this.nominated.get(nominated) ?? [];
    list.push(podInfoOf(pod));
    this.nominated.set(nominated, list);
  }

  /** Records that preemption nominated `pod` to `nodeName` (until it is bound or deleted). */
  nominate(pod: Pod, nodeName: string): void {
    this.setNominated({ ...pod, status: { ...(pod.status ?? {}), nominatedNodeName: nodeName } });
  }

  private removeNominated(key: string): void {
    if (this.nominated.size === 0) return;
    for (const [node, list] of this.nominated) {
      const i = list.findIndex((p) => p.key === key);
      if (i < 0) continue;
      list.splice(i, 1);
      if (list.length === 0) this.nominated.delete(node);
    }
  }

  /** Sequence number of the latest pod change. */
  get podChangeSeq(): number {
    return this.podChangesBase + this.podChanges.length;
  }

  /** Nodes whose pods changed since `seq`, or undefined when that history was dropped. */
  podChangesSince(seq: number): readonly NodeInfo[] | undefined {
    if (seq < this.podChangesBase) return undefined;
    return this.podChanges.slice(seq - this.podChangesBase);
  }

  private recordPodChange(ni: NodeInfo): void {
    this.podChanges.push(ni);
    if (this.podChanges.length > 20_000) {
      this.podChanges = this.podChanges.slice(10_000);
      this.podChangesBase += 10_000;
    }
  }

  private invalidate(): void {
    this.affinityListCache = undefined;
    this.antiAffinityListCache = undefined;
  }

  // --- other objects -------------------------------------------------------------

  setPersistentVolumeClaim(pvc: PersistentVolumeClaim, deleted = false): void {
    if (deleted) this.pvcs.delete(byKey(pvc));
    else this.pvcs.set(byKey(pvc), pvc);
  }

  setPersistentVolume(pv: PersistentVolume, deleted = false): void {
    if (deleted) this.pvs.delete(pv.metadata.name ?? '');
    else this.pvs.set(pv.metadata.name ?? '', pv);
  }

  setStorageClass(sc: StorageClass, deleted = false): void {
    if (deleted) this.storageClasses.delete(sc.metadata.name ?? '');
    else this.storageClasses.set(sc.metadata.name ?? '', sc);
  }

  pvc(namespace: string, name: string): PersistentVolumeClaim | undefined {
    return this.pvcs.get(`${namespace}/${name}`);
  }

  /** Every pod placed on a node, for consumers such as what-if reports. */
  *pods(): IterableIterator<{ pod: Pod; nodeName: string; assumed: boolean }> {
    for (const p of this.placed.values()) yield { pod: p.info.pod, nodeName: p.nodeName, assumed: p.assumed };
  }

  namespaceOf(pod: Pod): string {
    return podNamespace(pod);
  }
}

const NONE: readonly PodInfo[] = [];

function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}
