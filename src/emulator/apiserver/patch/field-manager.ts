// Server-side apply and managedFields tracking for ordinary writes, following kube-apiserver's
// field manager: ownership per manager, conflicts with other owners, removal of fields an
// applier stops applying, and the special cases (before-first-apply, kubectl's migration from
// client-side apply through the last-applied annotation).

import type { KubeObject, ManagedFieldsEntry, ObjectMeta } from '../../../kube/object';
import { parseApiVersion } from '../../../kube/object';
import type { SchemaNode } from '../schema-types';
import { ApiError } from '../status';
import { pruneValue, mergeValue, withoutManagedFields } from './apply-merge';
import { conflictError, type FieldConflict } from './conflicts';
import { createdFieldsV1 } from './created-fields';
import { compareObjects, fieldSetOf, SchemaMismatchError } from './field-walk';
import { FieldSet } from './fieldset';
import { isObject } from './json-value';
import { capUpdateManagers, decodeManagedFields, encodeManagedFields, managerId, managerIsEmpty, managerOverlaps, type ManagerFields, type Managers } from './managed-fields';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** The manager that owns what an object held before its first apply, when it had no managedFields. */
export const BEFORE_FIRST_APPLY = 'before-first-apply';

interface CommonArgs {
  schema?: SchemaNode;
  /** RFC 3339 time of this write. */
  now: string;
  /** The version the request used, e.g. "apps/v1" or "v1". */
  apiVersion: string;
  subresource?: string;
  /** Writes to the main resource of a kind with a status subresource neither own nor disturb status. */
  ignoreStatus?: boolean;
  /** Further fields this endpoint resets (e.g. [['spec']] for a status subresource), as field names. */
  resetFields?: string[][];
}

export interface ApplyArgs extends CommonArgs {
  live?: KubeObject;
  applied: KubeObject;
  manager: string;
  force: boolean;
}

export interface UpdateArgs extends CommonArgs {
  live?: KubeObject;
  updated: KubeObject;
  manager: string;
  /** live's managedFields are all in canonical form (written by this server's field manager). */
  liveEntriesCanonical?: boolean;
}

// Fields no manager ever owns (kube-apiserver's stripMetaManager).
const STRIPPED = FieldSet.fromPaths(
  [[], ['name'], ['namespace'], ['creationTimestamp'], ['selfLink'], ['uid'], ['clusterName'], ['generation'], ['managedFields'], ['resourceVersion']]
    .map((p) => ['f:metadata', ...p.map((f) => `f:${f}`)])
    .concat([['f:apiVersion'], ['f:kind']]),
);

// The two sets almost every write ignores, built once (FieldSets are never changed in place
// once built: set operations return new sets).
const IGNORE_NOTHING = new FieldSet();
const IGNORE_STATUS = FieldSet.fromPaths([['f:status']]);
const IGNORE_SPEC = FieldSet.fromPaths([['f:spec']]);

function ignoredFields(args: CommonArgs): FieldSet {
  const reset = args.resetFields;
  if (!reset || reset.length === 0) return args.ignoreStatus ? IGNORE_STATUS : IGNORE_NOTHING;
  if (!args.ignoreStatus && reset.length === 1 && reset[0].length === 1 && reset[0][0] === 'spec') return IGNORE_SPEC;
  const paths = reset.map((p) => p.map((f) => `f:${f}`));
  if (args.ignoreStatus) paths.push(['f:status']);
  return FieldSet.fromPaths(paths);
}

function gvkString(obj: KubeObject): string {
  const { group, version } = parseApiVersion(obj.apiVersion ?? '');
  return `${group}/${version}, Kind=${obj.kind ?? ''}`;
}

function unionAll(managers: Managers): FieldSet {
  let all = new FieldSet();
  for (const m of managers.values()) all = all.union(m.fields);
  return all;
}

/**
 * `set.recursiveDifference(other)` (`recursive`) or `set.difference(other)`, or `set` itself
 * when the two have no top-level element in common (neither then changes `set`). Sets are
 * never changed in place once built, so sharing is safe; a status write's changed fields
 * (all under f:status) were copied twice for nothing, ~10 % of its managedFields work.
 */
function withoutPaths(set: FieldSet, other: FieldSet, recursive: boolean): FieldSet {
  if (!(set.member && other.member)) {
    let shared = false;
    for (const pe of other.children.keys()) {
      if (set.children.has(pe)) {
        shared = true;
        break;
      }
    }
    if (!shared) return set;
  }
  return recursive ? set.recursiveDifference(other) : set.difference(other);
}

/**
 * kube-apiserver's Updater.update: finds the fields other managers own that change from
 * `oldObj` to `newObj` (conflicts); `commit` then takes changed and removed fields from every
 * manager but `self`.
 */
