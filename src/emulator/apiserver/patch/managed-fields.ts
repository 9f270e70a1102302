// metadata.managedFields <-> one field set per manager. A manager is identified as
// kube-apiserver does: name + operation + subresource, plus apiVersion for Update managers
// (an applier keeps one entry whatever version it applies with).

import type { ManagedFieldsEntry } from '../../../kube/object';
import { FieldSet, isCanonicalFieldsV1 } from './fieldset';
import { isObject } from './json-value';

export interface ManagerFields {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  fields: FieldSet;
}

export function managerId(m: { manager: string; operation: string; apiVersion?: string; subresource?: string }): string {
  // Lengths first keep it one-to-one without quoting (JSON.stringify of the four was most of a
  // status write's id work); the id is only a Map key, never written out.
  const version = m.operation === 'Apply' ? '' : (m.apiVersion ?? '');
  return `${m.manager.length},${m.operation.length},${version.length},${m.manager}${m.operation}${version}${m.subresource ?? ''}`;
}

export type Managers = Map<string, ManagerFields>;

/**
 * A manager read from a stored entry whose fieldsV1 is canonical. Most writes change one
 * manager's fields (a status patch: the kubelet's), so the others are neither decoded into a
 * FieldSet nor encoded again: their stored fieldsV1 goes back out as it came in.
 */
class StoredManager implements ManagerFields {
  private set: FieldSet | undefined;
  private stored: Record<string, unknown> | undefined;

  constructor(
    public manager: string,
    public operation: 'Apply' | 'Update',
    public apiVersion: string,
    public subresource: string | undefined,
    public time: string | undefined,
    fieldsV1: Record<string, unknown>,
  ) {
    this.stored = fieldsV1;
  }

  get fields(): FieldSet {
    // Read lazily: a write that changes a few of its paths reads only the nodes on their way.
    return (this.set ??= FieldSet.fromCanonical(this.stored as Record<string, unknown>, true));
  }

  set fields(s: FieldSet) {
    this.set = s;
    this.stored = undefined;
  }

  /** The entry's fieldsV1 as stored, while its fields are unchanged. */
  get storedFieldsV1(): Record<string, unknown> | undefined {
    return this.stored;
  }
}

function storedFieldsV1(m: ManagerFields): Record<string, unknown> | undefined {
  return m instanceof StoredManager ? m.storedFieldsV1 : undefined;
}

/** Some path of `set` is owned by `m` (without decoding a stored manager). */
export function managerOverlaps(m: ManagerFields, set: FieldSet): boolean {
  const stored = storedFieldsV1(m);
  if (!stored) return set.overlaps(m.fields);
  return (set.member && '.' in stored) || set.overlapsFieldsV1(stored);
}

export function managerIsEmpty(m: ManagerFields): boolean {
  const stored = storedFieldsV1(m);
  if (!stored) return m.fields.isEmpty();
  for (const _ in stored) return false;
  return true;
}

/**
 * Decodes managedFields; undefined when an entry is malformed (kube-apiserver then falls back
 * to the live object's entries). `canonical`: every entry's fieldsV1 is known to be in
 * canonical form (what this server's field manager writes), so the check that walks each of
 * them is skipped: a pod creator's entry covers its whole spec, and checking it on every
 * status write was ~1/6 of that write's managedFields work.
 */
export function decodeManagedFields(entries: ManagedFieldsEntry[] | undefined, canonical = false): Managers | undefined {
  const out: Managers = new Map();
  if (!entries) return out;
  if (!Array.isArray(entries)) return undefined;
  for (const e of entries) {
    if (typeof e !== 'object' || e === null) return undefined;
    if (e.fieldsType !== undefined && e.fieldsType !== 'FieldsV1') return undefined;
    if (e.operation !== 'Apply' && e.operation !== 'Update') return undefined;
    const raw = e.fieldsV1 ?? {};
    let m: ManagerFields;
    if ((canonical && isObject(raw)) || isCanonicalFieldsV1(raw)) m = new StoredManager(e.manager ?? '', e.operation, e.apiVersion ?? '', e.subresource || undefined, e.time, raw);
    else {
      let fields: FieldSet;
      try {
        fields = FieldSet.fromFieldsV1(raw);
      } catch {
        return undefined;
      }
      m = { manager: e.manager ?? '', operation: e.operation, apiVersion: e.apiVersion ?? '', subresource: e.subresource || undefined, time: e.time, fields };
    }
    const id = managerId(m);
    const prev = out.get(id);
    if (prev) prev.fields = prev.fields.union(m.fields);
    else out.set(id, m);
  }
  return out;
}

