// Appends WAL entries with group commit: entries made in one event-loop turn (or one
// groupCommitMs window) go to disk as one batch, one write + one fdatasync. Up to
// MAX_IN_FLIGHT batches are on their way at once, each at its own file offset, so a write
// that arrives during a slow fdatasync does not queue behind it; batches are acknowledged
// strictly in order, each only after its own fdatasync. WAL files are zero-filled ahead of
// use (the next one in the background), so most fdatasyncs flush data and no metadata.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { FRAME_HEADER, sealFrame } from './record-codec';
import { COMPACT_LENGTH, ENTRY_HEADER, OP_COMPACT, OP_DELETE, OP_PUT, writeEntryHeader } from './wal-entry';
import { syncDirectory, walFileName } from './wal-files';

const MAX_IN_FLIGHT = 4;
const BUFFER_BYTES = 1 << 20;
/** Fresh batch buffers grow to the batches seen, up to this (bounds the external memory held). */
const MAX_BUFFER_BYTES = 4 << 20;

// Plain callbacks (not FileHandle): the fewest hops between the thread pool and the loop.
const done = (resolve: () => void, reject: (e: Error) => void) => (error: Error | null) => (error ? reject(error) : resolve());
const write = (fd: number, buf: Buffer, offset: number, length: number, position: number) =>
  new Promise<number>((resolve, reject) => fs.write(fd, buf, offset, length, position, (error, n) => (error ? reject(error) : resolve(n))));
const fdatasync = (fd: number) => new Promise<void>((resolve, reject) => fs.fdatasync(fd, done(resolve, reject)));
const open = (file: string, flags: string) => new Promise<number>((resolve, reject) => fs.open(file, flags, (error, fd) => (error ? reject(error) : resolve(fd))));
const rename = (from: string, to: string) => new Promise<void>((resolve, reject) => fs.rename(from, to, done(resolve, reject)));
const stat = (file: string) => new Promise<fs.Stats>((resolve, reject) => fs.stat(file, (error, st) => (error ? reject(error) : resolve(st))));
const close = (fd: number) => new Promise<void>((resolve, reject) => fs.close(fd, done(resolve, reject)));

export interface WalHooks {
  /** Every entry tagged at or below `tag` (the store's revision) is durable. */
  onDurable(tag: number): void;
  onFailed(error: Error): void;
}

export interface WalWriterOptions {
  fsync: boolean;
  groupCommitMs: number;
  /** Size of zero-filled WAL files (0 = plain appends). */
  segmentBytes: number;
}

export const PREALLOCATED_FILE = 'wal-next.tmp';

/**
 * Writes a zero-filled file and syncs it. Overwriting allocated blocks needs no metadata
 * change, so the WAL's fdatasync flushes data only (etcd preallocates its WAL the same way).
 * Resolves false if the disk refused (the WAL then appends to a plain file).
 */
async function preallocate(dir: string, bytes: number): Promise<boolean> {
  try {
    const fd = await open(path.join(dir, PREALLOCATED_FILE), 'w');
    try {
      const zeros = Buffer.alloc(Math.min(bytes, 1024 * 1024));
      for (let pos = 0; pos < bytes; pos += zeros.length) await write(fd, zeros, 0, Math.min(zeros.length, bytes - pos), pos);
      await fdatasync(fd);
    } finally {
      await close(fd);
    }
    return true;
  } catch {
    return false;
  }
}

/** Creates WAL file `seq`, from the preallocated file when there is one. */
async function createWalFile(dir: string, seq: number, preallocated: Promise<boolean>): Promise<{ fd: number; size: number }> {
  const file = path.join(dir, walFileName(seq));
  let size = Infinity;
  if (await preallocated) {
    await rename(path.join(dir, PREALLOCATED_FILE), file);
    size = (await stat(file)).size;
  }
  const fd = await open(file, size === Infinity ? 'w' : 'r+');
  await syncDirectory(dir);
  return { fd, size };
}

interface Batch {
  tag: number;
  /** The count of entries appended up to the end of this batch. */
  upTo: number;
  length: number;
  durable: boolean;
}

