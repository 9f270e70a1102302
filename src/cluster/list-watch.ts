// List, then watch from the list's resourceVersion, for one resource kind, folding slim
// records into a sink (the model). As client-go's reflector does: a watch that ends is
// resumed from the last resourceVersion seen (bookmarks included); 410 Gone (history
// compacted) forces a fresh list; failures retry with capped exponential backoff and
// jitter; 401 and 403 are reported as such, since retrying will not fix them by itself
// (they are retried anyway, slowly, because credentials and RBAC can change).
// A watch that goes silent (half-open TCP, a proxy that never closes) is detected on our
// side: no answer to the request within watchOpenTimeoutMs is a failure; an open stream
// with no event or BOOKMARK for watchIdleTimeoutMs (servers send a bookmark every minute
// to watches that allow them), or still open watchDeadlineGraceMs after the timeoutSeconds
// the server was asked for, is dropped and resumed from the last resourceVersion.
// Time (backoff timers, deadlines) comes from an injected Clock and randomness from an
// injected function, so tests drive reconnects without sleeping.

import type { Clock, Timer } from '../kube/clock.js';
import type { KubeObject } from '../kube/object.js';
import { Emitter } from './emitter.js';
import type { WatchEventType } from './model.js';
import type { KubeResponse, KubeTransport, Query, RawWatchEvent, WatchHandle } from './transport.js';

export interface ResourceRef {
  /** Plural resource as RBAC and kubectl name it: `nodes`, `pods`, `leases.coordination.k8s.io`. */
  resource: string;
  /** Collection path, e.g. `/api/v1/pods`, `/apis/coordination.k8s.io/v1/namespaces/kube-system/leases`. */
  path: string;
  namespace?: string;
  /** Narrows the list and the watch, e.g. `metadata.namespace!=kube-system`. */
  fieldSelector?: string;
}

export interface RecordSink<R> {
  replace(records: R[]): void;
  /**
   * Pages of the first list as they arrive, so a long list shows while it fills in;
   * replace() still follows with every record (and removes nothing a page added).
   */
  addPage?(records: R[]): void;
  apply(type: WatchEventType, record: R): void;
  setStale(stale: boolean): void;
}

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Extra random fraction of the delay (0.2 = up to +20%), so many clients do not retry in step. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 800, maxMs: 30_000, factor: 2, jitter: 0.2 };

export interface ApiFailure {
  /** HTTP status, absent for network errors. */
  code?: number;
  reason: string;
  message: string;
}

export type ListWatchPhase = 'listing' | 'watching' | 'backoff' | 'unauthorized' | 'forbidden' | 'stopped';

export interface ListWatchState {
  resource: string;
  namespace?: string;
  phase: ListWatchPhase;
  /** A complete list has been folded in at least once. */
  synced: boolean;
  /** Consecutive failures since the last success. */
  failures: number;
  lastError?: ApiFailure;
  /** Clock time of the next attempt while backing off. */
  retryAt?: number;
}

export interface ListWatchOptions<R> {
  transport: KubeTransport;
  ref: ResourceRef;
  project: (obj: KubeObject) => R;
  sink: RecordSink<R>;
  clock: Clock;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** Items per list page (kubectl uses 500). */
  pageSize?: number;
  /** Asked of the server so watches end and are resumed regularly, as client-go does. */
  watchTimeoutSeconds?: number;
  /** A watch that ends sooner than this without an event counts as a failure (avoids a hot loop). */
  minWatchMs?: number;
  /** A watch request unanswered this long is a failure (retried with backoff). */
  watchOpenTimeoutMs?: number;
  /** An open watch with no event, bookmark included, for this long is presumed dead and resumed. */
  watchIdleTimeoutMs?: number;
  /** A watch still open this long after its timeoutSeconds is presumed dead and resumed. */
  watchDeadlineGraceMs?: number;
}

/** kube-apiserver and the emulator send a BOOKMARK every minute: three missed ones mean a dead stream. */
export const DEFAULT_WATCH_IDLE_TIMEOUT_MS = 180_000;
export const DEFAULT_WATCH_OPEN_TIMEOUT_MS = 30_000;
export const DEFAULT_WATCH_DEADLINE_GRACE_MS = 30_000;