/** Encodes managers, sorted as kube-apiserver sorts them (Apply first, then by time, name, version, subresource). */
export function encodeManagedFields(managers: Managers): ManagedFieldsEntry[] {
  const list: ManagerFields[] = [];
  // Each time parsed once, not once per comparison.
  const seconds: number[] = [];
  for (const m of managers.values()) {
    if (managerIsEmpty(m)) continue;
    list.push(m);
    seconds.push(m.time ? secondsOf(m.time) : 0);
  }
  if (seconds.some(Number.isNaN)) {
    // An unreadable time makes the order inconsistent; left to the builtin sort's handling of that.
    const secondsOf = new Map(list.map((m, i) => [m, seconds[i]]));
    list.sort((a, b) => compareManagers(a, secondsOf.get(a)!, b, secondsOf.get(b)!));
    return list.map(entryOf);
  }
  // A stable insertion sort orders them as Array.prototype.sort (also stable) did: objects
  // have a few managers, and the builtin copied the list and needed a Map for the times.
  for (let i = 1; i < list.length; i++) {
    const m = list[i];
    const t = seconds[i];
    let j = i - 1;
    while (j >= 0 && compareManagers(list[j], seconds[j], m, t) > 0) {
      list[j + 1] = list[j];
      seconds[j + 1] = seconds[j];
      j--;
    }
    list[j + 1] = m;
    seconds[j + 1] = t;
  }
  return list.map(entryOf);
}

// The seconds of times seen before: every write encodes each manager's time, and the same
// few seconds recur in thousands of objects (each write's own `now`, creation times).
const SECONDS_LIMIT = 1024;
const secondsByTime = new Map<string, number>();

function secondsOf(time: string): number {
  let s = secondsByTime.get(time);
  if (s === undefined) {
    if (secondsByTime.size >= SECONDS_LIMIT) secondsByTime.clear();
    s = Math.floor(Date.parse(time) / 1000);
    secondsByTime.set(time, s);
  }
  return s;
}

function entryOf(m: ManagerFields): ManagedFieldsEntry {
  const e: ManagedFieldsEntry = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
  if (m.time) e.time = m.time;
  e.fieldsType = 'FieldsV1';
  e.fieldsV1 = storedFieldsV1(m) ?? m.fields.toFieldsV1();
  if (m.subresource) e.subresource = m.subresource;
  return e;
}

function compareManagers(a: ManagerFields, aSeconds: number, b: ManagerFields, bSeconds: number): number {
  return (
    (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0) ||
    aSeconds - bSeconds ||
    (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0) ||
    (a.apiVersion < b.apiVersion ? -1 : a.apiVersion > b.apiVersion ? 1 : 0) ||
    ((a.subresource ?? '') < (b.subresource ?? '') ? -1 : (a.subresource ?? '') > (b.subresource ?? '') ? 1 : 0)
  );
}

/** kube-apiserver keeps at most this many Update managers; older ones fold into "ancient-changes". */
export const MAX_UPDATE_MANAGERS = 10;

/** Folds the oldest Update managers into one "ancient-changes" entry, as kube-apiserver's capManagersManager does. */
export function capUpdateManagers(managers: Managers): void {
  // Counted first: nearly every object is under the cap, and needs no list.
  let count = 0;
  for (const m of managers.values()) if (m.operation === 'Update') count++;
  if (count <= MAX_UPDATE_MANAGERS) return;
  const updates = [...managers.entries()].filter(([, m]) => m.operation === 'Update');
  updates.sort(([, a], [, b]) => Date.parse(a.time ?? '') - Date.parse(b.time ?? ''));
  for (const [id, m] of updates.slice(0, updates.length - MAX_UPDATE_MANAGERS + 1)) {
    if (m.manager === 'ancient-changes') continue;
    managers.delete(id);
    const bucket = { manager: 'ancient-changes', operation: 'Update' as const, apiVersion: m.apiVersion, fields: m.fields, time: m.time };
    const bid = managerId(bucket);
    const prev = managers.get(bid);
    if (prev) {
      prev.fields = prev.fields.union(m.fields);
      prev.time = m.time;
    } else managers.set(bid, bucket);
  }
}