function takeOwnership(oldObj: unknown, newObj: unknown, args: CommonArgs, managers: Managers, self: string, applied?: FieldSet) {
  const cmp = compareObjects(oldObj, newObj, args.schema);
  const ignored = ignoredFields(args);
  // cmp's sets are this call's own, so the added paths (most of a change: a kubelet's first
  // status write adds nearly all of it) take the few modified ones in place, sharing their
  // subtrees (`unchanged` below reads the same: the union is empty only when both are).
  let changed = cmp.added.absorb(cmp.modified);
  // An applied null clears a field; upstream sees null != the live value, i.e. a change.
  if (applied) changed = changed.union(cmp.removed.intersection(applied));
  changed = withoutPaths(changed, ignored, true);
  const removed = withoutPaths(cmp.removed, ignored, true);
  const conflicts: FieldConflict[] = [];
  // Managers whose fields this write does not touch keep them as they are (and, when read from
  // the stored object, are never decoded): differences with no common path change nothing.
  const touched = new Set<string>();
  for (const [id, m] of managers) {
    if (id === self || !(managerOverlaps(m, changed) || managerOverlaps(m, removed))) continue;
    touched.add(id);
    const hit = m.fields.intersection(changed);
    if (!hit.isEmpty()) for (const path of hit.paths()) conflicts.push({ manager: m, path });
  }
  const commit = () => {
    for (const [id, m] of managers) {
      if (id === self) continue;
      if (touched.has(id)) m.fields = m.fields.difference(changed).difference(removed);
      if (managerIsEmpty(m)) managers.delete(id);
    }
  };
  return { changed, removed, conflicts, commit, unchanged: cmp.added.isEmpty() && cmp.removed.isEmpty() && cmp.modified.isEmpty() };
}

/** An Update by `manager`: it takes the fields it changed (everything it set, on create). */
function recordUpdate(oldObj: unknown, newObj: unknown, args: CommonArgs & { manager: string }, managers: Managers): void {
  const { changed, commit } = takeOwnership(oldObj, newObj, args, managers, '');
  commit();
  const mine = withoutPaths(changed, STRIPPED, false);
  if (mine.isEmpty()) return;
  const entry: ManagerFields = { manager: args.manager, operation: 'Update', apiVersion: args.apiVersion, subresource: args.subresource, time: args.now, fields: mine };
  const id = managerId(entry);
  const prev = managers.get(id);
  if (prev) entry.fields = mine.union(prev.fields);
  managers.set(id, entry);
}

function finish(obj: KubeObject, managers: Managers): KubeObject {
  capUpdateManagers(managers);
  const entries = encodeManagedFields(managers);
  obj.metadata ??= {};
  if (entries.length) obj.metadata.managedFields = entries;
  else delete obj.metadata.managedFields;
  return obj;
}

/** finish() for a create by one Update manager: its entry, or no managedFields when it owns nothing. */
function finishCreate(obj: KubeObject, args: UpdateArgs, fieldsV1: Record<string, unknown> | undefined): KubeObject {
  obj.metadata ??= {};
  if (!fieldsV1) {
    delete obj.metadata.managedFields;
    return obj;
  }
  const e: ManagedFieldsEntry = { manager: args.manager, operation: 'Update', apiVersion: args.apiVersion };
  if (args.now) e.time = args.now;
  e.fieldsType = 'FieldsV1';
  e.fieldsV1 = fieldsV1;
  if (args.subresource) e.subresource = args.subresource;
  obj.metadata.managedFields = [e];
  return obj;
}

/**
 * The applied config's own field set. A config that does not fit the schema is bad input, so a 400
 * BadRequest (older kube-apiservers answered 500 with this message; clients must see a 4xx).
 */
function appliedFieldSet(applied: KubeObject, schema: SchemaNode | undefined): FieldSet {
  try {
    return fieldSetOf(applied, schema, true);
  } catch (e) {
    if (!(e instanceof SchemaMismatchError)) throw e;
    const ns = applied.metadata?.namespace ?? '';
    throw ApiError.badRequest(`failed to create typed patch object (${ns}/${applied.metadata?.name ?? ''}; ${gvkString(applied)}): ${e.message}`);
  }
}

/** Conflicts kubectl may override when it migrates an object from client-side apply: fields in the last-applied annotation. */
function allowedByLastApplied(live: KubeObject | undefined, schema: SchemaNode | undefined): FieldSet | undefined {
  const text = live?.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  if (!text) return undefined;
  try {
    return fieldSetOf(JSON.parse(text), schema);
  } catch {
    return undefined;
  }
}

/**
 * Server-side apply (PATCH application/apply-patch+yaml): merges `applied` into `live` (or
 * creates it), updates managedFields, and throws 409 Conflict when it would change fields
 * other managers own with other values, unless `force`.
 */