export function backoffDelay(policy: BackoffPolicy, failures: number, random: () => number): number {
  const base = Math.min(policy.maxMs, policy.initialMs * Math.pow(policy.factor, Math.max(0, failures - 1)));
  return Math.min(policy.maxMs, Math.round(base * (1 + policy.jitter * random())));
}

/** Reads a metav1.Status (or anything) from an error response. */
export function failureFromResponse(res: KubeResponse): ApiFailure {
  try {
    const s = JSON.parse(res.body);
    if (s && typeof s.message === 'string') return { code: res.status, reason: String(s.reason ?? ''), message: s.message };
  } catch {
    // not JSON: fall through
  }
  return { code: res.status, reason: '', message: res.body.trim().slice(0, 300) || `HTTP ${res.status}` };
}

function failureFromError(err: any): ApiFailure {
  if (typeof err?.statusCode === 'number') return { code: err.statusCode, reason: String(err.message ?? ''), message: String(err.message ?? `HTTP ${err.statusCode}`) };
  const code = typeof err?.code === 'string' ? err.code : undefined;
  // node-fetch says `request to <url with query> failed, reason: connect ECONNREFUSED ...`:
  // keep the reason, which stays the same from one retry to the next.
  const text = String(err?.message ?? err);
  const m = /^request to \S+ failed, reason: (.*)$/s.exec(text);
  return { reason: code ?? 'NetworkError', message: m ? m[1] : text };
}

class RelistNeeded extends Error {}

/** The continue token of a list, read from the head of the body (servers write metadata before items). */
export function peekContinue(body: string): string | undefined {
  const head = body.slice(0, 4096);
  const items = head.indexOf('"items"');
  const m = /"continue"\s*:\s*"([^"\\]*)"/.exec(items < 0 ? head : head.slice(0, items));
  return m && m[1] ? m[1] : undefined;
}

export class ListWatch<R> {
  private readonly transport: KubeTransport;
  private readonly policy: BackoffPolicy;
  private readonly random: () => number;
  private readonly pageSize: number;
  private resourceVersion = '';
  /** Bumped on every new attempt, so callbacks of an abandoned one are ignored. */
  private generation = 0;
  private watchHandle?: WatchHandle;
  private retryTimer?: Timer;
  /** Checks the current watch's open, idle and overall deadlines. */
  private watchTimer?: Timer;
  private current: ListWatchState;
  private readonly stateChanged = new Emitter<ListWatchState>();
  readonly onDidChangeState = this.stateChanged.event;

  constructor(private readonly options: ListWatchOptions<R>) {
    this.transport = options.transport;
    this.policy = options.backoff ?? DEFAULT_BACKOFF;
    this.random = options.random ?? Math.random;
    this.pageSize = options.pageSize ?? 500;
    this.current = { resource: options.ref.resource, namespace: options.ref.namespace, phase: 'stopped', synced: false, failures: 0 };
  }

  get state(): ListWatchState {
    return this.current;
  }

  start(): void {
    void this.list();
  }

  /** Drops the watch and lists again (the user's Refresh). */
  relist(): void {
    this.abandon();
    this.resourceVersion = '';
    void this.list();
  }

  /**
   * Retries at once instead of when the backoff ends: the server is known to be back (the
   * bundled emulator just started again). A watch resumes from where it was; failures keep
   * counting, so a server still failing backs off as before.
   */
  retryNow(): void {
    if (this.current.phase !== 'backoff' || !this.retryTimer) return;
    this.retryTimer.cancel();
    this.retry();
  }

  stop(): void {
    this.abandon();
    this.setState({ phase: 'stopped', retryAt: undefined });
    this.stateChanged.dispose();
  }

  private abandon(): void {
    this.generation++;
    this.retryTimer?.cancel();
    this.retryTimer = undefined;
    this.watchTimer?.cancel();
    this.watchTimer = undefined;
    const handle = this.watchHandle;
    this.watchHandle = undefined;
    handle?.abort();
  }

