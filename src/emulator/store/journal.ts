// Durability for the store: recovery at open (snapshot, then every WAL file after it),
// the WAL writer, and snapshots that retire old WAL files.

import * as fs from 'node:fs';
import { acquireDirLock, type DirLock } from './dir-lock';
import type { MvccState } from './mvcc';
import type { ReadScratch } from './record-codec';
import { readSnapshot, removeTempSnapshot, writeSnapshot } from './snapshot';
import type { Journal, RevisionedStore } from './store';
import type { StoreEvent } from './types';
import type { WalEntry } from './wal-entry';
import { listWalFiles, replayWalFile } from './wal-files';
import { WalWriter } from './wal-writer';
import type { Log } from '../log';

export interface JournalOptions {
  dir: string;
  fsync: boolean;
  groupCommitMs: number;
  snapshotAfterBytes: number;
  /** Size of the zero-filled WAL files (0 = plain appends). */
  segmentBytes: number;
  log: Log;
}

export interface RecoveryReport {
  snapshotRevision: number;
  walEntries: number;
  tornTails: string[];
  ms: number;
}

class DiskJournal implements Journal {
  private lastSnapshotBytes = 0;
  private snapshotRequested = false;

  constructor(
    private readonly store: RevisionedStore,
    private readonly wal: WalWriter,
    private readonly lock: DirLock,
    private readonly options: JournalOptions,
  ) {}

  appendEvent(event: StoreEvent, json?: string): void {
    if (event.type === 'DELETED') this.wal.appendDelete(event.revision, event.value.key);
    else this.wal.appendPut(event.revision, event.value.key, json ?? event.value.json);
  }

  appendCompaction(revision: number, atRevision: number): void {
    this.wal.appendCompaction(revision, atRevision);
  }

  onDurable(revision: number): void {
    this.store.onDurable(revision);
    // Snapshot once replaying the WAL would cost as much as loading the snapshot: a restart
    // then reads at most twice the state, and snapshot writing stays a fraction of all I/O.
    const threshold = Math.max(this.options.snapshotAfterBytes, this.lastSnapshotBytes);
    if (!this.snapshotRequested && this.wal.bytesInFile > threshold) {
      this.snapshotRequested = true;
      this.store.snapshot().catch((error: Error) => this.options.log(`store: snapshot failed, the WAL keeps growing: ${error.message}`, 'E'));
    }
  }

  flush(): Promise<void> {
    return this.wal.flush();
  }

  async snapshot(): Promise<void> {
    try {
      await this.wal.rotate();
      const state = this.store.state;
      const keepFrom = this.wal.seq;
      const bytes = await writeSnapshot(this.options.dir, state.allRecords(), state.revision, state.compactedRevision);
      this.lastSnapshotBytes = bytes;
      // Off the event loop: unlinking a 16 MB WAL file took ~1 ms of the main thread each.
      const retired = listWalFiles(this.options.dir).filter(({ seq }) => seq < keepFrom);
      await Promise.all(retired.map(({ file }) => fs.promises.rm(file, { force: true })));
    } finally {
      this.snapshotRequested = false;
    }
  }

  async close(): Promise<void> {
    try {
      await this.wal.close();
    } finally {
      this.lock.release();
    }
  }
}

/** Locks `dir`, restores `state` from it, and returns the journal that keeps it durable. */
export async function openJournal(store: RevisionedStore, options: JournalOptions): Promise<{ journal: Journal; recovery: RecoveryReport }> {
  const started = performance.now();
  fs.mkdirSync(options.dir, { recursive: true });
  const lock = acquireDirLock(options.dir);
  try {
    removeTempSnapshot(options.dir);
    const state = store.state;
    const scratch: ReadScratch = {};
    const snap = readSnapshot(options.dir, scratch);
    if (snap) state.restore(snap.records, snap.revision, snap.compacted);
    const files = listWalFiles(options.dir);
    let walEntries = 0;
    const tornTails: string[] = [];
    for (const { file } of files) {
      const r = replayWalFile(file, (entry) => applyEntry(state, entry, file), scratch);
      walEntries += r.entries;
      if (r.torn) tornTails.push(`${file}: ${r.torn}`);
    }
    for (const t of tornTails) options.log(`store: ignored a torn WAL tail (a write cut short by a crash, never acknowledged): ${t}`, 'W');
    const nextSeq = files.length ? files[files.length - 1].seq + 1 : 1;
    const ref: { journal?: DiskJournal } = {}; // the WAL's hooks need the journal it belongs to
    const wal = await WalWriter.open(options.dir, nextSeq, options, {
      onDurable: (revision) => ref.journal!.onDurable(revision),
      onFailed: (error) => store.onFailed(error),
    });
    const journal = (ref.journal = new DiskJournal(store, wal, lock, options));
    return { journal, recovery: { snapshotRevision: snap?.revision ?? 0, walEntries, tornTails, ms: performance.now() - started } };
  } catch (error) {
    lock.release();
    throw error;
  }
}

function applyEntry(state: MvccState, entry: WalEntry, file: string): void {
  if (entry.op === 'compact') {
    if (entry.revision > state.compactedRevision && entry.revision <= state.revision) state.compact(entry.revision);
    return;
  }
  if (entry.revision <= state.revision) return; // already in the snapshot
  if (entry.revision !== state.revision + 1) {
    throw new Error(`WAL ${file} jumps from revision ${state.revision} to ${entry.revision}: writes are missing; the state directory is damaged`);
  }
  if (entry.op === 'put') state.applyPut(entry.key, entry.json);
  else if (state.get(entry.key)) state.applyDelete(entry.key);
  else throw new Error(`WAL ${file} deletes missing key ${entry.key} at revision ${entry.revision}; the state directory is damaged`);
}
