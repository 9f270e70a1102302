// The write-ahead log: writes are encoded into a buffer as they happen and flushed with
// one write + fdatasync per batch (group commit); a write is acknowledged only after the
// batch holding it is on disk. Files are numbered; a snapshot rotates to a new file so the
// old ones can be deleted once the snapshot is durable.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { FRAME_HEADER, readFrames, sealFrame } from './record-codec';

const OP_PUT = 1;
const OP_DELETE = 2;
const OP_COMPACT = 3;
const ENTRY_HEADER = 1 + 8 + 4; // op, revision, key length

export type WalEntry =
  | { op: 'put'; revision: number; key: string; json: string }
  | { op: 'delete'; revision: number; key: string }
  | { op: 'compact'; revision: number };

export interface WalHooks {
  /** Every entry tagged at or below `revision` is durable. */
  onDurable(revision: number): void;
  onFailed(error: Error): void;
}

export interface WalWriterOptions {
  fsync: boolean;
  groupCommitMs: number;
}

const WAL_NAME = /^wal-(\d{12})\.log$/;

export function walFileName(seq: number): string {
  return `wal-${String(seq).padStart(12, '0')}.log`;
}

/** WAL files in the directory, oldest first. */
export function listWalFiles(dir: string): { seq: number; file: string }[] {
  return fs
    .readdirSync(dir)
    .map((name) => ({ name, m: WAL_NAME.exec(name) }))
    .filter((x) => x.m)
    .map((x) => ({ seq: Number(x.m![1]), file: path.join(dir, x.name) }))
    .sort((a, b) => a.seq - b.seq);
}

/** Reads a WAL file's intact entries; a torn tail is cut off so appends stay readable. */
export function replayWalFile(file: string, apply: (entry: WalEntry) => void): { entries: number; torn?: string } {
  let entries = 0;
  const result = readFrames(file, (p) => {
    entries++;
    apply(decodeEntry(p));
  });
  if (result.torn) fs.truncateSync(file, result.goodLength);
  return { entries, torn: result.torn };
}

function decodeEntry(p: Buffer): WalEntry {
  const op = p[0];
  const revision = p.readDoubleLE(1);
  if (op === OP_COMPACT) return { op: 'compact', revision };
  const keyLen = p.readUInt32LE(9);
  const key = p.toString('utf8', ENTRY_HEADER, ENTRY_HEADER + keyLen);
  if (op === OP_DELETE) return { op: 'delete', revision, key };
  if (op === OP_PUT) return { op: 'put', revision, key, json: p.toString('utf8', ENTRY_HEADER + keyLen) };
  throw new Error(`WAL entry with unknown op ${op}`);
}