  /** `unpaged` after a continue token expired mid-list: one full list, as client-go's pager falls back to. */
  private async list(unpaged = false): Promise<void> {
    const gen = ++this.generation;
    // A retry keeps the failing phase until it succeeds, so the status does not flap.
    if (!this.current.failures) this.setState({ phase: 'listing', retryAt: undefined });
    try {
      const records: R[] = [];
      let resourceVersion = '';
      const fetchPage = (token?: string): { token?: string; response: Promise<KubeResponse> } => {
        const selector: Query = this.options.ref.fieldSelector ? { fieldSelector: this.options.ref.fieldSelector } : {};
        const p = this.transport.get(this.options.ref.path, unpaged ? selector : { ...selector, limit: this.pageSize, continue: token });
        p.catch(() => undefined); // awaited below; this only keeps a prefetch from being "unhandled"
        return { token, response: p };
      };
      let next: { token?: string; response: Promise<KubeResponse> } | undefined = fetchPage();
      while (next) {
        const token: string | undefined = next.token;
        const res: KubeResponse = await next.response;
        next = undefined;
        if (gen !== this.generation) return;
        if (res.status !== 200) {
          // The continue token expired (compaction) before the last page: pages cannot be
          // resumed consistently, so list everything in one request instead.
          if (res.status === 410 && token && !unpaged) throw new RelistNeeded();
          throw failureFromResponse(res);
        }
        // Ask for the next page before parsing this one, so the server's work and ours overlap.
        const early: string | undefined = unpaged ? undefined : peekContinue(res.body);
        if (early) next = fetchPage(early);
        const page = JSON.parse(res.body);
        const first = records.length;
        for (const item of page.items ?? []) records.push(this.options.project(item));
        const cont: string | undefined = page.metadata?.continue || undefined;
        resourceVersion = String(page.metadata?.resourceVersion ?? '');
        if (cont !== early) next = cont ? fetchPage(cont) : undefined;
        if (next && !this.current.synced) this.options.sink.addPage?.(records.slice(first));
      }
      this.resourceVersion = resourceVersion;
      this.options.sink.replace(records);
      this.options.sink.setStale(false);
      this.setState({ synced: true, failures: 0, lastError: undefined });
      void this.watch();
    } catch (err) {
      if (gen !== this.generation) return;
      if (err instanceof RelistNeeded) {
        void this.list(true);
        return;
      }
      this.fail(isApiFailure(err) ? err : failureFromError(err), false);
    }
  }

