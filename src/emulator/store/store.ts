// The etcd-like store the API server writes through: revisions, optimistic concurrency,
// MVCC reads, watch, compaction and fault injection. Durability, when a state directory
// is given, is a Journal (WAL + snapshots) that says when each write is on disk.

import type { Clock, Timer } from '../../kube/clock';
import type { RecoveryReport } from './journal';
import { MvccState } from './mvcc';
import {
  CompactedError,
  KeyExistsError,
  KeyNotFoundError,
  RevisionConflictError,
  StoreUnavailableError,
  type ListOptions,
  type ListResult,
  type Store,
  type FieldIndexer,
  type StoreEvent,
  type StoreHealth,
  type StoredValue,
  type WatchHandle,
} from './types';
import { WatchHub } from './watch-hub';
import type { Log } from '../log';

/** Where writes go to become durable; absent for a memory-only store. */
export interface Journal {
  /**
   * Records a write; `onDurable` / `onFailed` of the store follow in revision order. `json`,
   * when given, is the put value's JSON (saves building it again from the stored parts).
   */
  appendEvent(event: StoreEvent, json?: string): void;
  appendCompaction(revision: number, atRevision: number): void;
  /** Waits until everything appended so far is durable (or failed). */
  flush(): Promise<void>;
  snapshot(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreSettings {
  clock?: Clock;
  historyRevisions: number;
  /** At most this many bytes of superseded (updated or deleted) values stay in history. */
  historyBytes: number;
  /** Compaction timer period of `clock` time, as kube-apiserver's --etcd-compaction-interval. */
  compactionIntervalMs: number;
  log: Log;
}

interface PendingWrite {
  event: StoreEvent;
  /** What the writer gets: the event's value, or for a put one that holds the put's JSON. */
  result: StoredValue;
  resolve: (value: StoredValue) => void;
  reject: (error: Error) => void;
}

type ObjectWithMeta = { metadata: { resourceVersion?: string } };

export class RevisionedStore implements Store {
  readonly state = new MvccState();
  /** What a durable store found on disk when it opened. */
  recovery?: RecoveryReport;
  private readonly hub: WatchHub;
  private journal?: Journal;
  private pending: PendingWrite[] = [];
  private pendingHead = 0;
  private unavailable?: string;
  private failed?: string;
  private closed = false;
  private compactionTimer?: Timer;
  private snapshotting = false;
  private snapshotRunning?: Promise<void>;
  private deferredCompaction = 0;
  /** Storage roots whose values keep their selectable fields, and how to read them. */
  private readonly indexed: { root: string; fieldsOf: FieldIndexer }[] = [];

  constructor(private readonly settings: StoreSettings) {
    this.hub = new WatchHub(
      (rev) => this.state.eventAt(rev),
      (error) => settings.log(`store: a watch callback threw, its watch was cancelled: ${error instanceof Error ? error.stack : String(error)}`, 'E'),
    );
  }

  get revision(): number {
    return this.state.revision;
  }

  get compactedRevision(): number {
    return this.state.compactedRevision;
  }

  /** Connects durability and starts the compaction timer; called once state is restored. */
  start(journal: Journal | undefined): void {
    this.journal = journal;
    this.hub.publishedRevision = this.state.revision;
    const clock = this.settings.clock;
    if (clock && this.settings.compactionIntervalMs > 0) {
      // Like kube-apiserver: each tick compacts to the revision seen at the previous tick,
      // so history lives between one and two intervals.
      let seen = this.state.revision;
      this.compactionTimer = clock.setInterval(() => {
        if (seen > this.state.compactedRevision) this.compact(seen);
        seen = this.state.revision;
      }, this.settings.compactionIntervalMs);
    }
  }

  get(key: string): StoredValue | undefined {
    return this.state.get(key);
  }

  list(prefix: string, options?: ListOptions): ListResult {
    return this.state.list(prefix, options);
  }

  create(key: string, obj: ObjectWithMeta): Promise<StoredValue> {
    const blocked = this.writeBlocked();
    if (blocked) return Promise.reject(blocked);
    if (this.state.get(key)) return Promise.reject(new KeyExistsError(key));
    return this.put(key, obj);
  }

  update(key: string, obj: ObjectWithMeta, expectedModRevision?: number): Promise<StoredValue> {
    const blocked = this.writeBlocked();
    if (blocked) return Promise.reject(blocked);
    const current = this.state.get(key);
    if (!current) return Promise.reject(new KeyNotFoundError(key));
    if (expectedModRevision !== undefined && expectedModRevision !== current.modRevision) {
      return Promise.reject(new RevisionConflictError(key, expectedModRevision, current.modRevision));
    }
    return this.put(key, obj);
  }

  delete(key: string, expectedModRevision?: number): Promise<StoredValue> {
    const blocked = this.writeBlocked();
    if (blocked) return Promise.reject(blocked);
    const current = this.state.get(key);
    if (!current) return Promise.reject(new KeyNotFoundError(key));
    if (expectedModRevision !== undefined && expectedModRevision !== current.modRevision) {
      return Promise.reject(new RevisionConflictError(key, expectedModRevision, current.modRevision));
    }
    return this.commit(this.state.applyDelete(key));
  }

  watch(prefix: string, fromRevision: number, onEvent: (event: StoreEvent) => void): WatchHandle {
    if (fromRevision < this.state.compactedRevision) throw new CompactedError(fromRevision, this.state.compactedRevision, this.state.revision);
    return this.hub.watch(prefix, fromRevision, onEvent);
  }

  compact(revision: number): void {
    if (revision > this.state.revision) throw new RangeError(`cannot compact to future revision ${revision} (current ${this.state.revision})`);
    if (revision <= this.state.compactedRevision) return;
    if (this.snapshotting) {
      // A snapshot is reading history as of its revision; compact once it is written.
      this.deferredCompaction = Math.max(this.deferredCompaction, revision);
      return;
    }
    this.state.compact(revision);
    if (this.journal && !this.failed && !this.closed) this.journal.appendCompaction(revision, this.state.revision);
  }

  health(): StoreHealth {
    if (this.failed) return { ok: false, reason: this.failed };
    if (this.unavailable !== undefined) return { ok: false, reason: this.unavailable };
    if (this.closed) return { ok: false, reason: 'store is closed' };
    return { ok: true };
  }

  /** Fault injection: while unavailable, writes fail with StoreUnavailableError; reads go on. */
  setAvailable(ok: boolean, reason = 'etcd is unavailable (fault injection)'): void {
    this.unavailable = ok ? undefined : reason;
  }

  /** Writes a snapshot of the state as of now; waits for one already being written first. */
  async snapshot(): Promise<void> {
    if (!this.journal) return;
    while (this.snapshotRunning) await this.snapshotRunning.catch(() => undefined);
    const run = this.writeSnapshot();
    this.snapshotRunning = run;
    try {
      await run;
    } finally {
      this.snapshotRunning = undefined;
    }
  }

  private async writeSnapshot(): Promise<void> {
    this.snapshotting = true;
    try {
      await this.journal!.snapshot();
    } finally {
      this.snapshotting = false;
      const deferred = this.deferredCompaction;
      this.deferredCompaction = 0;
      if (deferred > this.state.compactedRevision) this.compact(deferred);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.compactionTimer?.cancel();
    if (!this.journal) return;
    try {
      await this.journal.flush();
      // The WAL already holds every write: a failed snapshot only makes the next start slower.
      if (!this.failed) await this.snapshot().catch((error: Error) => this.settings.log(`store: snapshot at close failed: ${error.message}`, 'W'));
    } finally {
      await this.journal.close();
    }
  }

  /** The journal made every write up to `revision` durable: tell watchers, then writers. */
  onDurable(revision: number): void {
    while (this.pendingHead < this.pending.length && this.pending[this.pendingHead].event.revision <= revision) {
      const w = this.pending[this.pendingHead++];
      this.hub.publish(w.event);
      w.resolve(w.result);
    }
    this.trimPending();
  }

  /** The journal could not write: the store stops taking writes (etcd with a failed disk). */
  onFailed(error: Error): void {
    this.failed = `etcd WAL write failed: ${error.message}`;
    this.settings.log(`store: ${this.failed}`, 'E');
    while (this.pendingHead < this.pending.length) this.pending[this.pendingHead++].reject(new StoreUnavailableError(this.failed));
    this.trimPending();
  }

  indexFields(root: string, fieldsOf: FieldIndexer): void {
    const known = this.indexed.find((x) => x.root === root);
    if (known) known.fieldsOf = fieldsOf;
    else this.indexed.push({ root, fieldsOf });
  }

  private put(key: string, obj: ObjectWithMeta): Promise<StoredValue> {
    let json: string;
    let fields: readonly string[] | undefined;
    try {
      obj.metadata.resourceVersion = String(this.state.revision + 1);
      json = JSON.stringify(obj);
      fields = this.fieldsOf(key, obj);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error))); // e.g. a BigInt or a cycle
    }
    return this.commit(this.state.applyPut(key, json, fields), json);
  }

