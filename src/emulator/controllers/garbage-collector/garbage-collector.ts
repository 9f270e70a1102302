// The garbage collector: deletes objects whose owners are all gone (background propagation),
// deletes an owner's dependents before the owner when it carries the foregroundDeletion
// finalizer (then removes that finalizer once no blockOwnerDeletion dependent is left), and
// for the orphan finalizer strips the owner from its dependents' ownerReferences instead.
import type { KubeObject, OwnerReference } from '../../../kube/object';
import { isConflict, isNotFound } from '../../client/loopback-client';
import type { ControlLoopContext } from '../../control-loop';
import { QueueController } from '../controller-base';
import { OwnershipGraph, sameOwnerReferences, type GraphNode } from './graph';
import { MONITORED, resourceOfOwner } from './resources';

const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';
/** How long an owner may be missing from the graph before the API is asked (informers still listing). */
const ABSENT_OWNER_GRACE_MS = 1000;

export class GarbageCollector extends QueueController {
  private readonly graph = new OwnershipGraph();

  constructor(ctx: ControlLoopContext) {
    super('garbage-collector-controller', ctx, 5);
  }

  start(): void {
    for (const resource of MONITORED) {
      this.ctx.informers.for(resource.ref).on({
        add: (obj) => this.observe(resource, obj),
        update: (obj) => this.observe(resource, obj),
        delete: (obj) => this.removed(obj),
      });
    }
  }

  private observe(resource: (typeof MONITORED)[number], obj: KubeObject): void {
    // upsert refreshes a known node in place: what it was is read first.
    const previous = this.graph.nodes.get(obj.metadata.uid ?? '');
    const previousOwners = previous?.owners;
    const wasDeleting = previous?.deleting;
    const node = this.graph.upsert(resource, obj);
    if (!node) return;
    if (node.deleting && (node.finalizers.includes(ORPHAN) || node.finalizers.includes(FOREGROUND))) this.queue.add(node.uid);
    const ownersChanged = previousOwners === undefined || !sameOwnerReferences(previousOwners, node.owners);
    if (ownersChanged && node.owners.length > 0) {
      const missing = node.owners.some((o) => !this.graph.nodes.has(o.uid));
      const waiting = node.owners.some((o) => this.graph.nodes.get(o.uid)?.finalizers.includes(FOREGROUND));
      if (missing) this.queue.addAfter(node.uid, ABSENT_OWNER_GRACE_MS);
      else if (waiting) this.queue.add(node.uid);
    }
    // A dependent that started or finished deleting may unblock a foreground owner.
    if (previous && wasDeleting !== node.deleting) this.enqueueWaitingOwners(node);
  }

  private removed(obj: KubeObject): void {
    const node = this.graph.remove(obj.metadata.uid);
    if (!node) return;
    for (const d of this.graph.dependentsOf(node.uid)) this.queue.add(d.uid);
    this.enqueueWaitingOwners(node);
  }

  private enqueueWaitingOwners(node: GraphNode): void {
    for (const o of node.owners) {
      const owner = this.graph.nodes.get(o.uid);
      if (owner?.deleting && owner.finalizers.includes(FOREGROUND)) this.queue.add(owner.uid);
    }
  }

  protected async sync(uid: string): Promise<void> {
    const node = this.graph.nodes.get(uid);
    if (!node) return;
    if (node.deleting) {
      if (node.finalizers.includes(ORPHAN)) return this.orphanDependents(node);
      if (node.finalizers.includes(FOREGROUND)) return this.deleteDependentsFirst(node);
      return;
    }
    if (node.owners.length === 0) return;
    await this.attemptToDelete(node);
  }

