// The namespace controller: a Terminating namespace is emptied (every namespaced resource
// found through discovery), and once nothing is left its `kubernetes` finalizer is removed
// through namespaces/<name>/finalize, which lets the API server delete it.
import type { KubeObject } from '../../../kube/object';
import { objectKey } from '../../client/informer';
import { isConflict, isNotFound } from '../../client/loopback-client';
import { R } from '../../client/paths';
import type { ControlLoopContext } from '../../control-loop';
import { QueueController } from '../controller-base';
import { timestamp } from '../controller-ref';
import { namespacedResources } from './discovery';

const RECHECK_MS = 1000;

export class NamespaceController extends QueueController {
  constructor(ctx: ControlLoopContext) {
    super('namespace-controller', ctx, 2);
  }

  start(): void {
    this.ctx.informers.for(R.namespaces).on({
      add: (ns) => ns.metadata.deletionTimestamp && this.queue.add(objectKey(ns)),
      update: (ns) => ns.metadata.deletionTimestamp && this.queue.add(objectKey(ns)),
    });
  }

  protected async sync(name: string): Promise<void> {
    const ns = this.ctx.informers.for(R.namespaces).get(undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    if (!((ns.spec?.finalizers as string[] | undefined) ?? []).includes('kubernetes')) return;
    const remaining = await this.deleteContent(name);
    if (remaining.size > 0) {
      await this.reportRemaining(ns, remaining);
      this.queue.addAfter(name, RECHECK_MS);
      return;
    }
    const live = await this.client.get<KubeObject>({ ...R.namespaces, name }).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
    if (!live) return;
    live.spec = { ...(live.spec ?? {}), finalizers: ((live.spec?.finalizers as string[] | undefined) ?? []).filter((f) => f !== 'kubernetes') };
    await this.client.update({ ...R.namespaces, name, subresource: 'finalize' }, live).catch((e) => {
      if (!isNotFound(e)) throw e;
    });
  }

  /** Deletes what is in the namespace; returns what is still there, per resource. */
  private async deleteContent(namespace: string): Promise<Map<string, number>> {
    const remaining = new Map<string, number>();
    for (const r of await namespacedResources(this.client)) {
      const ref = { group: r.group, version: r.version, resource: r.resource, namespace };
      const items = (await this.client.list<KubeObject>(ref)).items;
      if (items.length === 0) continue;
      if (r.deleteCollection) {
        await this.client.request('DELETE', ref, { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } }).catch(ignoreGone);
      } else {
        for (const obj of items) await this.client.delete({ ...ref, name: obj.metadata.name }, { propagationPolicy: 'Background' }).catch(ignoreGone);
      }
      const left = (await this.client.list<KubeObject>(ref)).items.length;
      if (left > 0) remaining.set(r.group ? `${r.resource}.${r.group}` : r.resource, left);
    }
    return remaining;
  }

  /** The NamespaceContentRemaining condition `kubectl describe namespace` shows. */
  private async reportRemaining(ns: KubeObject, remaining: Map<string, number>): Promise<void> {
    const message = `Some resources are remaining: ${[...remaining].map(([r, n]) => `${r} has ${n} resource instances`).join(', ')}`;
    const conditions = ((ns.status?.conditions as { type: string; message?: string }[] | undefined) ?? []).filter((c) => c.type !== 'NamespaceContentRemaining');
    const old = (ns.status?.conditions as { type: string; message?: string }[] | undefined)?.find((c) => c.type === 'NamespaceContentRemaining');
    if (old?.message === message) return;
    conditions.push({ type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message, lastTransitionTime: timestamp(this.ctx.clock.now()) } as { type: string });
    await this.client.update({ ...R.namespaces, name: ns.metadata.name, subresource: 'status' }, { ...ns, status: { ...(ns.status ?? {}), conditions } }).catch(ignoreGone);
  }
}

function ignoreGone(e: unknown): void {
  if (!isNotFound(e) && !isConflict(e)) throw e;
}
