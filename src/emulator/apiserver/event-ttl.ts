// kube-apiserver's --event-ttl: every write of an Event attaches an etcd lease, so an Event
// vanishes one TTL after it was last written. The emulator's store has no leases; instead a
// time-ordered index of Event keys (fed by a store watch, so every write path counts) is
// swept by a timer on the server's Clock, and expired Events are deleted from the store,
// which reaches watchers as DELETED like any delete. The index is rebuilt from the stored
// Events on start, so Events written before a restart still expire.
import type { Clock, Timer } from '../../kube/clock';
import { KeyNotFoundError, RevisionConflictError, type Store, type StoredValue, type WatchHandle } from '../store/types';
import type { Log } from '../log';

/** kube-apiserver's default --event-ttl. */
export const DEFAULT_EVENT_TTL_MS = 60 * 60 * 1000;

/**
 * Where Events are stored: core/v1's key space, which events.k8s.io/v1 Events share (see
 * storage-conversion.ts). Those an older emulator stored apart are moved here before the TTL
 * starts (legacy-event-storage.ts), so they expire too.
 */
export const EVENT_STORAGE_PREFIX = '/registry/core/events/';

/** Deletes issued at once; bounds the WAL burst when an hour's Events expire together. */
const DELETE_BATCH = 256;

export interface EventTtlOptions {
  store: Store;
  clock: Clock;
  ttlMs?: number;
  log?: Log;
}

/**
 * Expiries in deadline order. Every write's deadline is now + TTL, so appending keeps the
 * order: a queue of three flat arrays (~24 bytes per Event; a Map entry, an object and a
 * heap slot per Event cost ~150, ~110 MB at the 750,000 Events of 150,000 pods). A rewritten
 * Event leaves its old entry behind; it is skipped when due (its revision moved on).
 */
class ExpiryQueue {
  private keys: string[] = [];
  private deadlines: number[] = [];
  private revisions: number[] = [];
  private head = 0;

  get size(): number {
    return this.keys.length - this.head;
  }

  /** Deadline of the first entry (undefined when empty). */
  get next(): number | undefined {
    return this.head < this.keys.length ? this.deadlines[this.head] : undefined;
  }

  push(key: string, deadline: number, modRevision: number): void {
    this.keys.push(key);
    this.deadlines.push(deadline);
    this.revisions.push(modRevision);
  }

  /** Takes the first entry into `into` (its key and revision). */
  shift(into: { key: string; modRevision: number }): void {
    into.key = this.keys[this.head];
    into.modRevision = this.revisions[this.head];
    this.head++;
    if (this.head === this.keys.length) {
      this.keys = [];
      this.deadlines = [];
      this.revisions = [];
      this.head = 0;
    } else if (this.head >= 4096 && this.head * 2 >= this.keys.length) {
      // Drop the consumed front once it is half the arrays, so a long run stays bounded.
      this.keys = this.keys.slice(this.head);
      this.deadlines = this.deadlines.slice(this.head);
      this.revisions = this.revisions.slice(this.head);
      this.head = 0;
    }
  }
}

interface Expiry {
  key: string;
  modRevision: number;
}

export class EventTtl {
  readonly ttlMs: number;
  private queue = new ExpiryQueue();
  /** Deletes the store refused (e.g. unavailable), tried again at `retryAt`. */
  private retries: Expiry[] = [];
  private retryAt = Infinity;
  private watches: WatchHandle[] = [];
  private timer: Timer | undefined;
  private armedAt = Infinity;
  private sweeping: Promise<void> | undefined;
  private stopped = false;
  private lastSweepAt = -Infinity;
  private failing = false;
  /** Sweeps are at least this far apart so a steady stream of expiries costs few wake-ups. */
  private readonly granularityMs: number;
  private readonly log: Log;

  constructor(private readonly options: EventTtlOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_EVENT_TTL_MS;
    if (!(this.ttlMs > 0)) throw new RangeError(`event TTL must be positive, got ${this.ttlMs} ms`);
    this.granularityMs = Math.min(1000, Math.max(1, this.ttlMs / 10));
    this.log = options.log ?? (() => undefined);
  }

  /** Expiries waiting: one per Event write not yet due (a rewritten Event counts each write). */
  get tracked(): number {
    return this.queue.size + this.retries.length;
  }

  /** Indexes the stored Events (their TTL counted from their last recorded time) and follows writes. */
  start(): void {
    const { store, clock } = this.options;
    const now = clock.now();
    // Stored Events' deadlines are at most now + TTL, so in order they all precede the
    // deadlines of writes from here on.
    const listed = store.list(EVENT_STORAGE_PREFIX);
    const stored = listed.items.map((v) => ({ v, deadline: Math.min(now, lastWriteTime(v) ?? now) + this.ttlMs }));
    this.watches.push(
      store.watch(EVENT_STORAGE_PREFIX, listed.revision, (ev) => {
        if (ev.type === 'DELETED') return; // its entry is skipped when due
        this.queue.push(ev.value.key, this.options.clock.now() + this.ttlMs, ev.value.modRevision);
        if (this.timer === undefined) this.arm();
      }),
    );
    stored.sort((a, b) => a.deadline - b.deadline);
    for (const { v, deadline } of stored) this.queue.push(v.key, deadline, v.modRevision);
    this.arm();
  }