  private fieldsOf(key: string, obj: ObjectWithMeta): readonly string[] | undefined {
    for (const { root, fieldsOf } of this.indexed) if (key.startsWith(root)) return fieldsOf(obj);
    return undefined;
  }

  private commit(event: StoreEvent, json?: string): Promise<StoredValue> {
    this.autoCompact();
    // A put's writer gets the JSON it wrote as a string: the API server answers with it, and
    // the stored value would build it again from its parts (~1 us for a pod, and a copy).
    const v = event.value;
    const result: StoredValue = json === undefined ? v : { key: v.key, json, createRevision: v.createRevision, modRevision: v.modRevision };
    if (!this.journal) {
      this.hub.publish(event);
      return Promise.resolve(result);
    }
    return new Promise<StoredValue>((resolve, reject) => {
      this.pending.push({ event, result, resolve, reject });
      this.journal!.appendEvent(event, json);
    });
  }

  private autoCompact(): void {
    const state = this.state;
    const keep = this.settings.historyRevisions;
    let target = 0;
    // Compact in steps of a tenth of the window so the cost is spread, not paid per write.
    if (state.revision - state.compactedRevision > keep + Math.max(1, Math.floor(keep / 10))) target = state.revision - keep;
    // History also ends where its old values would pass the byte budget: 100,000 revisions
    // of pod updates and deleted Events held ~300 MB (bench/store.ts keys). Never past what
    // watchers were given: a client can hold any published revision as a resourceVersion.
    const maxBytes = this.settings.historyBytes;
    if (state.historyBytes > maxBytes) {
      target = Math.max(target, state.revisionForHistoryBytes(maxBytes - Math.floor(maxBytes / 10), this.hub.publishedRevision));
    }
    if (target > state.compactedRevision) this.compact(target);
  }

  private writeBlocked(): Error | undefined {
    if (this.closed) return new StoreUnavailableError('store is closed');
    if (this.failed) return new StoreUnavailableError(this.failed);
    if (this.unavailable !== undefined) return new StoreUnavailableError(this.unavailable);
    return undefined;
  }

  private trimPending(): void {
    if (this.pendingHead > 1024 && this.pendingHead * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.pendingHead);
      this.pendingHead = 0;
    }
  }
}
