// What one WAL frame says: a put (create or update, with the full JSON), a delete (the
// value is derived from the previous one on replay), or a compaction.

export const OP_PUT = 1;
export const OP_DELETE = 2;
export const OP_COMPACT = 3;
/** op, revision, key length. */
export const ENTRY_HEADER = 1 + 8 + 4;
export const COMPACT_LENGTH = 1 + 8;

export type WalEntry =
  | { op: 'put'; revision: number; key: string; json: string }
  | { op: 'delete'; revision: number; key: string }
  | { op: 'compact'; revision: number };

/** Writes an entry header at `at`; the key (and JSON for a put) follow it. */
export function writeEntryHeader(buf: Buffer, at: number, op: number, revision: number, keyLength: number): void {
  buf[at] = op;
  buf.writeDoubleLE(revision, at + 1);
  buf.writeUInt32LE(keyLength, at + 9);
}

/** `text` decodes payload bytes [start, end) (see FrameVisitor). */
export function decodeEntry(p: Buffer, text: (start: number, end?: number) => string): WalEntry {
  const op = p[0];
  const revision = p.readDoubleLE(1);
  if (op === OP_COMPACT) return { op: 'compact', revision };
  const keyLen = p.readUInt32LE(9);
  const key = p.toString('utf8', ENTRY_HEADER, ENTRY_HEADER + keyLen);
  if (op === OP_DELETE) return { op: 'delete', revision, key };
  if (op === OP_PUT) return { op: 'put', revision, key, json: text(ENTRY_HEADER + keyLen) };
  throw new Error(`WAL entry with unknown op ${op}`);
}