export class WalWriter {
  private active: Buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private activeLen = 0;
  private activeTag = 0;
  private freeBuffers: Buffer[] = [];
  /** Size of a fresh batch buffer: batches larger than 1 MB otherwise paid a grow + copy each. */
  private bufferBytes = BUFFER_BYTES;
  private batches: Batch[] = [];
  private scheduled = false;
  private rotating = false;
  private swapping = false;
  private failed?: Error;
  private filePos = 0;
  /** Zero-filled length of the current file; writing within it changes no file metadata. */
  private fileSize = Infinity;
  private prepared?: Promise<boolean>;
  private rotateWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private flushWaiters: { upTo: number; resolve: () => void }[] = [];
  private swapWaiters: (() => void)[] = [];
  /** Entries appended so far, and how many of them are durable. */
  private appended = 0;
  private durable = 0;
  /** Bytes made durable in the current file (snapshots are triggered on it). */
  bytesInFile = 0;

  private constructor(
    private readonly dir: string,
    private fd: number,
    /** The sequence number of the file being written. */
    public seq: number,
    private readonly options: WalWriterOptions,
    private readonly hooks: WalHooks,
  ) {}

  static async open(dir: string, seq: number, options: WalWriterOptions, hooks: WalHooks): Promise<WalWriter> {
    const first = await createWalFile(dir, seq, options.segmentBytes > 0 ? preallocate(dir, options.segmentBytes) : Promise.resolve(false));
    const writer = new WalWriter(dir, first.fd, seq, options, hooks);
    writer.fileSize = first.size;
    writer.prepareNext();
    return writer;
  }

  appendPut(revision: number, key: string, json: string): void {
    // Room for the worst case (3 UTF-8 bytes per UTF-16 unit), then one pass over the JSON:
    // measuring its UTF-8 length first walked every value twice.
    const at = this.reserve(ENTRY_HEADER + 3 * (key.length + json.length)) + FRAME_HEADER;
    const keyLen = this.active.write(key, at + ENTRY_HEADER, 'utf8');
    const jsonLen = this.active.write(json, at + ENTRY_HEADER + keyLen, 'utf8');
    writeEntryHeader(this.active, at, OP_PUT, revision, keyLen);
    this.seal(ENTRY_HEADER + keyLen + jsonLen, revision);
  }

  appendDelete(revision: number, key: string): void {
    const keyLen = Buffer.byteLength(key);
    const length = ENTRY_HEADER + keyLen;
    const at = this.reserve(length) + FRAME_HEADER;
    writeEntryHeader(this.active, at, OP_DELETE, revision, keyLen);
    this.active.write(key, at + ENTRY_HEADER, 'utf8');
    this.seal(length, revision);
  }

  /** `tag` is the store's revision when compacting (compaction has no revision of its own). */
  appendCompaction(revision: number, tag: number): void {
    const at = this.reserve(COMPACT_LENGTH) + FRAME_HEADER;
    this.active[at] = OP_COMPACT;
    this.active.writeDoubleLE(revision, at + 1);
    this.seal(COMPACT_LENGTH, tag);
  }

  /** Resolves once everything appended before the call is durable (or the WAL failed). */
  flush(): Promise<void> {
    if (this.failed || this.durable === this.appended) return Promise.resolve();
    return new Promise((resolve) => {
      this.flushWaiters.push({ upTo: this.appended, resolve });
      this.launch();
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
      this.rotating = true;
      this.maybeSwapFile();
    });
  }

  async close(): Promise<void> {
    await this.flush();
    await this.prepared; // no background write into the directory once it is unlocked
    while (this.rotating && !this.failed) await new Promise<void>((resolve) => this.swapWaiters.push(resolve));
    await close(this.fd);
  }

