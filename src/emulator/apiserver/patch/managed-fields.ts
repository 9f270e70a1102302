// metadata.managedFields <-> one field set per manager. A manager is identified as
// kube-apiserver does: name + operation + subresource, plus apiVersion for Update managers
// (an applier keeps one entry whatever version it applies with).

import type { ManagedFieldsEntry } from '../../../kube/object';
import { FieldSet } from './fieldset';

export interface ManagerFields {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  fields: FieldSet;
}

export function managerId(m: { manager: string; operation: string; apiVersion?: string; subresource?: string }): string {
  return JSON.stringify([m.manager, m.operation, m.operation === 'Apply' ? '' : (m.apiVersion ?? ''), m.subresource ?? '']);
}

export type Managers = Map<string, ManagerFields>;

/**
 * Decodes managedFields; undefined when an entry is malformed (kube-apiserver then falls back
 * to the live object's entries).
 */
export function decodeManagedFields(entries: ManagedFieldsEntry[] | undefined): Managers | undefined {
  const out: Managers = new Map();
  if (!entries) return out;
  if (!Array.isArray(entries)) return undefined;
  for (const e of entries) {
    if (typeof e !== 'object' || e === null) return undefined;
    if (e.fieldsType !== undefined && e.fieldsType !== 'FieldsV1') return undefined;
    if (e.operation !== 'Apply' && e.operation !== 'Update') return undefined;
    let fields: FieldSet;
    try {
      fields = FieldSet.fromFieldsV1(e.fieldsV1 ?? {});
    } catch {
      return undefined;
    }
    const m: ManagerFields = { manager: e.manager ?? '', operation: e.operation, apiVersion: e.apiVersion ?? '', subresource: e.subresource || undefined, time: e.time, fields };
    const id = managerId(m);
    const prev = out.get(id);
    if (prev) prev.fields = prev.fields.union(fields);
    else out.set(id, m);
  }
  return out;
}

/** Encodes managers, sorted as kube-apiserver sorts them (Apply first, then by time, name, version, subresource). */
export function encodeManagedFields(managers: Managers): ManagedFieldsEntry[] {
  const list = [...managers.values()].filter((m) => !m.fields.isEmpty());
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  list.sort(
    (a, b) =>
      (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0) ||
      seconds(a.time) - seconds(b.time) ||
      (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0) ||
      (a.apiVersion < b.apiVersion ? -1 : a.apiVersion > b.apiVersion ? 1 : 0) ||
      ((a.subresource ?? '') < (b.subresource ?? '') ? -1 : (a.subresource ?? '') > (b.subresource ?? '') ? 1 : 0),
  );
  return list.map((m) => {
    const e: ManagedFieldsEntry = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
    if (m.time) e.time = m.time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = m.fields.toFieldsV1();
    if (m.subresource) e.subresource = m.subresource;
    return e;
  });
}

/** kube-apiserver keeps at most this many Update managers; older ones fold into "ancient-changes". */
export const MAX_UPDATE_MANAGERS = 10;

/** Folds the oldest Update managers into one "ancient-changes" entry, as kube-apiserver's capManagersManager does. */
export function capUpdateManagers(managers: Managers): void {
  const updates = [...managers.entries()].filter(([, m]) => m.operation === 'Update').sort(([, a], [, b]) => Date.parse(a.time ?? '') - Date.parse(b.time ?? ''));
  if (updates.length <= MAX_UPDATE_MANAGERS) return;
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
