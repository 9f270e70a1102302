// The API server's thread handles its work in arrival order: batches of the control loops'
// messages and HTTPS requests go into one queue, handled in time slices that yield to I/O
// (sockets, the WAL's completions) between event-loop turns.
//
// Why one queue: when HTTPS requests were handled as soon as they arrived and the loops'
// messages only in 5 ms slices between turns, the loops' requests were the ones left waiting.
// A client creating pods as fast as it could then ran far ahead of the cluster: at 5,000 nodes
// ~12,000 of the loops' requests (~1.7 s of the thread's work) waited, and thousands of pods
// sat between created and Running, long enough for their objects to be promoted and then
// collected by full GCs in both threads. In arrival order, a create waits behind the work the
// creates before it caused, so the backlog stays a few hundred requests (docs/bench/emulator-scale.md,
// session 14).

/** How long one event-loop turn may spend handling queued work (ms). */
export const ARRIVAL_SLICE_MS = 5;

interface Arrival<T> {
  items: (T | undefined)[];
  handle(item: T): void;
  /** An item whose handler threw; the rest are still handled. */
  onError(error: unknown, item: T): void;
}

export class ArrivalQueue {
  private readonly arrivals: Arrival<unknown>[] = [];
  /** Index into the first arrival's items of the next one to handle. */
  private next = 0;
  /** A later turn will go on with the queue. */
  private draining = false;

  constructor(private readonly sliceMs = ARRIVAL_SLICE_MS) {}

  /** Queues `items` (the array is taken over), to be handled in order after what came before. */
  push<T>(items: T[], handle: (item: T) => void, onError: (error: unknown, item: T) => void): void {
    if (items.length === 0) return;
    this.arrivals.push({ items, handle, onError } as Arrival<unknown>);
    // Nothing waiting: handled now, in this turn, as a lone request always was.
    if (!this.draining) this.drain();
  }

  /** Queues one piece of work. */
  run(work: () => void, onError: (error: unknown) => void): void {
    this.push([work], callWork, (e) => onError(e));
  }

  /** Handles queued items in order until the slice is used up; the rest in a later turn. */
  private readonly drain = (): void => {
    const until = performance.now() + this.sliceMs;
    let handled = 0;
    slice: while (this.arrivals.length > 0) {
      const a = this.arrivals[0];
      const items = a.items;
      while (this.next < items.length) {
        const item = items[this.next];
        // Handled items leave the array at once: one handled over several slices would
        // otherwise keep every earlier request's body alive until its last item.
        items[this.next++] = undefined;
        // One failing handler must not drop the items after it (an answer lost there leaves
        // its caller waiting for ever).
        try {
          a.handle(item);
        } catch (e) {
          a.onError(e, item);
        }
        // The clock is read every 16 items: an item costs ~10-100 µs. An array used up right
        // at the end of a slice is dropped by the next turn.
        if ((++handled & 15) === 0 && performance.now() >= until) break slice;
      }
      this.arrivals.shift();
      this.next = 0;
    }
    // The rest waits for a later turn, after other callbacks and I/O have run.
    this.draining = this.arrivals.length > 0;
    if (this.draining) setImmediate(this.drain);
  };
}

const callWork = (work: () => void): void => work();
