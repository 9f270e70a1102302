// The garbage collector's view of ownership: every followed object by uid with its owners,
// and for every uid (present or not) the uids that name it as owner. Kept current from the
// informers' events; lookups are O(1) instead of scans over all objects.
import type { KubeObject, OwnerReference } from '../../../kube/object';
import type { MonitoredResource } from './resources';

export interface GraphNode {
  uid: string;
  resource: MonitoredResource;
  namespace?: string;
  name: string;
  owners: OwnerReference[];
  deleting: boolean;
  finalizers: string[];
}

export class OwnershipGraph {
  readonly nodes = new Map<string, GraphNode>();
  private readonly dependents = new Map<string, Set<string>>();

  /**
   * Stores the object and returns its node. Most updates (pod status) change no ownership: the
   * node is then refreshed in place, keeping its links (no new node per status write).
   */
  upsert(resource: MonitoredResource, obj: KubeObject): GraphNode | undefined {
    const uid = obj.metadata.uid;
    if (!uid) return undefined;
    const previous = this.nodes.get(uid);
    const owners = obj.metadata.ownerReferences ?? [];
    if (previous && sameOwners(previous.owners, owners)) {
      previous.owners = owners;
      previous.deleting = obj.metadata.deletionTimestamp !== undefined;
      previous.finalizers = obj.metadata.finalizers ?? [];
      return previous;
    }
    if (previous) for (const o of previous.owners) this.unlink(o.uid, uid);
    const node: GraphNode = {
      uid,
      resource,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name ?? '',
      owners: obj.metadata.ownerReferences ?? [],
      deleting: obj.metadata.deletionTimestamp !== undefined,
      finalizers: obj.metadata.finalizers ?? [],
    };
    this.nodes.set(uid, node);
    for (const o of node.owners) {
      let set = this.dependents.get(o.uid);
      if (!set) this.dependents.set(o.uid, (set = new Set()));
      set.add(uid);
    }
    return node;
  }

  remove(uid: string | undefined): GraphNode | undefined {
    if (!uid) return undefined;
    const node = this.nodes.get(uid);
    if (!node) return undefined;
    this.nodes.delete(uid);
    for (const o of node.owners) this.unlink(o.uid, uid);
    return node;
  }

  dependentsOf(uid: string): GraphNode[] {
    const set = this.dependents.get(uid);
    if (!set) return [];
    const out: GraphNode[] = [];
    for (const d of set) {
      const node = this.nodes.get(d);
      if (node) out.push(node);
    }
    return out;
  }

  private unlink(owner: string, dependent: string): void {
    const set = this.dependents.get(owner);
    if (!set) return;
    set.delete(dependent);
    if (set.size === 0) this.dependents.delete(owner);
  }
}

/** Whether two ownerReferences lists say the same, every field compared (no JSON built per update). */
export function sameOwnerReferences(a: OwnerReference[], b: OwnerReference[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.uid !== y.uid || x.name !== y.name || x.kind !== y.kind || x.apiVersion !== y.apiVersion || x.controller !== y.controller || x.blockOwnerDeletion !== y.blockOwnerDeletion) return false;
  }
  return true;
}

function sameOwners(a: OwnerReference[], b: OwnerReference[]): boolean {
  return a.length === b.length && a.every((r, i) => r.uid === b[i]!.uid && r.blockOwnerDeletion === b[i]!.blockOwnerDeletion && r.controller === b[i]!.controller);
}