  private reserve(length: number): number {
    const need = this.activeLen + FRAME_HEADER + length;
    if (need > this.active.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.active.length * 2));
      this.active.copy(bigger, 0, 0, this.activeLen);
      this.active = bigger;
      this.bufferBytes = Math.min(MAX_BUFFER_BYTES, Math.max(this.bufferBytes, bigger.length));
    }
    return this.activeLen;
  }

  private seal(length: number, tag: number): void {
    if (this.failed) return; // the store refuses writes by now; keep nothing
    sealFrame(this.active, this.activeLen, length);
    this.activeLen += FRAME_HEADER + length;
    this.activeTag = tag;
    this.appended++;
    if (this.scheduled) return;
    this.scheduled = true;
    // Real time on purpose: this batches disk I/O, it is not simulated cluster time.
    const go = () => {
      this.scheduled = false;
      this.launch();
    };
    if (this.options.groupCommitMs > 0) setTimeout(go, this.options.groupCommitMs);
    else setImmediate(go);
  }

  /** Starts writing the buffered entries as a batch, unless too many are on their way. */
  private launch(): void {
    if (this.failed || this.rotating || this.activeLen === 0 || this.batches.length >= MAX_IN_FLIGHT) return;
    if (this.filePos > 0 && this.filePos + this.activeLen > this.fileSize) {
      // The preallocated file is full: continue in the next one (written ahead, zero-filled).
      this.rotating = true;
      this.maybeSwapFile();
      return;
    }
    const buf = this.active;
    const batch: Batch = { tag: this.activeTag, upTo: this.appended, length: this.activeLen, durable: false };
    this.active = this.freeBuffers.pop() ?? Buffer.allocUnsafe(this.bufferBytes);
    this.activeLen = 0;
    const position = this.filePos;
    this.filePos += batch.length;
    this.batches.push(batch);
    this.writeBatch(this.fd, buf, batch.length, position).then(
      () => {
        if (this.freeBuffers.length < MAX_IN_FLIGHT && buf.length <= MAX_BUFFER_BYTES) this.freeBuffers.push(buf);
        batch.durable = true;
        this.acknowledge();
        this.launch();
        this.maybeSwapFile();
      },
      (error: unknown) => this.fail(error),
    );
  }

  private async writeBatch(fd: number, buf: Buffer, length: number, position: number): Promise<void> {
    for (let done = 0; done < length; ) done += await write(fd, buf, done, length - done, position + done);
    if (this.options.fsync) await fdatasync(fd);
  }

  /** Reports durable batches in order: a batch is done only when all before it are. */
  private acknowledge(): void {
    while (this.batches.length > 0 && this.batches[0].durable) {
      const batch = this.batches.shift()!;
      this.durable = batch.upTo;
      this.bytesInFile += batch.length;
      this.hooks.onDurable(batch.tag);
    }
    this.flushWaiters = this.flushWaiters.filter((w) => {
      if (w.upTo > this.durable) return true;
      w.resolve();
      return false;
    });
  }

  /** Rotation waits for the batches on their way to the old file, then swaps files. */
  private maybeSwapFile(): void {
    if (!this.rotating || this.swapping || this.failed || this.batches.length > 0) return;
    const waiters = this.rotateWaiters.splice(0);
    this.swapping = true;
    this.swapFile().then(
      () => {
        this.swapping = false;
        this.rotating = this.rotateWaiters.length > 0;
        for (const w of waiters) w.resolve();
        for (const resolve of this.swapWaiters.splice(0)) resolve();
        if (this.rotating) this.maybeSwapFile();
        else this.launch();
      },
      (error: unknown) => {
        this.swapping = false;
        this.rotateWaiters.unshift(...waiters);
        this.fail(error);
      },
    );
  }

  private async swapFile(): Promise<void> {
    const next = await createWalFile(this.dir, this.seq + 1, this.prepared ?? Promise.resolve(false));
    const old = this.fd;
    this.fd = next.fd;
    this.fileSize = next.size;
    this.seq++;
    this.filePos = 0;
    this.bytesInFile = 0;
    this.prepareNext();
    await close(old);
  }

  /** Zero-fills the next WAL file in the background, while this one is in use. */
  private prepareNext(): void {
    this.prepared = this.options.segmentBytes > 0 ? preallocate(this.dir, this.options.segmentBytes) : undefined;
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = error instanceof Error ? error : new Error(String(error));
    for (const w of this.rotateWaiters.splice(0)) w.reject(this.failed);
    this.rotating = false;
    this.hooks.onFailed(this.failed);
    for (const w of this.flushWaiters.splice(0)) w.resolve();
    for (const resolve of this.swapWaiters.splice(0)) resolve();
  }
}
