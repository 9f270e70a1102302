// The main thread's side of the control loops' requests: each one goes through the API
// server's full handling, as an HTTPS request would; watch streams are forwarded event by
// event until the worker stops them or the server ends them.
import { textRequest, type ApiRequest, type WatchEventType, type WatchStream } from '../apiserver/request';
import type { ApiHandler } from '../client/loopback-client';
import type { ToMain, ToWorker } from './messages';

type RequestMessage = Extract<ToMain, { k: 'request' }>;

export class WorkerApiHost {
  private readonly watches = new Map<number, WatchStream>();

  constructor(
    private readonly api: ApiHandler,
    private readonly send: (m: ToWorker) => void,
  ) {}

  request(m: RequestMessage): void {
    const query = new URLSearchParams(m.query);
    // The body arrives as text: parsed as it is, not encoded to bytes and decoded again.
    const req: ApiRequest = m.body !== undefined ? textRequest(m.method, m.path, query, m.headers, m.body) : { method: m.method, path: m.path, query, headers: m.headers };
    // The callbacks hold the id, not the message: its body would stay alive until the answer.
    const { id, bodyIgnored } = m;
    this.api.handle(req).then(
      (res) => {
        if (!res.watch) {
          // A success whose body the caller ignores is not copied across (a pod or Event per write).
          const skip = bodyIgnored === true && res.status < 400;
          const body = skip || res.body === undefined ? undefined : typeof res.body === 'string' ? res.body : res.body.toString('utf8');
          this.send({ k: 'response', id: id, status: res.status, headers: res.headers, body });
          return;
        }
        this.send({ k: 'response', id: id, status: res.status, headers: res.headers, watch: true });
        const stream = res.watch;
        this.watches.set(id, stream);
        const end = (): void => {
          if (this.watches.delete(id)) this.send({ k: 'end', id: id });
        };
        const event = (type: WatchEventType, json: string): void => this.send({ k: 'event', id: id, type, json });
        if (stream.startEvents) stream.startEvents(event, end);
        // Streams of framed lines only (the in-memory kinds) are read per event here, so the
        // worker gets events alike from every stream.
        else stream.start((frame) => forEachEvent(frame, event), end);
      },
      (err: unknown) => {
        // The API server answers errors as Status responses; this is a failure of the server itself.
        const message = err instanceof Error ? err.message : String(err);
        this.send({ k: 'response', id: id, status: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason: 'InternalError', code: 500 }) });
      },
    );
  }

  unwatch(id: number): void {
    const stream = this.watches.get(id);
    if (!stream) return;
    this.watches.delete(id);
    stream.stop();
  }

  /** The worker is gone: release every stream it had open. */
  close(): void {
    for (const stream of this.watches.values()) stream.stop();
    this.watches.clear();
  }
}

function forEachEvent(frame: string, event: (type: WatchEventType, json: string) => void): void {
  for (const line of frame.split('\n')) {
    if (!line) continue;
    const e = JSON.parse(line) as { type: WatchEventType; object: unknown };
    event(e.type, JSON.stringify(e.object));
  }
}