  private async watch(): Promise<void> {
    const gen = ++this.generation;
    const clock = this.options.clock;
    const started = clock.now();
    let events = 0;
    let finished = false;
    let opened = false;
    let lastActivity = started;
    const timeoutSeconds = this.options.watchTimeoutSeconds ?? 300 + Math.floor(this.random() * 300);
    const query: Query = { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds };
    if (this.options.ref.fieldSelector) query.fieldSelector = this.options.ref.fieldSelector;
    const openTimeout = this.options.watchOpenTimeoutMs ?? DEFAULT_WATCH_OPEN_TIMEOUT_MS;
    const idleTimeout = this.options.watchIdleTimeoutMs ?? DEFAULT_WATCH_IDLE_TIMEOUT_MS;
    const deadline = started + timeoutSeconds * 1000 + (this.options.watchDeadlineGraceMs ?? DEFAULT_WATCH_DEADLINE_GRACE_MS);
    // One timer per watch, re-armed lazily: events only record the time they arrived.
    const check = () => {
      if (gen !== this.generation || finished) return;
      this.watchTimer = undefined;
      const now = clock.now();
      const due = opened ? Math.min(deadline, lastActivity + idleTimeout) : started + openTimeout;
      if (now < due) {
        this.watchTimer = clock.setTimeout(check, due - now);
        return;
      }
      finished = true;
      const handle = this.watchHandle;
      this.watchHandle = undefined;
      this.generation++; // a handle that still arrives is aborted, late callbacks ignored
      handle?.abort();
      if (!opened) {
        this.fail({ reason: 'Timeout', message: `no answer to the watch of ${describeRef(this.options.ref)} within ${Math.round(openTimeout / 1000)} s` }, true);
      } else {
        // Resuming replays whatever the dead stream missed: nothing shown is lost.
        void this.watch();
      }
    };
    this.watchTimer?.cancel();
    this.watchTimer = clock.setTimeout(check, openTimeout);
    const onEvent = (e: RawWatchEvent) => {
      if (gen !== this.generation) return;
      events++;
      lastActivity = clock.now();
      if (e.type === 'ERROR') {
        const status = e.object ?? {};
        this.abandon();
        if (status.code === 410) {
          // History was compacted past our resourceVersion: only a fresh list is correct.
          this.relistAfterGone();
        } else {
          this.fail({ code: status.code, reason: String(status.reason ?? ''), message: String(status.message ?? 'watch error') }, true);
        }
        return;
      }
      const rv = e.object?.metadata?.resourceVersion;
      if (rv) this.resourceVersion = String(rv);
      if (e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED') this.options.sink.apply(e.type, this.options.project(e.object));
    };
    const onDone = (err: unknown) => {
      if (gen !== this.generation || finished) return;
      finished = true;
      this.watchHandle = undefined;
      this.watchTimer?.cancel();
      this.watchTimer = undefined;
      if (err && (err as any).statusCode === 410) {
        this.relistAfterGone();
      } else if (err) {
        this.fail(failureFromError(err), true);
      } else if (events === 0 && clock.now() - started < (this.options.minWatchMs ?? 1000)) {
        this.fail({ reason: 'WatchClosed', message: 'the server closed the watch at once' }, true);
      } else {
        void this.watch();
      }
    };
    try {
      const handle = await this.transport.watch(this.options.ref.path, query, onEvent, onDone);
      if (gen !== this.generation) {
        handle.abort();
        return;
      }
      if (finished) return;
      this.watchHandle = handle;
      opened = true;
      lastActivity = clock.now();
      // The stream is open and replays everything after our resourceVersion: live again.
      this.options.sink.setStale(false);
      this.setState({ phase: 'watching', failures: 0, lastError: undefined, retryAt: undefined });
    } catch (err) {
      onDone(err ?? new Error('watch failed'));
    }
  }

  /** Until the new list arrives, what is shown may miss changes: say so. */
  private relistAfterGone(): void {
    this.resourceVersion = '';
    if (this.current.synced) this.options.sink.setStale(true);
    void this.list();
  }

  private fail(failure: ApiFailure, fromWatch: boolean): void {
    if (this.current.synced) this.options.sink.setStale(true);
    // After an HTTP error on a watch, resuming from the same resourceVersion rarely helps.
    if (fromWatch && failure.code !== undefined) this.resourceVersion = '';
    const failures = this.current.failures + 1;
    const delay = backoffDelay(this.policy, failures, this.random);
    const phase: ListWatchPhase = failure.code === 401 ? 'unauthorized' : failure.code === 403 ? 'forbidden' : 'backoff';
    this.generation++;
    const gen = this.generation;
    this.setState({ phase, failures, lastError: failure, retryAt: this.options.clock.now() + delay });
    this.retryTimer = this.options.clock.setTimeout(() => {
      if (gen === this.generation) this.retry();
    }, delay);
  }

  /** The retry a backoff ends with: a watch resumes from its resourceVersion, else a fresh list. */
  private retry(): void {
    this.retryTimer = undefined;
    if (this.resourceVersion) void this.watch();
    else void this.list();
  }

  private setState(patch: Partial<ListWatchState>): void {
    this.current = { ...this.current, ...patch };
    this.stateChanged.fire(this.current);
  }
}

function describeRef(ref: ResourceRef): string {
  return ref.namespace ? `${ref.resource} in ${ref.namespace}` : ref.resource;
}

function isApiFailure(err: unknown): err is ApiFailure {
  return typeof err === 'object' && err !== null && !(err instanceof Error) && typeof (err as ApiFailure).message === 'string';
}
