// A KubeTransport that answers from a routing function and hands watches to the test, which
// then plays the server: sends events, ends streams.
import type { KubeResponse, KubeTransport, Query, RawWatchEvent, WatchHandle } from '../../../src/cluster/transport';

export interface FakeWatch {
  path: string;
  query: Query;
  send(type: string, object: unknown): void;
  end(err?: unknown): void;
  aborted: boolean;
}

export type Route = (path: string, query: Query | undefined) => KubeResponse | undefined;

export const json = (body: unknown, status = 200): KubeResponse => ({ status, body: JSON.stringify(body) });
export const list = (items: unknown[], resourceVersion = '10') => json({ kind: 'List', metadata: { resourceVersion }, items });
export const status = (code: number, reason: string, message: string) => json({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message }, code);

export class FakeTransport implements KubeTransport {
  readonly gets: Array<{ path: string; query?: Query }> = [];
  readonly watches: FakeWatch[] = [];

  constructor(public route: Route) {}

  async get(path: string, query?: Query): Promise<KubeResponse> {
    this.gets.push({ path, query });
    return this.route(path, query) ?? status(404, 'NotFound', 'the server could not find the requested resource');
  }

  async watch(path: string, query: Query, onEvent: (event: RawWatchEvent) => void, onDone: (err: unknown) => void): Promise<WatchHandle> {
    let done = false;
    const w: FakeWatch = {
      path,
      query,
      aborted: false,
      send: (type, object) => {
        if (!done && !w.aborted) onEvent({ type, object });
      },
      end: (err) => {
        if (done) return;
        done = true;
        onDone(err ?? null);
      },
    };
    this.watches.push(w);
    return { abort: () => (w.aborted = true) };
  }

  /** The open (not aborted, not ended) watch on a path that contains `part`. */
  open(part: string): FakeWatch {
    const w = [...this.watches].reverse().find((x) => x.path.includes(part) && !x.aborted);
    if (!w) throw new Error(`no open watch on ${part}`);
    return w;
  }
}

/** Lets pending promise callbacks run (the transport answers asynchronously). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}
