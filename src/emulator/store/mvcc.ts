// The in-memory MVCC state: every key's versions since the last compaction and a dense
// log of events by revision (one write = one revision, as in etcd without transactions).
// No I/O here: the store decides when a write is durable and when watchers see it.

import { KeyIndex } from './key-index';
import { CompactedError, type ListOptions, type ListResult, type StoreEvent, type StoreEventType, type StoredValue } from './types';

/** One key and its events, oldest first; the last event is the key's current state. */
export interface KeyRecord {
  readonly key: string;
  events: StoreEvent[];
}

export class MvccState {
  revision = 0;
  compactedRevision = 0;
  private readonly records = new Map<string, KeyRecord>();
  private readonly index = new KeyIndex<KeyRecord>();
  /** log[i] is the event of revision compactedRevision + 1 + i. */
  private log: StoreEvent[] = [];

  get keyCount(): number {
    return this.index.size;
  }

  get(key: string): StoredValue | undefined {
    const rec = this.records.get(key);
    if (!rec) return undefined;
    const last = rec.events[rec.events.length - 1];
    return last.type === 'DELETED' ? undefined : last.value;
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

  /** Applies a create or update whose JSON already carries resourceVersion = revision + 1. */
  applyPut(key: string, json: string): StoreEvent {
    const revision = this.revision + 1;
    let rec = this.records.get(key);
    const prev = rec ? liveValue(rec) : undefined;
    const value: StoredValue = { key, json, createRevision: prev ? prev.createRevision : revision, modRevision: revision };
    const event: StoreEvent = prev ? { type: 'MODIFIED', revision, value, prev } : { type: 'ADDED', revision, value };
    if (!rec) {
      // Created holding its first event: an empty array grown by push reserves 16 slots,
      // ~64 bytes per key that most keys (events, pods written once or twice) never use.
      rec = { key, events: [event] };
      this.records.set(key, rec);
      this.index.insert(rec);
      this.log.push(event);
      this.revision = event.revision;
      return event;
    }
    this.append(rec, event);
    return event;
  }

  /** Applies a delete of a live key; the DELETED value is the last one at the new revision. */
  applyDelete(key: string): StoreEvent {
    const rec = this.records.get(key);
    const prev = rec && liveValue(rec);
    if (!rec || !prev) throw new Error(`mvcc: delete of missing key ${key}`);
    const revision = this.revision + 1;
    const value: StoredValue = { key, json: withResourceVersion(prev.json, prev.modRevision, revision), createRevision: prev.createRevision, modRevision: revision };
    const event: StoreEvent = { type: 'DELETED', revision, value, prev };
    this.append(rec, event);
    return event;
  }

  /** Drops history at and below `revision`; the state as of `revision` stays readable. */
  compact(revision: number): void {
    if (revision <= this.compactedRevision) return;
    if (revision > this.revision) throw new RangeError(`cannot compact to future revision ${revision} (current ${this.revision})`);
    const dropped = this.log.splice(0, revision - this.compactedRevision);
    this.compactedRevision = revision;
    const touched = new Set<KeyRecord>();
    for (const ev of dropped) {
      const rec = this.records.get(ev.value.key);
      if (rec) touched.add(rec);
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
    for (const rec of records) {
      this.records.set(rec.key, rec);
      for (const ev of rec.events) if (ev.revision > compacted) this.log[ev.revision - compacted - 1] = ev;
    }
    for (let i = 0; i < this.log.length; i++) {
      if (!this.log[i]) throw new Error(`snapshot is missing the event of revision ${compacted + 1 + i}`);
    }
    this.index.load(records);
    this.revision = revision;
    this.compactedRevision = compacted;
  }

  private append(rec: KeyRecord, event: StoreEvent): void {
    rec.events.push(event);
    this.log.push(event);
    this.revision = event.revision;
  }

  private compactRecord(rec: KeyRecord, revision: number): void {
    const events = rec.events;
    let base = -1; // last event at or below the compaction revision
    for (let i = events.length - 1; i >= 0; i--) {
      if (events[i].revision <= revision) {
        base = i;
        break;
      }
    }
    if (base < 0) return;
    const baseEvent = events[base];
    if (baseEvent.type === 'DELETED') {
      rec.events = events.slice(base + 1);
    } else {
      // A slim copy: the original (handed to watchers) keeps its prev, the record must not,
      // or every updated key would pin one old value forever.
      const slim: StoreEvent = { type: baseEvent.type, revision: baseEvent.revision, value: baseEvent.value };
      rec.events = [slim, ...events.slice(base + 1)];
    }
    if (rec.events.length === 0) {
      this.records.delete(rec.key);
      this.index.remove(rec.key);
    }
  }
}

function liveValue(rec: KeyRecord): StoredValue | undefined {
  const last = rec.events[rec.events.length - 1];
  return last.type === 'DELETED' ? undefined : last.value;
}

/** The key's value as of `revision` (undefined if absent or deleted then). */
export function valueAt(rec: KeyRecord, revision: number): StoredValue | undefined {
  const events = rec.events;
  for (let i = events.length - 1; i >= 0; i--) {
    const ev = events[i];
    if (ev.revision <= revision) return ev.type === 'DELETED' ? undefined : ev.value;
  }
  return undefined;
}

/** Builds an event as restored from disk; `prev` links to the previous live value. */
export function restoredEvent(type: StoreEventType, revision: number, value: StoredValue, prev: StoredValue | undefined): StoreEvent {
  return prev && type !== 'ADDED' ? { type, revision, value, prev } : { type, revision, value };
}

/**
 * The JSON with its metadata.resourceVersion changed from `from` to `to`. The store wrote
 * `"resourceVersion":"<from>"` into metadata itself, so when that text occurs exactly once
 * it is metadata's and a string splice is enough; otherwise parse.
 */
export function withResourceVersion(json: string, from: number, to: number): string {
  const needle = `"resourceVersion":"${from}"`;
  const at = json.indexOf(needle);
  if (at >= 0 && json.indexOf(needle, at + needle.length) < 0) {
    return `${json.slice(0, at)}"resourceVersion":"${to}"${json.slice(at + needle.length)}`;
  }
  try {
    const obj = JSON.parse(json) as { metadata?: { resourceVersion?: string } };
    if (obj && typeof obj === 'object' && obj.metadata && typeof obj.metadata === 'object') {
      obj.metadata.resourceVersion = String(to);
      return JSON.stringify(obj);
    }
  } catch {
    // not an object: keep the JSON as it was
  }
  return json;
}
