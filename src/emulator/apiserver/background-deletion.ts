// Stand-ins for the namespace controller and the garbage collector until part 2's control
// loops run (LifecycleHooks tell which ones do): empty and remove terminating namespaces,
// honour the orphan/foregroundDeletion finalizers, and delete dependents of deleted owners.
import type { Timer } from '../../kube/clock.js';
import type { KubeObject } from '../../kube/object.js';
import type { ServerContext } from './context.js';
import { deleteObject, FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from './handlers/delete.js';
import { dependentsOf, storedResources } from './owner-references.js';
import { retryOnConflict, updateObject, type WriteOptions } from './persist.js';
import { storageKey, storagePrefix, type ServedResource } from './registry.js';
import { ApiError } from './status.js';

const RETRY_MS = 500;

function systemWrite(): WriteOptions {
  return { dryRun: false, manager: '', fieldValidation: 'Ignore', warnings: [], system: true };
}

function ignoreGone(e: unknown): void {
  if (!(e instanceof ApiError && (e.code === 404 || e.code === 409))) throw e;
}

/** Objects whose owners are all gone (or orphaned) lose their ownerReferences or go too. */
const OWNER_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Service', 'Node', 'CustomResourceDefinition']);

export class BackgroundDeletion {
  private readonly pending = new Map<string, () => Promise<boolean>>();
  private readonly timers = new Set<Timer>();
  private scheduled = false;
  private stopped = false;

  constructor(private readonly ctx: ServerContext) {}

  /** Called after every write; decides whether some cleanup is due. */
  observe(r: ServedResource, obj: KubeObject, type: 'create' | 'update' | 'delete'): void {
    const ctx = this.ctx;
    const meta = obj.metadata;
    if (type === 'update' && meta.deletionTimestamp) {
      if (r.group === '' && r.kind === 'Namespace' && !ctx.hooks.namespaceControllerRunning()) {
        this.enqueue(`ns/${meta.name}`, () => this.finishNamespace(meta.name ?? ''));
      }
      const f = meta.finalizers ?? [];
      if ((f.includes(ORPHAN_FINALIZER) || f.includes(FOREGROUND_FINALIZER)) && !ctx.hooks.garbageCollectorRunning()) {
        this.enqueue(`gc/${meta.uid}`, () => this.finishOwner(r, meta.namespace, meta.name ?? ''));
      }
    }
    if (type === 'delete' && (OWNER_KINDS.has(r.kind) || r.crdName) && !ctx.hooks.garbageCollectorRunning()) {
      this.enqueue(`bg/${meta.uid}`, () => this.deleteDependents(r, obj));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) t.cancel();
    this.pending.clear();
  }

  /** Resolves once no cleanup work is queued (tests and shutdown use it). */
  idle(): boolean {
    return this.pending.size === 0;
  }

  private enqueue(key: string, work: () => Promise<boolean>): void {
    if (this.stopped) return;
    this.pending.set(key, work);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.drain());
    }
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    const batch = [...this.pending.entries()];
    for (const [key, work] of batch) {
      if (this.stopped) return;
      if (this.pending.get(key) !== work) continue;
      this.pending.delete(key);
      let done = true;
      try {
        done = await work();
      } catch (e) {
        this.ctx.log(`background deletion ${key} failed: ${e instanceof Error ? e.message : String(e)}`, 'W');
        done = false;
      }
      if (!done && !this.stopped) {
        const timer = this.ctx.clock.setTimeout(() => {
          this.timers.delete(timer);
          if (!this.pending.has(key)) this.enqueue(key, work);
        }, RETRY_MS);
        this.timers.add(timer);
      }
    }
  }

  /** Deletes everything in the namespace, then the namespace once nothing is left. */
  private async finishNamespace(name: string): Promise<boolean> {
    const ctx = this.ctx;
    const contents = () => storedResources(ctx).filter((r) => r.namespaced).flatMap((r) => ctx.store.list(storagePrefix(r, name)).items.map((v) => ({ r, obj: JSON.parse(v.json) as KubeObject })));
    for (const { r, obj } of contents()) {
      if (obj.metadata.deletionTimestamp) continue;
      await deleteObject(ctx, r, name, obj.metadata.name ?? '', { gracePeriodSeconds: 0, propagationPolicy: 'Background', dryRun: false }).catch(ignoreGone);
    }
    // Objects held by finalizers keep the namespace Terminating, as in Kubernetes.
    if (contents().length > 0) return false;
    const nsResource = ctx.registry.lookup('', 'v1', 'namespaces')!;
    const value = ctx.store.get(storageKey(nsResource, undefined, name));
    if (!value) return true;
    const ns = JSON.parse(value.json) as KubeObject;
    if (!ns.metadata.deletionTimestamp) return true;
    const next = structuredClone(ns);
    next.spec = { ...(next.spec ?? {}), finalizers: [] };
    await updateObject(ctx, nsResource, { value, old: ns, next }, systemWrite()).catch(ignoreGone);
    // spec.finalizers emptied; metadata.finalizers (if any) still hold it, as in Kubernetes.
    const after = ctx.store.get(value.key);
    if (after && (JSON.parse(after.json).metadata.finalizers ?? []).length === 0) {
      await ctx.store.delete(value.key).then(
        (gone) => ctx.afterWrite(nsResource, JSON.parse(gone.json), 'delete'),
        () => undefined,
      );
    }
    return true;
  }

  private async finishOwner(r: ServedResource, namespace: string | undefined, name: string): Promise<boolean> {
    const ctx = this.ctx;
    const value = ctx.store.get(storageKey(r, namespace, name));
    if (!value) return true;
    const owner = JSON.parse(value.json) as KubeObject;
    const finalizers = owner.metadata.finalizers ?? [];
    const dependents = dependentsOf(ctx, owner, r.namespaced);
    if (finalizers.includes(ORPHAN_FINALIZER)) {
      for (const d of dependents) await this.dropOwnerReference(d.r, d.obj, owner.metadata.uid ?? '');
    } else if (finalizers.includes(FOREGROUND_FINALIZER)) {
      for (const d of dependents) {
        if (d.obj.metadata.deletionTimestamp) continue;
        await deleteObject(ctx, d.r, d.obj.metadata.namespace, d.obj.metadata.name ?? '', { propagationPolicy: 'Foreground', gracePeriodSeconds: 0, dryRun: false }).catch(ignoreGone);
      }
      if (dependentsOf(ctx, owner, r.namespaced).length > 0) return false;
    }
    await retryOnConflict(false, async () => {
      const current = ctx.store.get(value.key);
      if (!current) return;
      const old = JSON.parse(current.json) as KubeObject;
      const next = structuredClone(old);
      next.metadata.finalizers = (old.metadata.finalizers ?? []).filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
      if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
      await updateObject(ctx, r, { value: current, old, next }, systemWrite());
    }).catch(ignoreGone);
    return true;
  }

  private async dropOwnerReference(r: ServedResource, obj: KubeObject, uid: string): Promise<void> {
    const ctx = this.ctx;
    await retryOnConflict(false, async () => {
      const value = ctx.store.get(storageKey(r, obj.metadata.namespace, obj.metadata.name ?? ''));
      if (!value) return;
      const old = JSON.parse(value.json) as KubeObject;
      const next = structuredClone(old);
      next.metadata.ownerReferences = (old.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== uid);
      if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
      await updateObject(ctx, r, { value, old, next }, systemWrite());
    }).catch(ignoreGone);
  }

  /** Background propagation: dependents whose every owner is gone are deleted. */
  private async deleteDependents(r: ServedResource, owner: KubeObject): Promise<boolean> {
    const ctx = this.ctx;
    for (const d of dependentsOf(ctx, owner, r.namespaced)) {
      const others = (d.obj.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== owner.metadata.uid);
      if (others.length > 0) {
        await this.dropOwnerReference(d.r, d.obj, owner.metadata.uid ?? '');
        continue;
      }
      await deleteObject(ctx, d.r, d.obj.metadata.namespace, d.obj.metadata.name ?? '', { propagationPolicy: 'Background', dryRun: false }).catch(ignoreGone);
    }
    return true;
  }
}
