// Delivers events to watchers in revision order, with no gaps and no duplicates, even
// when a watcher's callback writes or opens another watch (re-entrancy is queued).

import type { StoreEvent, WatchHandle } from './types';

interface Watcher {
  prefix: string;
  /** The highest revision this watcher has been given (or asked to start after). */
  delivered: number;
  onEvent: (event: StoreEvent) => void;
  cancelled: boolean;
}

export class WatchHub {
  /** The highest revision handed to watchers; replays of new watches stop here. */
  publishedRevision = 0;
  private readonly watchers = new Set<Watcher>();
  private queue: StoreEvent[] = [];
  private draining = false;

  constructor(
    /** The event of a revision still in history. */
    private readonly eventAt: (revision: number) => StoreEvent | undefined,
    private readonly onCallbackError: (error: unknown) => void,
  ) {}

  get watcherCount(): number {
    return this.watchers.size;
  }

  /** Queues events (in revision order) for every watcher; delivers now unless already delivering. */
  publish(event: StoreEvent): void {
    this.queue.push(event);
    if (!this.draining) this.drain();
  }

  /** Replays history after `fromRevision` up to what is published, then follows live events. */
  watch(prefix: string, fromRevision: number, onEvent: (event: StoreEvent) => void): WatchHandle {
    const w: Watcher = { prefix, delivered: fromRevision, onEvent, cancelled: false };
    this.watchers.add(w);
    const outer = this.draining;
    this.draining = true; // writes made by callbacks during the replay wait in the queue
    try {
      for (let rev = fromRevision + 1; rev <= this.publishedRevision && !w.cancelled; rev++) {
        const ev = this.eventAt(rev);
        if (ev) this.deliver(w, ev);
      }
    } finally {
      this.draining = outer;
    }
    if (!outer) this.drain();
    return { cancel: () => this.cancel(w) };
  }

  private cancel(w: Watcher): void {
    w.cancelled = true;
    this.watchers.delete(w);
  }

  private drain(): void {
    this.draining = true;
    try {
      for (let i = 0; i < this.queue.length; i++) {
        const ev = this.queue[i];
        this.publishedRevision = ev.revision;
        for (const w of this.watchers) this.deliver(w, ev);
      }
    } finally {
      this.queue.length = 0; // reused: one array, not one per write
      this.draining = false;
    }
  }

  private deliver(w: Watcher, ev: StoreEvent): void {
    if (w.cancelled || ev.revision <= w.delivered) return;
    w.delivered = ev.revision;
    if (!ev.value.key.startsWith(w.prefix)) return;
    try {
      w.onEvent(ev);
    } catch (error) {
      // A watcher that throws has lost events; end its stream rather than the store's.
      this.cancel(w);
      this.onCallbackError(error);
    }
  }
}
