// The store's entry point: openStore() gives a memory-only store, or with `dir` a durable
// one (WAL with group commit, snapshots, a pid lock on the directory).

import type { Clock } from '../../kube/clock';
import { openJournal, type RecoveryReport } from './journal';
import { RevisionedStore } from './store';
import type { Store } from './types';
import type { Log } from '../log';

export * from './types';
export type { RecoveryReport } from './journal';

export interface StoreOptions {
  /** State directory; undefined = memory only (no durability). */
  dir?: string;
  /** For the compaction timer (kube-apiserver compacts every 5 minutes); no timer without one. */
  clock?: Clock;
  /** fsync each group commit; default true when dir is set. */
  fsync?: boolean;
  /** Batching window for WAL fsync in ms (real time, not clock time); default 0 = next tick. */
  groupCommitMs?: number;
  /** How much history to keep before auto-compaction, in revisions; default 100,000. */
  historyRevisions?: number;
  /**
   * At most this many bytes (JSON characters) of superseded values, i.e. old versions of
   * updated keys and deleted values, stay in history: older revisions are compacted (reads
   * and watches from them get "too old resource version"); default 256 MiB. Under the
   * heaviest churn measured (150,000 pods created at full rate) the revision count then stays
   * the tighter bound (~10 s of history); 64 MiB cut that to ~4 s, too short for a paged list
   * of a big cluster at one resourceVersion. The byte bound is for big objects rewritten often.
   */
  historyBytes?: number;
  /** Period of the compaction timer in `clock` time; default 5 minutes, 0 = off. */
  compactionIntervalMs?: number;
  /** WAL files are zero-filled ahead to this size (fdatasync then flushes data only); default 16 MiB, 0 = off. */
  walSegmentBytes?: number;
  /** Write a snapshot once the WAL since the last one holds this many bytes (or the last snapshot's size, if larger); default 64 MiB. */
  snapshotAfterBytes?: number;
  /** Where the store reports problems it cannot throw (failed snapshot, throwing watcher). */
  log?: Log;
}

export type EmulatorStore = Store & {
  /** Writes a snapshot now and starts a fresh WAL (no-op for a memory-only store). */
  snapshot(): Promise<void>;
  /** Fault injection: `false` makes writes fail with StoreUnavailableError and health() not ok. */
  setAvailable(ok: boolean, reason?: string): void;
  /** For a durable store: what it restored at open (for the emulator's startup log). */
  readonly recovery?: RecoveryReport;
};

export const DEFAULT_HISTORY_REVISIONS = 100_000;
export const DEFAULT_HISTORY_BYTES = 256 * 1024 * 1024;

export async function openStore(options: StoreOptions = {}): Promise<EmulatorStore> {
  const log: Log = options.log ?? ((message: string) => console.error(message));
  const store = new RevisionedStore({
    clock: options.clock,
    historyRevisions: Math.max(1, options.historyRevisions ?? DEFAULT_HISTORY_REVISIONS),
    historyBytes: Math.max(0, options.historyBytes ?? DEFAULT_HISTORY_BYTES),
    compactionIntervalMs: options.compactionIntervalMs ?? 5 * 60_000,
    log,
  });
  if (options.dir === undefined) {
    store.start(undefined);
    return store;
  }
  const { journal, recovery } = await openJournal(store, {
    dir: options.dir,
    fsync: options.fsync ?? true,
    groupCommitMs: Math.max(0, options.groupCommitMs ?? 0),
    snapshotAfterBytes: options.snapshotAfterBytes ?? 64 * 1024 * 1024,
    segmentBytes: Math.max(0, options.walSegmentBytes ?? 16 * 1024 * 1024),
    log,
  });
  store.recovery = recovery;
  store.start(journal);
  return store;
}
