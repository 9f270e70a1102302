// Finding an object's dependents (objects whose ownerReferences name its uid), for the
// API server's stand-in garbage collection and for the real collector of part 2.
import type { KubeObject } from '../../kube/object.js';
import type { ServerContext } from './context.js';
import { storagePrefix, type ServedResource } from './registry.js';

export interface Dependent {
  r: ServedResource;
  obj: KubeObject;
}

/**
 * One resource per storage prefix (custom resources serve several versions from one prefix;
 * events.k8s.io events are core events, reached through core's own resource).
 */
export function storedResources(ctx: ServerContext): ServedResource[] {
  const seen = new Set<string>();
  const out: ServedResource[] = [];
  for (const r of ctx.registry.all()) {
    const key = `${r.group}/${r.plural}`;
    if (seen.has(key) || (r.crdName && !r.preferred) || r.storageResource) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}

export function dependentsOf(ctx: ServerContext, owner: KubeObject, ownerNamespaced: boolean): Dependent[] {
  const uid = owner.metadata.uid;
  if (!uid) return [];
  const out: Dependent[] = [];
  for (const r of storedResources(ctx)) {
    // A namespaced owner can only own objects in its namespace.
    if (ownerNamespaced && !r.namespaced) continue;
    const prefix = storagePrefix(r, ownerNamespaced ? owner.metadata.namespace : undefined);
    for (const v of ctx.store.list(prefix, { filter: (v) => v.json.includes(uid) }).items) {
      const obj = JSON.parse(v.json) as KubeObject;
      if ((obj.metadata.ownerReferences ?? []).some((ref) => ref.uid === uid)) out.push({ r, obj });
    }
  }
  return out;
}
