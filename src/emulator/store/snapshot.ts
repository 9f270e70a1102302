// Snapshots: every key's retained history as of one revision, so a restart restores not
// only the objects but also what watches and paged lists may still ask for. Written to a
// temp file in chunks (writes go on between chunks), fsynced, then renamed into place.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pushEvent, recordEvents, restoredEvent, type KeyRecord } from './mvcc';
import { deletedValue, storedValue } from './stored-object';
import { FRAME_HEADER, readFrames, sealFrame, type ReadScratch } from './record-codec';
import type { StoreEvent, StoreEventType, StoredValue } from './types';
import { syncDirectory } from './wal-files';

export const SNAPSHOT_FILE = 'snapshot.db';
const TEMP_FILE = 'snapshot.db.tmp';
const MAGIC = 'KASNAP01';
const END = 'KASEND01';
/** Encoded between yields: small enough that writes wait at most a few ms for a turn. */
const CHUNK = 1024 * 1024;
const SYNC_EVERY = 16 * 1024 * 1024;
const TYPE_CODE: Record<StoreEventType, number> = { ADDED: 1, MODIFIED: 2, DELETED: 3 };
const CODE_TYPE: StoreEventType[] = ['ADDED', 'ADDED', 'MODIFIED', 'DELETED'];
const EVENT_HEADER = 1 + 8 + 8 + 4; // type, revision, createRevision, key length

export interface SnapshotContents {
  revision: number;
  compacted: number;
  records: KeyRecord[];
}

export function removeTempSnapshot(dir: string): void {
  fs.rmSync(path.join(dir, TEMP_FILE), { force: true });
}

/** Writes records' events at or below `revision`; returns the file's size. */
export async function writeSnapshot(dir: string, records: KeyRecord[], revision: number, compacted: number): Promise<number> {
  const temp = path.join(dir, TEMP_FILE);
  const fh = await fs.promises.open(temp, 'w');
  let size = 0;
  let synced = 0;
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let len = 0;
    const frame = (payloadLength: number): number => {
      const need = len + FRAME_HEADER + payloadLength;
      if (need > buf.length) {
        const bigger = Buffer.allocUnsafe(Math.max(need, buf.length * 2));
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      return len + FRAME_HEADER;
    };
    const seal = (payloadLength: number) => {
      sealFrame(buf, len, payloadLength);
      len += FRAME_HEADER + payloadLength;
    };
    const spill = async () => {
      for (let done = 0; done < len; ) done += (await fh.write(buf, done, len - done)).bytesWritten;
      size += len;
      len = 0;
      // Flush as we go: a single fsync of 500 MB at the end would stall the WAL's fsyncs
      // (ext4 orders them behind it) for seconds.
      if (size - synced >= SYNC_EVERY) {
        await fh.datasync();
        synced = size;
      }
    };

    let p = frame(8 + 8 + 8);
    buf.write(MAGIC, p, 'latin1');
    buf.writeDoubleLE(revision, p + 8);
    buf.writeDoubleLE(compacted, p + 16);
    seal(24);
    let events = 0;
    for (const rec of records) {
      const keyLen = Buffer.byteLength(rec.key);
      for (const ev of recordEvents(rec)) {
        if (ev.revision > revision) break;
        const json = ev.type === 'DELETED' ? '' : ev.value.json;
        const payloadLength = EVENT_HEADER + keyLen + Buffer.byteLength(json);
        p = frame(payloadLength);
        buf[p] = TYPE_CODE[ev.type];
        buf.writeDoubleLE(ev.revision, p + 1);
        buf.writeDoubleLE(ev.value.createRevision, p + 9);
        buf.writeUInt32LE(keyLen, p + 17);
        buf.write(rec.key, p + EVENT_HEADER, 'utf8');
        if (json) buf.write(json, p + EVENT_HEADER + keyLen, 'utf8');
        seal(payloadLength);
        events++;
      }
      if (len >= CHUNK) await spill(); // yields: writes go on between chunks
    }
    p = frame(16);
    buf.write(END, p, 'latin1');
    buf.writeDoubleLE(events, p + 8);
    seal(16);
    await spill();
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.promises.rename(temp, path.join(dir, SNAPSHOT_FILE));
  await syncDirectory(dir);
  return size;
}

/** Reads the snapshot, or undefined if there is none. Throws if it is damaged. */
export function readSnapshot(dir: string, scratch?: ReadScratch): SnapshotContents | undefined {
  const file = path.join(dir, SNAPSHOT_FILE);
  if (!fs.existsSync(file)) return undefined;
  let revision = -1;
  let compacted = 0;
  let ended = false;
  let events = 0;
  const records: KeyRecord[] = [];
  let rec: KeyRecord | undefined;
  let live: StoredValue | undefined;
  const damaged = (why: string) =>
    new Error(`etcd snapshot ${file} is damaged (${why}); the state directory cannot be restored. Move the directory away to start with an empty cluster.`);
  const result = readFrames(file, (p, text) => {
    if (revision < 0) {
      if (p.length !== 24 || p.toString('latin1', 0, 8) !== MAGIC) throw damaged('bad header');
      revision = p.readDoubleLE(8);
      compacted = p.readDoubleLE(16);
      return;
    }
    if (p.length === 16 && p.toString('latin1', 0, 8) === END) {
      if (p.readDoubleLE(8) !== events) throw damaged('event count mismatch');
      ended = true;
      return;
    }
    const type = CODE_TYPE[p[0]];
    const rev = p.readDoubleLE(1);
    const createRevision = p.readDoubleLE(9);
    const keyLen = p.readUInt32LE(17);
    const key = p.toString('utf8', EVENT_HEADER, EVENT_HEADER + keyLen);
    const first = !rec || rec.key !== key;
    if (first) live = undefined;
    const recKey = first ? key : rec!.key; // one string per key, not one per version
    let ev: StoreEvent;
    if (type === 'DELETED') {
      if (!live) throw damaged(`delete of ${key} at revision ${rev} without a value`);
      ev = restoredEvent(type, rev, deletedValue(live, rev, createRevision), live);
      live = undefined;
    } else {
      const value = storedValue(recKey, text(EVENT_HEADER + keyLen), createRevision, rev);
      ev = restoredEvent(type, rev, value, live);
      live = value;
    }
    if (first) {
      rec = { key, last: ev, older: undefined };
      records.push(rec);
    } else pushEvent(rec!, ev);
    events++;
  }, scratch);
  if (result.torn) throw damaged(result.torn);
  if (!ended) throw damaged('no end record');
  return { revision, compacted, records };
}
