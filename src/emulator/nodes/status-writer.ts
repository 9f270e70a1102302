// Pod status writes, one at a time per pod and coalesced: while a write is in flight only
// the newest status waits, so a slow write never lands after a newer one (as the
// kubelet's status manager syncs the latest status, not every intermediate one). A status
// may be given as its source (a pod worker): it is built only when its write is sent, so the
// states a pod passes through in one go (Pending with an IP, then Running) cost one build.
import type { KubeObject } from '../../kube/object';
import { isNotFound, type LoopbackClient } from '../client/loopback-client';
import { R } from '../client/paths';
import type { Log } from '../log';

export type PodStatusBody = Record<string, unknown>;

/** What builds a status when its write goes out (a pod worker itself: no closure per pod). */
export interface StatusSource {
  buildStatus(): PodStatusBody;
}

/** A status, or what builds it when its write goes out. */
export type PendingStatus = PodStatusBody | StatusSource;

function isSource(s: PendingStatus): s is StatusSource {
  return typeof (s as Partial<StatusSource>).buildStatus === 'function';
}

interface Slot {
  inflight: Promise<void>;
  next?: PendingStatus;
}

export class StatusWriter {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly client: LoopbackClient,
    private readonly log: Log,
  ) {}

  write(pod: KubeObject, status: PendingStatus): void {
    const key = this.key(pod);
    const slot = this.slots.get(key);
    if (slot) {
      slot.next = status;
      return;
    }
    // Deferred to a microtask so transitions made in one go (admit -> start a present
    // image -> Running) become one write instead of two.
    const s: Slot = { inflight: Promise.resolve(), next: status };
    this.slots.set(key, s);
    const { namespace = '', name = '' } = pod.metadata;
    s.inflight = Promise.resolve().then(() => this.drain(namespace, name, key, s));
  }

  /** Resolves when no write for the pod is pending. */
  settled(pod: KubeObject): Promise<void> {
    return this.slots.get(this.key(pod))?.inflight ?? Promise.resolve();
  }

  forget(pod: KubeObject): void {
    const slot = this.slots.get(this.key(pod));
    if (slot) slot.next = undefined;
  }

  /**
   * Holds only the pod's namespace and name while a write is on its way: a suspended async
   * function keeps every local and parameter alive (V8), so a pod object (perhaps superseded)
   * and the status built for it would stay alive until the answer came back.
   */
  private async drain(namespace: string, name: string, key: string, slot: Slot): Promise<void> {
    while (slot.next) {
      try {
        await this.send(namespace, name, slot);
      } catch (e) {
        if (!isNotFound(e)) this.log(`updating the status of pod ${namespace}/${name} failed: ${e instanceof Error ? e.message : String(e)}`, 'W');
      }
    }
    this.slots.delete(key);
  }

  /** Builds the newest pending status and sends it; the pod comes back through the informer, so the response (a whole pod) is not parsed. */
  private send(namespace: string, name: string, slot: Slot): Promise<void> {
    const next = slot.next!;
    slot.next = undefined;
    const status = isSource(next) ? next.buildStatus() : next;
    return this.client.noResult.patch({ ...R.pods, namespace, name, subresource: 'status' }, { status }, 'merge');
  }

  private key(pod: KubeObject): string {
    // The uid alone names one pod (a new pod of the same name has another); no string to build.
    return pod.metadata.uid || `${pod.metadata.namespace}/${pod.metadata.name}`;
  }
}