  /** Stops following writes and waits for deletes already sent. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.watches) w.cancel();
    this.watches = [];
    this.timer?.cancel();
    this.timer = undefined;
    await this.sweeping;
  }

  /** Deletes every Event whose TTL has run out; resolves when the deletes are durable. */
  sweep(): Promise<void> {
    this.sweeping ??= this.expire().finally(() => {
      this.sweeping = undefined;
      this.arm();
    });
    return this.sweeping;
  }

  /** The entry's Event is still as written then (not rewritten or deleted since). */
  private current(e: Expiry): boolean {
    return this.options.store.get(e.key)?.modRevision === e.modRevision;
  }

  private async expire(): Promise<void> {
    this.lastSweepAt = this.options.clock.now();
    for (;;) {
      const now = this.options.clock.now();
      const due: Expiry[] = [];
      if (this.retryAt <= now) {
        this.retryAt = Infinity;
        for (const e of this.retries.splice(0)) if (this.current(e)) due.push(e);
      }
      while (due.length < DELETE_BATCH && (this.queue.next ?? Infinity) <= now) {
        const e: Expiry = { key: '', modRevision: 0 };
        this.queue.shift(e);
        if (this.current(e)) due.push(e);
      }
      if (due.length === 0 || this.stopped) return;
      await Promise.all(due.map((e) => this.remove(e)));
    }
  }

  private async remove(e: Expiry): Promise<void> {
    try {
      // Guarded by revision: an Event rewritten meanwhile got a new lease.
      await this.options.store.delete(e.key, e.modRevision);
      this.failing = false;
    } catch (err) {
      if (err instanceof KeyNotFoundError || err instanceof RevisionConflictError) return;
      // One line per outage, not one per Event.
      if (!this.failing) this.log(`event TTL: could not delete ${e.key}: ${err instanceof Error ? err.message : String(err)}`, 'W');
      this.failing = true;
      if (this.stopped) return;
      // Try again later (e.g. the store was unavailable), unless a newer write replaced it by then.
      this.retries.push(e);
      this.retryAt = Math.min(this.retryAt, this.options.clock.now() + this.granularityMs);
    }
  }

  private arm(): void {
    if (this.stopped || this.sweeping) return;
    const next = Math.min(this.queue.next ?? Infinity, this.retryAt);
    if (next === Infinity) {
      this.timer?.cancel();
      this.timer = undefined;
      this.armedAt = Infinity;
      return;
    }
    const at = Math.max(next, this.lastSweepAt + this.granularityMs);
    if (this.timer && at >= this.armedAt) return;
    this.timer?.cancel();
    this.armedAt = at;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.armedAt = Infinity;
      void this.sweep();
    }, Math.max(0, at - this.options.clock.now()));
  }
}

/**
 * When a stored (core/v1) Event was last written, as far as it says: the latest of its
 * timestamps. Used only to rebuild the index after a restart.
 */
export function lastWriteTime(v: StoredValue): number | undefined {
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(v.json) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const meta = (e.metadata ?? {}) as Record<string, unknown>;
  const series = (e.series ?? {}) as Record<string, unknown>;
  let latest: number | undefined;
  for (const t of [meta.creationTimestamp, e.lastTimestamp, e.eventTime, series.lastObservedTime]) {
    if (typeof t !== 'string') continue;
    const ms = Date.parse(t);
    if (Number.isFinite(ms) && (latest === undefined || ms > latest)) latest = ms;
  }
  return latest;
}

const GO_DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration ("1h", "30m", "1m30s", "1.5h", "500ms"), in milliseconds; throws Go's messages. */
export function parseGoDuration(text: string): number {
  const quoted = JSON.stringify(text);
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s[0] === '-' ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new Error(`time: invalid duration ${quoted}`);
  let total = 0;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (m[0] === '' || m[0] === '.' || (m[1] === '' && !m[2])) throw new Error(`time: invalid duration ${quoted}`);
    s = s.slice(m[0].length);
    const unit = /^[^\d.]*/.exec(s)![0];
    if (unit === '') throw new Error(`time: missing unit in duration ${quoted}`);
    const factor = GO_DURATION_UNITS[unit];
    if (factor === undefined) throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    s = s.slice(unit.length);
    total += Number(`${m[1] || '0'}.${m[2] ?? '0'}`) * factor;
  }
  return sign * total;
}
