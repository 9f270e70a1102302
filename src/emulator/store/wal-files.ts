// WAL files on disk: numbered names, listing in order, replay with torn-tail cleanup.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { readFrames, type ReadScratch } from './record-codec';
import { decodeEntry, type WalEntry } from './wal-entry';

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

/** Reads a WAL file's intact entries; a torn tail is cut off so nothing reads past it again. */
export function replayWalFile(file: string, apply: (entry: WalEntry) => void, scratch?: ReadScratch): { entries: number; torn?: string } {
  let entries = 0;
  const result = readFrames(
    file,
    (p, text) => {
      entries++;
      apply(decodeEntry(p, text));
    },
    scratch,
  );
  if (result.torn) fs.truncateSync(file, result.goodLength);
  return { entries, torn: result.torn };
}

/** Makes a directory's entries (new, renamed, removed files) durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const fh = await fs.promises.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
