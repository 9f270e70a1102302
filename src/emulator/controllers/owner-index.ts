// Objects indexed by their controller's uid (and orphans by namespace), kept current from a
// shared informer's events, so a controller finds its pods in O(own pods), never by scanning
// 150,000 of them per sync (client-go's indexers play this role upstream).
import type { KubeObject } from '../../kube/object';
import type { Informer } from '../client/informer';
import { objectKey } from '../client/informer';
import { controllerRefOf } from './controller-ref';

export class OwnerIndex<T extends KubeObject = KubeObject> {
  private readonly byOwner = new Map<string, Map<string, T>>();
  private readonly orphans = new Map<string, Map<string, T>>();

  /** `onChange` is told about every object after the index took it in. */
  constructor(informer: Informer<T>, onChange?: (obj: T, old?: T) => void, onDelete?: (obj: T) => void) {
    informer.on({
      add: (obj) => {
        this.put(obj);
        onChange?.(obj);
      },
      update: (obj, old) => {
        this.remove(old);
        this.put(obj);
        onChange?.(obj, old);
      },
      delete: (obj) => {
        this.remove(obj);
        onDelete?.(obj);
      },
    });
  }

  /** The objects whose controller is `uid`. */
  owned(uid: string | undefined): T[] {
    const m = uid ? this.byOwner.get(uid) : undefined;
    return m ? [...m.values()] : [];
  }

  countOwned(uid: string | undefined): number {
    return (uid && this.byOwner.get(uid)?.size) || 0;
  }

  /** Objects in `namespace` without a controller (candidates for adoption). */
  orphansIn(namespace: string | undefined): T[] {
    const m = this.orphans.get(namespace ?? '');
    return m ? [...m.values()] : [];
  }

  private put(obj: T): void {
    const ref = controllerRefOf(obj);
    if (!ref && obj.metadata.deletionTimestamp !== undefined) return;
    const index = ref ? this.byOwner : this.orphans;
    const k = ref ? ref.uid : (obj.metadata.namespace ?? '');
    let m = index.get(k);
    if (!m) index.set(k, (m = new Map()));
    m.set(objectKey(obj), obj);
  }

  private remove(obj: T): void {
    for (const index of [this.byOwner, this.orphans]) {
      const k = index === this.byOwner ? controllerRefOf(obj)?.uid : (obj.metadata.namespace ?? '');
      if (k === undefined) continue;
      const m = index.get(k);
      if (!m) continue;
      m.delete(objectKey(obj));
      if (m.size === 0) index.delete(k);
    }
  }
}
