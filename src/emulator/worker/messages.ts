// The messages between the emulator's main thread (API server, store, HTTPS) and the worker
// thread that runs its control loops. The loops reach state only through API requests, so
// the channel carries requests, responses and watch events, plus the few things the API
// server asks of the loops (in-memory kinds, kubelet presence, container logs).
import type { MessagePort } from 'node:worker_threads';
import type { ContainerLogOptions } from '../apiserver/context';
import type { WatchEventType } from '../apiserver/request';
import type { VirtualWatchEvent } from '../apiserver/virtual-resources';
import type { ServedResource } from '../apiserver/registry';
import type { ControlPlaneOptions } from '../control-loops';
import type { LogSeverity } from '../log';

/** Worker -> main. */
export type ToMain =
  | { k: 'request'; id: number; method: string; path: string; query: string; headers: Record<string, string | undefined>; body?: string; bodyIgnored?: boolean }
  | { k: 'unwatch'; id: number }
  | { k: 'serve'; resource: ServedResource }
  | { k: 'virtual-event'; sub: number; event: VirtualWatchEvent }
  | { k: 'return'; id: number; value?: unknown; error?: WireError }
  | { k: 'kubelet'; node: string; running: boolean }
  | { k: 'controller-manager'; running: boolean }
  | { k: 'heap'; usedBytes: number }
  | { k: 'store-available'; available: boolean; message: string }
  | { k: 'log'; message: string; severity?: LogSeverity }
  | { k: 'ready' }
  | { k: 'failed'; message: string }
  | { k: 'stopped' };

/** Main -> worker. */
export type ToWorker =
  | { k: 'response'; id: number; status: number; headers: Record<string, string>; body?: string; watch?: boolean }
  | { k: 'event'; id: number; type: WatchEventType; json: string }
  | { k: 'end'; id: number }
  | { k: 'call'; id: number; call: ProviderCall }
  | { k: 'virtual-watch'; sub: number; plural: string; initial?: { namespace: string | undefined } }
  | { k: 'virtual-unwatch'; sub: number }
  | { k: 'stop' };

/** What the main thread asks of the loops' side, answered by a `return`. */
export type ProviderCall =
  | { op: 'get'; plural: string; namespace: string | undefined; name: string }
  | { op: 'list'; plural: string; namespace: string | undefined }
  | { op: 'resourceVersion'; plural: string }
  | { op: 'update'; plural: string; namespace: string | undefined; name: string; object: unknown }
  | { op: 'containerLog'; namespace: string; pod: string; container: string; options: ContainerLogOptions };

/** An error crossing the thread boundary: an ApiError's fields, or a plain message. */
export interface WireError {
  message: string;
  code?: number;
  reason?: string;
  details?: unknown;
}

/** What the worker is started with (workerData). */
export interface WorkerStart {
  options: ControlPlaneOptions;
  clock: { scale: number; start: number };
}

interface Port {
  postMessage(value: unknown): void;
  on(event: 'message', listener: (value: unknown) => void): unknown;
}

/** An error as one thread reports it to the other's log: its stack when it has one. */
export function describeError(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

/** How long one event-loop turn of the API server's thread may spend on the loops' messages (ms). */
export const HANDLE_SLICE_MS = 5;
/**
 * The loops' side handles each batch whole: nothing there waits on its turns (no HTTPS, no
 * WAL), and slicing made it send more, smaller batches (+0.07-0.2 ms of its CPU per pod).
 */
export const WHOLE_BATCHES = Number.POSITIVE_INFINITY;

/**
 * One end of the channel. Messages are sent in batches, one postMessage per event-loop turn:
 * a pod costs ~30 messages (requests, responses, watch events), and each postMessage and
 * 'message' dispatch costs microseconds that would otherwise be paid per message.
 *
 * Received batches are handled in slices (HANDLE_SLICE_MS by default), in order, yielding
 * between slices. Handled whole on the API server's thread, a batch that built up while it
 * was busy kept it busy for 100-330 ms at 5,000 nodes (a CPU profile's longest stretches)
 * while HTTPS requests, the WAL's completions and the answers waited: creates' p99 round
 * trip was 0.55-0.85 s, 0.11-0.14 s with slices (bench/emulator-scale-running.ts at 5,000 nodes).
 */
export class BatchedChannel<Out, In> {
  private queue: Out[] = [];
  private scheduled = false;
  /** Received batches not handled yet, oldest first; `next` indexes into the first. */
  private readonly inbox: In[][] = [];
  private next = 0;
  /** A later turn will go on with the inbox. */
  private draining = false;

  constructor(
    private readonly port: Port | MessagePort,
    private readonly onMessage: (m: In) => void,
    /** A message whose handler threw; the rest of its batch is still handled. */
    private readonly onError: (error: unknown, m: In) => void,
    private readonly sliceMs = HANDLE_SLICE_MS,
  ) {
    (port as Port).on('message', (batch: unknown) => {
      this.inbox.push(batch as In[]);
      if (!this.draining) this.drain();
    });
  }

  /** Handles received messages in order until the slice is used up; the rest in a later turn. */
  private readonly drain = (): void => {
    const until = performance.now() + this.sliceMs;
    let handled = 0;
    slice: while (this.inbox.length > 0) {
      const batch = this.inbox[0];
      while (this.next < batch.length) {
        const m = batch[this.next];
        // Handled messages leave the batch at once: one handled over several slices would
        // otherwise keep every earlier request's body alive until its last message.
        batch[this.next++] = undefined as In;
        // One failing handler must not drop the messages after it (an answer lost there
        // leaves its caller waiting for ever).
        try {
          this.onMessage(m);
        } catch (e) {
          this.onError(e, m);
        }
        // The clock is read every 16 messages: a message costs ~10-100 µs. A batch used up
        // right at the end of a slice is dropped by the next turn.
        if ((++handled & 15) === 0 && performance.now() >= until) break slice;
      }
      this.inbox.shift();
      this.next = 0;
    }
    // The rest waits for a later turn, after other callbacks and I/O have run.
    this.draining = this.inbox.length > 0;
    if (this.draining) setImmediate(this.drain);
  };

  send(m: Out): void {
    this.queue.push(m);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  /** Sends what is queued now (before a thread ends). */
  readonly flush = (): void => {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.port.postMessage(batch);
  };
}