  private async attemptToDelete(node: GraphNode): Promise<void> {
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of node.owners) {
      const state = await this.ownerState(ref, node.namespace);
      if (state === 'absent') dangling.push(ref);
      else if (state === 'waiting') waiting.push(ref);
      else solid.push(ref);
    }
    if (solid.length > 0) {
      if (dangling.length === 0 && waiting.length === 0) return;
      // Still owned: forget the owners that are gone and stop blocking the ones waiting on us.
      const gone = new Set(dangling.map((r) => r.uid));
      const refs = node.owners.filter((r) => !gone.has(r.uid)).map((r) => (waiting.some((w) => w.uid === r.uid) ? { ...r, blockOwnerDeletion: false } : r));
      await this.patchOwners(node, refs);
      return;
    }
    const hasDependents = this.graph.dependentsOf(node.uid).length > 0;
    const policy = waiting.length > 0 && hasDependents ? 'Foreground' : node.finalizers.includes(ORPHAN) ? 'Orphan' : node.finalizers.includes(FOREGROUND) ? 'Foreground' : 'Background';
    await this.client.delete(this.refOf(node), { propagationPolicy: policy, preconditions: { uid: node.uid } }).catch(ignoreGone);
  }

  /** solid: exists and is not waiting; waiting: deleting in the foreground; absent: gone (or another uid). */
  private async ownerState(ref: OwnerReference, namespace: string | undefined): Promise<'solid' | 'waiting' | 'absent'> {
    const owner = this.graph.nodes.get(ref.uid);
    if (owner) return owner.deleting && owner.finalizers.includes(FOREGROUND) ? 'waiting' : 'solid';
    const resource = resourceOfOwner(ref);
    if (!resource) return 'solid'; // a kind not followed: never collect on its account
    try {
      const live = await this.client.get<KubeObject>({ ...resource.ref, namespace: resource.namespaced ? namespace : undefined, name: ref.name });
      if (live.metadata.uid !== ref.uid) return 'absent';
      return live.metadata.deletionTimestamp && live.metadata.finalizers?.includes(FOREGROUND) ? 'waiting' : 'solid';
    } catch (e) {
      if (isNotFound(e)) return 'absent';
      throw e;
    }
  }

  private async orphanDependents(owner: GraphNode): Promise<void> {
    for (const d of this.graph.dependentsOf(owner.uid)) {
      await this.patchOwners(d, d.owners.filter((r) => r.uid !== owner.uid));
    }
    await this.removeFinalizer(owner, ORPHAN);
  }

  private async deleteDependentsFirst(owner: GraphNode): Promise<void> {
    const dependents = this.graph.dependentsOf(owner.uid);
    const blocking = dependents.filter((d) => d.owners.some((r) => r.uid === owner.uid && r.blockOwnerDeletion === true));
    if (blocking.length === 0) return this.removeFinalizer(owner, FOREGROUND);
    for (const d of dependents) if (!d.deleting) this.queue.add(d.uid);
  }

  private refOf(node: GraphNode) {
    return { ...node.resource.ref, namespace: node.resource.namespaced ? node.namespace : undefined, name: node.name };
  }

  private async patchOwners(node: GraphNode, owners: OwnerReference[]): Promise<void> {
    const patch = { metadata: { uid: node.uid, ownerReferences: owners.length > 0 ? owners : null } };
    await this.client.patch(this.refOf(node), patch, 'merge').catch(ignoreGone);
  }

  private async removeFinalizer(node: GraphNode, finalizer: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      let live: KubeObject;
      try {
        live = await this.client.get<KubeObject>(this.refOf(node));
      } catch (e) {
        return ignoreGone(e);
      }
      if (live.metadata.uid !== node.uid || !live.metadata.finalizers?.includes(finalizer)) return;
      live.metadata.finalizers = live.metadata.finalizers.filter((f) => f !== finalizer);
      try {
        await this.client.update(this.refOf(node), live);
        return;
      } catch (e) {
        if (!isConflict(e)) return ignoreGone(e);
      }
    }
    throw new Error(`could not remove finalizer ${finalizer} from ${node.resource.kind} ${node.name}`);
  }
}

function ignoreGone(e: unknown): void {
  if (!isNotFound(e) && !isConflict(e)) throw e;
}
