// List, then watch, the few objects one trace view follows (a pod, its events, its scheduling
// records), chosen by field or label selector. Unlike the model's ListWatch, the objects are
// kept whole (there are few) and the selector travels with every request. As client-go's
// reflector: a watch that ends is resumed from the last resourceVersion, 410 Gone lists again,
// failures retry with capped backoff on the injected Clock.
import type { Clock, Timer } from '../kube/clock.js';
import { backoffDelay, DEFAULT_BACKOFF, failureFromResponse, type ApiFailure, type BackoffPolicy } from '../cluster/list-watch.js';
import type { KubeTransport, Query, RawWatchEvent, WatchHandle } from '../cluster/transport.js';

export interface SelectedListWatchOptions {
  transport: KubeTransport;
  /** Collection path, e.g. /api/v1/namespaces/default/events. */
  path: string;
  /** fieldSelector / labelSelector, sent with the list and the watch. */
  query: Query;
  clock: Clock;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** A complete list: replaces everything seen before. */
  onList(items: unknown[]): void;
  onEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: unknown): void;
  /** A failure (retried with backoff), or undefined once it works again. */
  onFailure(failure: ApiFailure | undefined): void;
}

const PAGE = 500;

export class SelectedListWatch {
  private resourceVersion = '';
  private generation = 0;
  private failures = 0;
  private handle?: WatchHandle;
  private retry?: Timer;
  private stopped = false;

  constructor(private readonly o: SelectedListWatchOptions) {}

  /** Resolves after the first list attempt, whether it worked or not. */
  start(): Promise<void> {
    return this.list();
  }

  stop(): void {
    this.stopped = true;
    this.abandon();
  }

  private abandon(): void {
    this.generation++;
    this.retry?.cancel();
    this.retry = undefined;
    const h = this.handle;
    this.handle = undefined;
    h?.abort();
  }

  private async list(): Promise<void> {
    const gen = ++this.generation;
    try {
      const items: unknown[] = [];
      let token: string | undefined;
      let rv = '';
      do {
        const res = await this.o.transport.get(this.o.path, { ...this.o.query, limit: PAGE, continue: token });
        if (gen !== this.generation) return;
        if (res.status !== 200) throw failureFromResponse(res);
        const page = JSON.parse(res.body);
        for (const item of Array.isArray(page?.items) ? page.items : []) items.push(item);
        token = typeof page?.metadata?.continue === 'string' && page.metadata.continue !== '' ? page.metadata.continue : undefined;
        rv = String(page?.metadata?.resourceVersion ?? '');
      } while (token);
      this.resourceVersion = rv;
      this.o.onList(items);
      this.succeeded();
      void this.watch();
    } catch (err) {
      if (gen === this.generation) this.fail(asFailure(err), true);
    }
  }

  private async watch(): Promise<void> {
    const gen = ++this.generation;
    const query: Query = { ...this.o.query, resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 300 + Math.floor((this.o.random ?? Math.random)() * 300) };
    const started = this.o.clock.now();
    let events = 0;
    let done = false;
    const onEvent = (e: RawWatchEvent): void => {
      if (gen !== this.generation) return;
      events++;
      const rv = e.object?.metadata?.resourceVersion;
      if (e.type === 'ERROR') {
        const code = e.object?.code;
        this.abandon();
        if (code === 410) void this.list();
        else this.fail({ code, reason: String(e.object?.reason ?? ''), message: String(e.object?.message ?? 'watch error') }, true);
        return;
      }
      if (rv) this.resourceVersion = String(rv);
      if (e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED') this.o.onEvent(e.type, e.object);
    };
    const onDone = (err: unknown): void => {
      if (gen !== this.generation || done) return;
      done = true;
      this.handle = undefined;
      if (err && (err as { statusCode?: number }).statusCode === 410) void this.list();
      else if (err) this.fail(asFailure(err), false);
      // A watch closed at once without events would spin: count it as a failure.
      else if (events === 0 && this.o.clock.now() - started < 1000) this.fail({ reason: 'WatchClosed', message: 'the server closed the watch at once' }, false);
      else void this.watch();
    };
    try {
      const h = await this.o.transport.watch(this.o.path, query, onEvent, onDone);
      if (gen !== this.generation || done) {
        if (!done) h.abort();
        return;
      }
      this.handle = h;
      this.succeeded();
    } catch (err) {
      onDone(err ?? new Error('watch failed'));
    }
  }

  private succeeded(): void {
    if (this.failures === 0) return;
    this.failures = 0;
    this.o.onFailure(undefined);
  }

  private fail(failure: ApiFailure, relist: boolean): void {
    if (this.stopped) return;
    this.failures++;
    this.o.onFailure(failure);
    if (relist || failure.code !== undefined) this.resourceVersion = '';
    const gen = ++this.generation;
    this.retry = this.o.clock.setTimeout(() => {
      if (gen !== this.generation) return;
      this.retry = undefined;
      void (this.resourceVersion ? this.watch() : this.list());
    }, backoffDelay(this.o.backoff ?? DEFAULT_BACKOFF, this.failures, this.o.random ?? Math.random));
  }
}

function asFailure(err: unknown): ApiFailure {
  if (err && typeof err === 'object' && !(err instanceof Error) && typeof (err as ApiFailure).message === 'string') return err as ApiFailure;
  const code = (err as { statusCode?: number })?.statusCode;
  return { ...(typeof code === 'number' ? { code } : {}), reason: 'NetworkError', message: err instanceof Error ? err.message : String(err) };
}
