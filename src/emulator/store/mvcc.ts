// The in-memory MVCC state: every key's versions since the last compaction and a dense
// log of events by revision (one write = one revision, as in etcd without transactions).
// No I/O here: the store decides when a write is durable and when watchers see it.

import { KeyIndex } from './key-index';
import { deletedValue, storedJsonLength, storedValue } from './stored-object';
import { CompactedError, type ListOptions, type ListResult, type StoreEvent, type StoreEventType, type StoredValue } from './types';

/**
 * One key and its events. Most keys (Events, pods after compaction) have a single event:
 * it is held directly, and an array of older events exists only while history has some
 * (an array per key cost ~56 bytes of 350 per key at rest, measured with bench/store.ts keys).
 */
export interface KeyRecord {
  readonly key: string;
  /** The key's latest event: its current state (DELETED = gone, kept while in history). */
  last: StoreEvent;
  /** Older events still in history, oldest first; undefined when there are none. */
  older?: StoreEvent[];
}

/** The record's events, oldest first. */
export function recordEvents(rec: KeyRecord): StoreEvent[] {
  return rec.older ? [...rec.older, rec.last] : [rec.last];
}

/**
 * What a history event holds beyond the current state, in UTF-16 code units of JSON (~bytes
 * for the ASCII JSON the API server writes): the value it superseded, and for a delete also
 * the deleted value re-stamped with the delete's revision.
 */
export function supersededSize(ev: StoreEvent): number {
  if (!ev.prev) return 0;
  const prev = storedJsonLength(ev.prev);
  return ev.type === 'DELETED' ? prev + storedJsonLength(ev.value) : prev;
}

export class MvccState {
  revision = 0;
  compactedRevision = 0;
  private readonly records = new Map<string, KeyRecord>();
  private readonly index = new KeyIndex<KeyRecord>();
  /** log[i] is the event of revision compactedRevision + 1 + i. */
  private log: StoreEvent[] = [];
  /**
   * logRecords[i] is the record log[i] belongs to: compaction finds the records of the events
   * it drops without a lookup by key each (those lookups in a Map of ~1M keys were ~0.2 % of
   * the emulator's CPU at 5,000 nodes; this costs 8 B per revision of history).
   */
  private logRecords: KeyRecord[] = [];
  /** supersededSize summed over the log: what compaction can free. */
  historyBytes = 0;

  get keyCount(): number {
    return this.index.size;
  }

  get(key: string): StoredValue | undefined {
    const rec = this.records.get(key);
    return rec && liveValue(rec);
  }

  /** The event written at `revision`, if it is still in history. */
  eventAt(revision: number): StoreEvent | undefined {
    return this.log[revision - this.compactedRevision - 1];
  }

  /** Checks that `revision` can be read; returns the revision a read of `requested` means. */
  readableRevision(requested: number | undefined): number {
    const rev = requested ? requested : this.revision;
    if (rev < this.compactedRevision) throw new CompactedError(rev, this.compactedRevision, this.revision);
    if (rev > this.revision) throw new RangeError(`required revision ${rev} is a future revision (current ${this.revision})`);
    return rev;
  }

  list(prefix: string, options: ListOptions = {}): ListResult {
    const rev = this.readableRevision(options.revision);
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    const filter = options.filter;
    const items: StoredValue[] = [];
    let more = false;
    const after = options.startAfter;
    const exclusive = after !== undefined && after >= prefix;
    const latest = rev === this.revision;
    this.index.scan(exclusive ? after : prefix, exclusive, (rec) => {
      if (!rec.key.startsWith(prefix)) return false;
      const value = latest ? liveValue(rec) : valueAt(rec, rev);
      if (!value || (filter && !filter(value))) return true;
      if (items.length === limit) {
        more = true;
        return false;
      }
      items.push(value);
      return true;
    });
    return { items, revision: rev, more };
  }

  /**
   * The revision to compact to so that at most `maxBytes` of superseded values stay in
   * history (0 if they already fit); never past `notAfter`.
   */
  revisionForHistoryBytes(maxBytes: number, notAfter: number): number {
    let bytes = this.historyBytes;
    let i = 0;
    const end = Math.min(this.log.length, notAfter - this.compactedRevision);
    while (bytes > maxBytes && i < end) bytes -= supersededSize(this.log[i++]);
    return i === 0 ? 0 : this.compactedRevision + i;
  }

  /** Applies a create or update whose JSON already carries resourceVersion = revision + 1. */
  applyPut(key: string, json: string, fields?: readonly string[]): StoreEvent {
    const revision = this.revision + 1;
    const rec = this.records.get(key);
    const prev = rec ? liveValue(rec) : undefined;
    if (!rec || !prev) {
      const value = storedValue(rec ? rec.key : key, json, revision, revision, fields);
      const event: StoreEvent = { type: 'ADDED', revision, value };
      if (rec) this.append(rec, event); // re-created while its delete is still in history
      else {
        // `older` present from the start: added later it would cost every updated key a property array.
        const created: KeyRecord = { key, last: event, older: undefined };
        this.records.set(key, created);
        this.index.insert(created);
        this.log.push(event);
        this.logRecords.push(created);
        this.revision = revision;
      }
      return event;
    }
    // The record's key string, not the caller's: one copy of a key however often it is written.
    const value = storedValue(rec.key, json, prev.createRevision, revision, fields);
    const event: StoreEvent = { type: 'MODIFIED', revision, value, prev };
    this.append(rec, event);
    return event;
  }

