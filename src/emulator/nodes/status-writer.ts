// Pod status writes, one at a time per pod and coalesced: while a write is in flight only
// the newest status waits, so a slow write never lands after a newer one (as the
// kubelet's status manager syncs the latest status, not every intermediate one).
import type { KubeObject } from '../../kube/object';
import { isNotFound, type LoopbackClient } from '../client/loopback-client';
import { R } from '../client/paths';

interface Slot {
  inflight: Promise<void>;
  next?: Record<string, unknown>;
}

export class StatusWriter {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly client: LoopbackClient,
    private readonly log: (message: string) => void,
  ) {}

  write(pod: KubeObject, status: Record<string, unknown>): void {
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
    s.inflight = Promise.resolve().then(() => this.drain(pod, key, s));
  }

  /** Resolves when no write for the pod is pending. */
  settled(pod: KubeObject): Promise<void> {
    return this.slots.get(this.key(pod))?.inflight ?? Promise.resolve();
  }

  forget(pod: KubeObject): void {
    const slot = this.slots.get(this.key(pod));
    if (slot) slot.next = undefined;
  }

  private async drain(pod: KubeObject, key: string, slot: Slot): Promise<void> {
    let status = slot.next;
    slot.next = undefined;
    while (status) {
      const { namespace, name } = pod.metadata;
      try {
        await this.client.patch({ ...R.pods, namespace, name, subresource: 'status' }, { status }, 'merge');
      } catch (e) {
        if (!isNotFound(e)) this.log(`status of pod ${namespace}/${name}: ${e instanceof Error ? e.message : String(e)}`);
      }
      status = slot.next;
      slot.next = undefined;
    }
    this.slots.delete(key);
  }

  private key(pod: KubeObject): string {
    return `${pod.metadata.namespace}/${pod.metadata.name}/${pod.metadata.uid}`;
  }
}
