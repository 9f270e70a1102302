// Objects indexed by their controller's uid (and orphans by namespace), kept current from a
// shared informer's events, so a controller finds its pods in O(own pods), never by scanning
// 150,000 of them per sync (client-go's indexers play this role upstream).
// One index serves every controller that indexes the same informer (five on pods: Deployment,
// ReplicaSet, DaemonSet, StatefulSet, Job), and an update that keeps the object's owner only
// swaps the stored object: per pod status write that was 5 x (two controllerRefOf scans, two
// key strings, a Map delete and set), 12 % of the controllers' CPU per pod
// (bench/controllers-pod-updates.ts).
import type { KubeObject } from '../../kube/object';
import type { Informer } from '../client/informer';
import { objectKey } from '../client/informer';
import { controllerRefOf } from './controller-ref';

/** The objects of one informer by owner; built once per informer however many controllers ask. */
class SharedOwnerIndex<T extends KubeObject> {
  readonly byOwner = new Map<string, Map<string, T>>();
  readonly orphans = new Map<string, Map<string, T>>();

  constructor(informer: Informer<T>) {
    informer.on({
      add: (obj) => this.put(obj),
      update: (obj, old) => {
        if (!this.replace(obj, old)) {
          this.remove(old);
          this.put(obj);
        }
      },
      delete: (obj) => this.remove(obj),
    });
  }

  /** Most updates (status writes) keep owner, namespace and identity: only the stored object changes. */
  private replace(obj: T, old: T): boolean {
    const id = idOf(obj);
    if (id !== idOf(old)) return false;
    const owner = controllerRefOf(obj)?.uid;
    if (owner !== controllerRefOf(old)?.uid) return false;
    let m: Map<string, T> | undefined;
    if (owner !== undefined) m = this.byOwner.get(owner);
    else if (obj.metadata.deletionTimestamp === undefined && old.metadata.deletionTimestamp === undefined && obj.metadata.namespace === old.metadata.namespace) m = this.orphans.get(obj.metadata.namespace ?? '');
    if (!m?.has(id)) return false;
    m.set(id, obj);
    return true;
  }

  private put(obj: T): void {
    const owner = controllerRefOf(obj)?.uid;
    if (owner === undefined && obj.metadata.deletionTimestamp !== undefined) return;
    const index = owner !== undefined ? this.byOwner : this.orphans;
    const k = owner ?? obj.metadata.namespace ?? '';
    let m = index.get(k);
    if (!m) index.set(k, (m = new Map()));
    m.set(idOf(obj), obj);
  }

  private remove(obj: T): void {
    const id = idOf(obj);
    const uid = controllerRefOf(obj)?.uid;
    if (uid !== undefined) this.removeFrom(this.byOwner, uid, id);
    this.removeFrom(this.orphans, obj.metadata.namespace ?? '', id);
  }

  private removeFrom(index: Map<string, Map<string, T>>, k: string, id: string): void {
    const m = index.get(k);
    if (!m) return;
    m.delete(id);
    if (m.size === 0) index.delete(k);
  }
}

/** The uid names the object without building a string (a test's bare object falls back to its key). */
export function idOf(obj: KubeObject): string {
  return obj.metadata.uid || objectKey(obj);
}

const shared = new WeakMap<object, unknown>();

export class OwnerIndex<T extends KubeObject = KubeObject> {
  private readonly index: SharedOwnerIndex<T>;

  /** `onChange` is told about every object after the index took it in. */
  constructor(informer: Informer<T>, onChange?: (obj: T, old?: T) => void, onDelete?: (obj: T) => void) {
    let index = shared.get(informer) as SharedOwnerIndex<T> | undefined;
    if (!index) shared.set(informer, (index = new SharedOwnerIndex(informer)));
    this.index = index;
    // Registered after the shared index's own handler, so the index is current when these run.
    if (onChange || onDelete) {
      informer.on({
        add: (obj) => onChange?.(obj),
        update: (obj, old) => onChange?.(obj, old),
        delete: (obj) => onDelete?.(obj),
      });
    }
  }

  /** The objects whose controller is `uid`. */
  owned(uid: string | undefined): T[] {
    const m = uid ? this.index.byOwner.get(uid) : undefined;
    return m ? [...m.values()] : [];
  }

  countOwned(uid: string | undefined): number {
    return (uid && this.index.byOwner.get(uid)?.size) || 0;
  }

  /** Objects in `namespace` without a controller (candidates for adoption). */
  orphansIn(namespace: string | undefined): T[] {
    const m = this.index.orphans.get(namespace ?? '');
    return m ? [...m.values()] : [];
  }
}