  /** Applies a delete of a live key; the DELETED value is the last one at the new revision. */
  applyDelete(key: string): StoreEvent {
    const rec = this.records.get(key);
    const prev = rec && liveValue(rec);
    if (!rec || !prev) throw new Error(`mvcc: delete of missing key ${key}`);
    const revision = this.revision + 1;
    const value = deletedValue(prev, revision);
    const event: StoreEvent = { type: 'DELETED', revision, value, prev };
    this.append(rec, event);
    return event;
  }

  /** Drops history at and below `revision`; the state as of `revision` stays readable. */
  compact(revision: number): void {
    if (revision <= this.compactedRevision) return;
    if (revision > this.revision) throw new RangeError(`cannot compact to future revision ${revision} (current ${this.revision})`);
    const n = revision - this.compactedRevision;
    const dropped = this.log.splice(0, n);
    const droppedRecords = this.logRecords.splice(0, n);
    this.compactedRevision = revision;
    const touched = new Set<KeyRecord>();
    for (let i = 0; i < dropped.length; i++) {
      this.historyBytes -= supersededSize(dropped[i]);
      // Still in `records`: a record leaves it only once its delete is compacted, and its
      // events all have lower revisions (they went in the same compaction).
      touched.add(droppedRecords[i]);
    }
    for (const rec of touched) this.compactRecord(rec, revision);
  }

  /** Every key record in key order (a copy: safe to walk while writes go on). */
  allRecords(): KeyRecord[] {
    return this.index.toArray();
  }

  /**
   * Replaces the state with restored records (sorted by key) whose events cover
   * (compacted, revision] exactly once; used when loading a snapshot.
   */
  restore(records: KeyRecord[], revision: number, compacted: number): void {
    this.records.clear();
    this.log = new Array<StoreEvent>(revision - compacted);
    this.logRecords = new Array<KeyRecord>(revision - compacted);
    for (const rec of records) {
      this.records.set(rec.key, rec);
      if (rec.older) {
        for (const ev of rec.older) {
          if (ev.revision <= compacted) continue;
          this.log[ev.revision - compacted - 1] = ev;
          this.logRecords[ev.revision - compacted - 1] = rec;
        }
      }
      if (rec.last.revision > compacted) {
        this.log[rec.last.revision - compacted - 1] = rec.last;
        this.logRecords[rec.last.revision - compacted - 1] = rec;
      }
    }
    this.historyBytes = 0;
    for (let i = 0; i < this.log.length; i++) {
      if (!this.log[i]) throw new Error(`snapshot is missing the event of revision ${compacted + 1 + i}`);
      this.historyBytes += supersededSize(this.log[i]);
    }
    this.index.load(records);
    this.revision = revision;
    this.compactedRevision = compacted;
  }

  private append(rec: KeyRecord, event: StoreEvent): void {
    pushEvent(rec, event);
    this.log.push(event);
    this.logRecords.push(rec);
    this.historyBytes += supersededSize(event);
    this.revision = event.revision;
  }

  /** Drops the record's events that no read at or after `revision` needs. */
  private compactRecord(rec: KeyRecord, revision: number): void {
    if (rec.last.revision <= revision) {
      // Nothing newer: the latest event is the base; a deleted key is gone for good.
      rec.older = undefined;
      if (rec.last.type === 'DELETED') {
        this.records.delete(rec.key);
        this.index.remove(rec.key);
      } else rec.last = slim(rec.last);
      return;
    }
    const older = rec.older;
    if (!older) return;
    let base = -1; // last older event at or below the compaction revision
    for (let i = older.length - 1; i >= 0; i--) {
      if (older[i].revision <= revision) {
        base = i;
        break;
      }
    }
    if (base < 0) return;
    const kept = older[base].type === 'DELETED' ? older.slice(base + 1) : [slim(older[base]), ...older.slice(base + 1)];
    rec.older = kept.length > 0 ? kept : undefined;
  }
}

/** Makes `event` the record's latest, its previous latest the newest of the older ones. */
export function pushEvent(rec: KeyRecord, event: StoreEvent): void {
  if (rec.older) rec.older.push(rec.last);
  else rec.older = [rec.last];
  rec.last = event;
}

/**
 * The event without its prev: the original (handed to watchers) keeps it, the record must
 * not, or every updated key would pin one old value forever.
 */
function slim(ev: StoreEvent): StoreEvent {
  return ev.prev ? { type: ev.type, revision: ev.revision, value: ev.value } : ev;
}

function liveValue(rec: KeyRecord): StoredValue | undefined {
  return rec.last.type === 'DELETED' ? undefined : rec.last.value;
}

/** The key's value as of `revision` (undefined if absent or deleted then). */
export function valueAt(rec: KeyRecord, revision: number): StoredValue | undefined {
  let ev: StoreEvent | undefined = rec.last;
  if (ev.revision > revision) {
    ev = undefined;
    const older = rec.older;
    if (older) {
      for (let i = older.length - 1; i >= 0; i--) {
        if (older[i].revision <= revision) {
          ev = older[i];
          break;
        }
      }
    }
  }
  return ev && ev.type !== 'DELETED' ? ev.value : undefined;
}

/** Builds an event as restored from disk; `prev` links to the previous live value. */
export function restoredEvent(type: StoreEventType, revision: number, value: StoredValue, prev: StoredValue | undefined): StoreEvent {
  return prev && type !== 'ADDED' ? { type, revision, value, prev } : { type, revision, value };
}
