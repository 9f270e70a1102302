// The control loops' ApiHandler in the worker thread: each request goes to the main thread's
// API server as a message and its response (or watch stream) comes back the same way. The
// loops' clients (LoopbackClient, informers) cannot tell it from the in-thread handler.
import type { ApiRequest, ApiResponse, WatchEventType, WatchStream } from '../apiserver/request';
import { bodyIgnored, type ApiHandler } from '../client/loopback-client';
import type { ToMain } from './messages';

interface PendingRequest {
  resolve(res: ApiResponse): void;
}

type StreamItem = { type: WatchEventType; json: string } | { end: true };

/** A watch whose events arrive as messages; buffered until the client starts reading. */
class RemoteWatch implements WatchStream {
  private buffered: StreamItem[] | undefined = [];
  private ended = false;
  private onEvent: ((type: WatchEventType, json: string) => void) | undefined;
  private onEnd: (() => void) | undefined;

  constructor(private readonly cancel: () => void) {}

  start(write: (frame: string) => void, end: () => void): void {
    this.startEvents((type, json) => write(`{"type":${JSON.stringify(type)},"object":${json}}\n`), end);
  }

  startEvents(event: (type: WatchEventType, objectJson: string) => void, end: () => void): void {
    this.onEvent = event;
    this.begin(end);
  }

  stop(): void {
    if (this.ended) return;
    this.ended = true;
    this.buffered = undefined;
    this.cancel();
  }

  deliver(item: StreamItem): void {
    if (this.ended) return;
    if (this.buffered) this.buffered.push(item);
    else this.dispatch(item);
  }

  end(): void {
    if (this.ended) return;
    if (this.buffered) {
      // Ended before anyone read it: keep the end for start().
      this.buffered.push({ end: true });
      return;
    }
    this.ended = true;
    this.onEnd?.();
  }

  private begin(end: () => void): void {
    this.onEnd = end;
    const items = this.buffered ?? [];
    this.buffered = undefined;
    for (const item of items) this.dispatch(item);
  }

  private dispatch(item: StreamItem): void {
    if ('end' in item) this.end();
    else this.onEvent?.(item.type, item.json);
  }
}

export class RemoteApiHandler implements ApiHandler {
  private nextId = 1;
  private readonly pending = new Map<number, PendingRequest>();
  private readonly watches = new Map<number, RemoteWatch>();

  constructor(private readonly send: (m: ToMain) => void) {}

  handle(req: ApiRequest): Promise<ApiResponse> {
    const id = this.nextId++;
    // A value body is serialized here, in the worker, so the main thread only parses it, as it
    // does for HTTPS requests.
    const body = req.object !== undefined ? JSON.stringify(req.object) : req.body?.toString('utf8');
    return new Promise<ApiResponse>((resolve) => {
      this.pending.set(id, { resolve });
      const m: ToMain = { k: 'request', id, method: req.method, path: req.path, query: req.query.toString(), headers: req.headers, body };
      if (bodyIgnored.has(req)) m.bodyIgnored = true;
      this.send(m);
    });
  }

  response(id: number, status: number, headers: Record<string, string>, body: string | undefined, watch: boolean | undefined): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (!watch) {
      p.resolve({ status, headers, body });
      return;
    }
    const stream = new RemoteWatch(() => {
      this.watches.delete(id);
      this.send({ k: 'unwatch', id });
    });
    this.watches.set(id, stream);
    p.resolve({ status, headers, watch: stream });
  }

  event(id: number, type: WatchEventType, json: string): void {
    this.watches.get(id)?.deliver({ type, json });
  }

  end(id: number): void {
    const w = this.watches.get(id);
    if (!w) return;
    this.watches.delete(id);
    w.end();
  }
}