export function serverSideApply(args: ApplyArgs): KubeObject {
  const { applied, live, schema } = args;
  if (!isObject(applied) || !isObject(applied.metadata)) throw ApiError.badRequest('error decoding YAML: the applied configuration must be an object with metadata');
  if (applied.metadata.managedFields !== undefined && applied.metadata.managedFields !== null) throw ApiError.badRequest('metadata.managedFields must be nil');
  if (applied.apiVersion !== args.apiVersion || (live?.kind && applied.kind !== live.kind)) throw ApiError.badRequest(`invalid object type: ${gvkString(applied)}`);

  const liveObj = live ? withoutManagedFields(live) : undefined;
  const managers = (live && decodeManagedFields(live.metadata?.managedFields)) || new Map();
  if (liveObj && managers.size === 0) {
    // An object nobody tracked so far: whatever it holds belongs to "before-first-apply".
    recordUpdate({ apiVersion: liveObj.apiVersion, kind: liveObj.kind, metadata: {} }, liveObj, { ...args, manager: BEFORE_FIRST_APPLY, subresource: undefined }, managers);
  }

  const config = withoutManagedFields(applied);
  delete config.metadata.managedFields;
  const appliedSet = appliedFieldSet(config, schema).recursiveDifference(ignoredFields(args));
  const self: ManagerFields = { manager: args.manager, operation: 'Apply', apiVersion: args.apiVersion, subresource: args.subresource, fields: appliedSet };
  const id = managerId(self);
  const previous = managers.get(id);
  self.time = previous?.time;
  managers.set(id, self);

  let merged = mergeValue(liveObj ?? {}, config, schema) as KubeObject;
  if (previous && !previous.fields.isEmpty()) merged = pruneValue(merged, schema, previous.fields, unionAll(managers)) as KubeObject;

  const own = takeOwnership(liveObj ?? {}, merged, args, managers, id, appliedSet);
  if (!args.force && own.conflicts.length) {
    const allowed = args.manager === 'kubectl' ? allowedByLastApplied(liveObj, schema) : undefined;
    const remaining = allowed ? own.conflicts.filter((c) => !allowed.has(c.path)) : own.conflicts;
    if (remaining.length) throw conflictError(remaining);
  }
  own.commit();
  self.fields = self.fields.difference(STRIPPED);
  if (self.fields.isEmpty()) managers.delete(id);
  // kube-apiserver stamps the time only when the object changed.
  if (!self.time || !own.unchanged) self.time = args.now;

  if (args.manager === 'kubectl' && merged.metadata?.annotations?.[LAST_APPLIED_ANNOTATION] !== undefined && liveObj?.metadata?.annotations?.[LAST_APPLIED_ANNOTATION] !== undefined) {
    // Keep the client-side apply annotation in step, so a later client-side apply still works.
    const { [LAST_APPLIED_ANNOTATION]: _previous, ...annotations } = config.metadata.annotations ?? {};
    const metadata: ObjectMeta = { ...config.metadata, annotations };
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
    const lastApplied = { ...config, metadata };
    merged.metadata.annotations = { ...merged.metadata.annotations, [LAST_APPLIED_ANNOTATION]: JSON.stringify(lastApplied) };
  }
  return finish(merged, managers);
}

function isReset(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  return entries.length === 0 || (entries.length === 1 && isObject(entries[0]) && Object.keys(entries[0]).length === 0);
}

/**
 * managedFields for a create, update or non-apply patch: `manager` (operation Update) takes
 * the fields whose values it changed, and they leave other managers' sets. An object that
 * exists with no managedFields stays untracked; sending `managedFields: []` clears them.
 */
export function trackUpdate(args: UpdateArgs): KubeObject {
  const { live, updated } = args;
  const requested = updated.metadata?.managedFields;
  const newObj = withoutManagedFields(updated);
  const plainCreate = !live && (requested === undefined || !!args.subresource || isReset(requested)) && !args.resetFields?.length;
  if (plainCreate) {
    // A plain create (no managers to read, so no Map for them): its one entry, written directly
    // (the same fieldsV1 recordUpdate gives).
    const created = createdFieldsV1(newObj, args.schema, !!args.ignoreStatus, STRIPPED);
    if (created) return finishCreate(newObj, args, created.fieldsV1);
  }
  let managers: Managers;
  const trusted = args.liveEntriesCanonical === true;
  if (args.subresource) managers = decodeManagedFields(live?.metadata?.managedFields, trusted) ?? new Map();
  else if (isReset(requested)) managers = new Map();
  else {
    // Most writes send no managedFields: no Map is made for them.
    const fromRequest = requested === undefined ? undefined : decodeManagedFields(requested);
    managers = fromRequest && fromRequest.size ? fromRequest : (decodeManagedFields(live?.metadata?.managedFields, trusted) ?? new Map());
  }
  if (live && managers.size === 0) return finish(newObj, managers);
  if (!plainCreate && !live && managers.size === 0 && !args.resetFields?.length) {
    // A create whose sent entries were malformed or empty: as a plain create.
    const created = createdFieldsV1(newObj, args.schema, !!args.ignoreStatus, STRIPPED);
    if (created) return finishCreate(newObj, args, created.fieldsV1);
  }
  recordUpdate(live ? withoutManagedFields(live) : {}, newObj, args, managers);
  return finish(newObj, managers);
}