export async function syncDirectory(dir: string): Promise<void> {
  const fh = await fs.promises.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export class WalWriter {
  private active: Buffer = Buffer.allocUnsafe(1 << 20);
  private activeLen = 0;
  private activeTag = 0;
  private spare: Buffer = Buffer.allocUnsafe(1 << 20);
  private running = false;
  private scheduled = false;
  private failed?: Error;
  private rotateWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private flushWaiters: { upTo: number; resolve: () => void }[] = [];
  /** Entries appended so far, and how many of them are durable. */
  private appended = 0;
  private durable = 0;
  /** Bytes written to the current file (snapshots are triggered on it). */
  bytesInFile = 0;

  constructor(
    private readonly dir: string,
    private fh: fs.promises.FileHandle,
    /** The sequence number of the file being written. */
    public seq: number,
    private readonly options: WalWriterOptions,
    private readonly hooks: WalHooks,
  ) {}

  static async open(dir: string, seq: number, options: WalWriterOptions, hooks: WalHooks): Promise<WalWriter> {
    const fh = await fs.promises.open(path.join(dir, walFileName(seq)), 'a');
    await syncDirectory(dir);
    return new WalWriter(dir, fh, seq, options, hooks);
  }

  appendPut(revision: number, key: string, json: string): void {
    const keyLen = Buffer.byteLength(key);
    const length = ENTRY_HEADER + keyLen + Buffer.byteLength(json);
    const at = this.reserve(length);
    const b = this.active;
    b[at + FRAME_HEADER] = OP_PUT;
    b.writeDoubleLE(revision, at + FRAME_HEADER + 1);
    b.writeUInt32LE(keyLen, at + FRAME_HEADER + 9);
    b.write(key, at + FRAME_HEADER + ENTRY_HEADER, 'utf8');
    b.write(json, at + FRAME_HEADER + ENTRY_HEADER + keyLen, 'utf8');
    this.seal(at, length, revision);
  }

  appendDelete(revision: number, key: string): void {
    const keyLen = Buffer.byteLength(key);
    const length = ENTRY_HEADER + keyLen;
    const at = this.reserve(length);
    const b = this.active;
    b[at + FRAME_HEADER] = OP_DELETE;
    b.writeDoubleLE(revision, at + FRAME_HEADER + 1);
    b.writeUInt32LE(keyLen, at + FRAME_HEADER + 9);
    b.write(key, at + FRAME_HEADER + ENTRY_HEADER, 'utf8');
    this.seal(at, length, revision);
  }

  /** `tag` is the store's revision when compacting (compaction has no revision of its own). */
  appendCompaction(revision: number, tag: number): void {
    const at = this.reserve(1 + 8);
    this.active[at + FRAME_HEADER] = OP_COMPACT;
    this.active.writeDoubleLE(revision, at + FRAME_HEADER + 1);
    this.seal(at, 1 + 8, tag);
  }

  /** Resolves once everything appended before the call is durable (or the WAL failed). */
  flush(): Promise<void> {
    if (this.failed || (!this.running && this.activeLen === 0)) return Promise.resolve();
    const upTo = this.appended;
    return new Promise((resolve) => {
      this.flushWaiters.push({ upTo, resolve });
      this.kick();
    });
  }

  /**
   * Resolves once the writer has moved to a new file: entries appended after that go to
   * the new file, and the old files hold only entries made before.
   */
  rotate(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.rotateWaiters.push({ resolve, reject });
      this.kick();
    });
  }

  async close(): Promise<void> {
    while (this.running || this.activeLen > 0) await this.flush();
    await this.fh.close();
  }

  private reserve(length: number): number {
    const need = this.activeLen + FRAME_HEADER + length;
    if (need > this.active.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.active.length * 2));
      this.active.copy(bigger, 0, 0, this.activeLen);
      this.active = bigger;
    }
    return this.activeLen;
  }

  private seal(at: number, length: number, tag: number): void {
    if (this.failed) return; // the store already refuses writes; keep nothing
    sealFrame(this.active, at, length);
    this.activeLen = at + FRAME_HEADER + length;
    this.activeTag = tag;
    this.appended++;
    this.schedule();
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    const start = () => {
      this.scheduled = false;
      void this.run();
    };
    // Real time on purpose: this batches disk I/O, it is not simulated cluster time.
    if (this.options.groupCommitMs > 0) setTimeout(start, this.options.groupCommitMs);
    else setImmediate(start);
  }

  private kick(): void {
    if (!this.running) {
      this.scheduled = false;
      void this.run();
    }
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.failed && (this.activeLen > 0 || this.rotateWaiters.length > 0)) {
        if (this.activeLen > 0) {
          const buf = this.active;
          const len = this.activeLen;
          const tag = this.activeTag;
          const upTo = this.appended;
          this.active = this.spare;
          this.activeLen = 0;
          this.spare = buf;
          await this.writeAll(buf, len);
          if (this.options.fsync) await this.fh.datasync();
          this.bytesInFile += len;
          this.durable = upTo;
          this.hooks.onDurable(tag);
          this.wakeFlushWaiters();
        }
        // Rotate between batches, without waiting for the writers to pause.
        if (this.rotateWaiters.length > 0) await this.swapFile();
      }
    } catch (error) {
      this.failed = error instanceof Error ? error : new Error(String(error));
      for (const w of this.rotateWaiters.splice(0)) w.reject(this.failed);
      this.hooks.onFailed(this.failed);
    } finally {
      this.running = false;
      this.wakeFlushWaiters();
    }
  }

  private wakeFlushWaiters(): void {
    if (this.flushWaiters.length === 0) return;
    const idle = this.failed !== undefined || this.activeLen === 0;
    this.flushWaiters = this.flushWaiters.filter((w) => {
      if (idle || w.upTo <= this.durable) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  private async writeAll(buf: Buffer, len: number): Promise<void> {
    let done = 0;
    while (done < len) {
      const { bytesWritten } = await this.fh.write(buf, done, len - done);
      done += bytesWritten;
    }
  }

  private async swapFile(): Promise<void> {
    const waiters = this.rotateWaiters.splice(0);
    const next = await fs.promises.open(path.join(this.dir, walFileName(this.seq + 1)), 'a');
    await syncDirectory(this.dir);
    const old = this.fh;
    this.fh = next;
    this.seq++;
    this.bytesInFile = 0;
    await old.close();
    for (const w of waiters) w.resolve();
  }
}
