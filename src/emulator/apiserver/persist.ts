// The write path every verb shares, in kube-apiserver's order: namespace lifecycle ->
// server-set fields -> defaulting -> managedFields -> mutating admission -> validation ->
// storage. Handlers decode requests; this file decides what is stored.
import type { KubeObject } from '../../kube/object.js';
import { KeyExistsError, KeyNotFoundError, RevisionConflictError, type StoredValue } from '../store/types.js';
import type { ServerContext } from './context.js';
import type { DefaultingContext } from './modules.js';
import { prepareCustomResourceDefinition } from './crd-status.js';
import { deepClone } from './patch/json-value.js';
import { newUid, sameJson, specChanged, timestamp, tracksGeneration } from './object-meta.js';
import { podQosClass } from './pod-status.js';
import { storageKey, type ServedResource } from './registry.js';
import { allocateServiceAddresses, keepAllocatedServiceAddresses } from './service-allocation.js';
import { storedForm } from './storage-conversion.js';
import { DecodeTypeError } from './schema/type-errors.js';
import { validateCustomResource } from './schema/cr-validation.js';
import { ApiError, fieldError } from './status.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  dryRun: boolean;
  /** The field manager recorded in managedFields; empty skips tracking. */
  manager: string;
  subresource?: string;
  fieldValidation: FieldValidation;
  /** Collects `Warning` header texts. */
  warnings: string[];
  /** Server-side apply already computed managedFields. */
  applied?: boolean;
  /**
   * A write the API server makes itself (binding, finalizer bookkeeping, namespace cleanup):
   * no defaulting or update validation, as kube-apiserver's internal GuaranteedUpdate calls.
   */
  system?: boolean;
  /** The subresource managedFields record when the write itself is a main-resource write (scale). */
  managedSubresource?: string;
}

export interface WriteResult {
  /** The object in the shape of the resource written through (see storage-conversion.ts). */
  obj: KubeObject;
  /** Serialized object as stored (or as it would be, for dry runs): servedJson shows it. */
  readonly json: string;
  /** True when the write removed the object (finalizers done, or delete-on-update). */
  deleted?: boolean;
}

/**
 * The result of a write that stored `value`: its JSON is built only when read. The store may
 * keep a value in parts and join them on each read, and most writes' answers are never read
 * (the control loops ignore the body of an Event create, a binding or a status patch).
 */
class StoredResult implements WriteResult {
  constructor(
    readonly obj: KubeObject,
    private readonly value: StoredValue,
  ) {}

  get json(): string {
    return this.value.json;
  }
}

export function qualifiedResource(r: ServedResource): { group: string; resource: string } {
  return { group: r.group, resource: r.plural };
}

/** Maps store errors onto the Status errors clients expect. */
export function storeError(r: ServedResource, name: string, e: unknown): unknown {
  const t = { ...qualifiedResource(r), name };
  if (e instanceof KeyExistsError) return ApiError.alreadyExists(t);
  if (e instanceof KeyNotFoundError) return ApiError.notFound(t);
  if (e instanceof RevisionConflictError) return ApiError.conflict(t);
  return e;
}

/**
 * Stored built-in objects have no unknown fields: every write this server makes checks (and
 * prunes) them or derives the object from stored ones, so that holds for all of them when the
 * store was empty as this server started. Not assumed for values recovered from disk, nor for
 * custom resources (their schema can change under them).
 */
export function isKnownClean(ctx: ServerContext, r: ServedResource): boolean {
  return ctx.startedOnEmptyStore === true && !r.crdName;
}

/**
 * Every stored managedFields entry is in canonical form (see managed-fields.ts): this server's
 * field manager only writes that form, so it holds for the whole store when it was empty as
 * this server started, until a write stores the entries a client sent without tracking them.
 */
function storedEntriesCanonical(ctx: ServerContext): boolean {
  return ctx.startedOnEmptyStore === true && ctx.storedUntrackedManagedFields !== true;
}

/** Notes a write that stores managedFields as sent (no manager tracked them). */
function noteUntracked(ctx: ServerContext, obj: KubeObject, options: WriteOptions): void {
  if (!options.manager && !options.applied && !options.system && obj.metadata.managedFields !== undefined) ctx.storedUntrackedManagedFields = true;
}

/**
 * Reports (or rejects) unknown fields and drops them; returns the object to store. `applyConfig`:
 * a server-side apply config, whose unknown fields the typed patch rejects instead. `shared`:
 * `obj` shares values with another object (the live one), so it is copied before pruning.
 * `clean`: a value known to have no unknown fields whose parts `obj` shares are not walked.
 * A built-in whose values do not decode into its Go types is refused as kube-apiserver's decoding
 * refuses it; `patched`: `obj` is the result of a (non-apply) patch.
 */
export function checkUnknownFields<T>(ctx: ServerContext, r: ServedResource, obj: T, options: WriteOptions, applyConfig = false, shared = false, clean?: unknown, patched = false): T {
  // Built-ins are walked whatever fieldValidation says: the same walk checks the JSON types.
  let unknown: string[];
  try {
    unknown = options.fieldValidation === 'Ignore' && r.crdName ? [] : ctx.modules.schema.unknownFields(r.group, r.version, r.kind, obj, clean);
  } catch (e) {
    if (e instanceof DecodeTypeError) throw decodeError(r.kind, r.version, e.message, patched ? obj : undefined);
    throw e;
  }
  if (unknown.length > 0 && options.fieldValidation === 'Strict') {
    throw ApiError.badRequest(`strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`);
  }
  if (options.fieldValidation !== 'Ignore') for (const f of unknown) options.warnings.push(`unknown field "${f}"`);
  // kube-apiserver decodes into typed structs (built-ins) or prunes (CRs): either way unknown
  // fields are not stored. A built-in with no unknown fields found needs no second walk.
  if (r.crdName || (!applyConfig && unknown.length > 0)) {
    const target = shared ? deepClone(obj) : obj;
    ctx.modules.schema.prune?.(r.group, r.version, r.kind, target);
    return target;
  }
  return obj;
}

/**
 * kube-apiserver's answer to a body that does not decode into the kind's Go types: 400
 * BadRequest from the request decoding, or for a patch whose result does not decode, 422 Invalid
 * on `patch` with the patched object's JSON (here in this server's field order).
 */
function decodeError(kind: string, version: string, message: string, patched: unknown): ApiError {
  if (patched !== undefined) {
    return ApiError.invalid('', '', undefined, [fieldError.invalid('patch', JSON.stringify(patched), message)]);
  }
  return ApiError.badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: ${message}`);
}

/**
 * Refuses a subresource's body (Binding, Eviction, Scale) that does not decode into its Go type,
 * as checkUnknownFields does for objects; `patched`: the body is the result of a patch.
 */
export function checkBodyDecodes(ctx: ServerContext, group: string, version: string, kind: string, body: unknown, patched = false): void {
  try {
    ctx.modules.schema.unknownFields(group, version, kind, body);
  } catch (e) {
    if (e instanceof DecodeTypeError) throw decodeError(kind, version, e.message, patched ? body : undefined);
    throw e;
  }
}

// Whether each namespace is terminating, as of the stored JSON it was read from: every
// namespaced create checks its namespace, and parsing the Namespace each time was ~1 % of the
// emulator's CPU. Comparing the JSON is exact, and cheap (the same string while unchanged).
// The same StoredValue object is the same JSON: the store may build `json` on each read, so
// the value is compared first (no string built per create).
const namespaceStates = new WeakMap<object, Map<string, { value: StoredValue; json: string; terminating: boolean }>>();

function namespaceTerminating(ctx: ServerContext, ns: string, stored: StoredValue): boolean {
  let states = namespaceStates.get(ctx.store);
  if (!states) namespaceStates.set(ctx.store, (states = new Map()));
  const known = states.get(ns);
  if (known && known.value === stored) return known.terminating;
  const json = stored.json;
  if (known && known.json === json) {
    known.value = stored;
    return known.terminating;
  }
  const namespace = JSON.parse(json) as KubeObject;
  const terminating = !!namespace.metadata.deletionTimestamp || namespace.status?.phase === 'Terminating';
  states.set(ns, { value: stored, json, terminating });
  return terminating;
}

function checkNamespace(ctx: ServerContext, r: ServedResource, obj: KubeObject): void {
  if (!r.namespaced) return;
  const ns = obj.metadata.namespace ?? '';
  const stored = ctx.store.get(`/registry/core/namespaces/${ns}`);
  if (!stored) throw ApiError.notFound({ resource: 'namespaces', name: ns });
  if (namespaceTerminating(ctx, ns, stored)) {
    throw ApiError.forbidden(
      { ...qualifiedResource(r), name: obj.metadata.name },
      `unable to create new content in namespace ${ns} because it is being terminated`,
    );
  }
}

function priorityClasses(ctx: ServerContext): KubeObject[] {
  return ctx.store.list('/registry/scheduling.k8s.io/priorityclasses/').items.map((v) => JSON.parse(v.json) as KubeObject);
}

type Operation = 'CREATE' | 'UPDATE';
type Phase = 'defaults' | 'admission';

// The defaulting contexts of a server, one per operation and phase: they only read the store
// when called, and building the closures for every write was ~3 % of a pod create. Indexed by
// (operation, phase) rather than a key string built per write.
const defaultingContexts = new WeakMap<ServerContext, (DefaultingContext | undefined)[]>();

function defaultingContext(ctx: ServerContext, operation: Operation, phase: Phase): DefaultingContext {
  let contexts = defaultingContexts.get(ctx);
  if (!contexts) defaultingContexts.set(ctx, (contexts = [undefined, undefined, undefined, undefined]));
  const i = (operation === 'CREATE' ? 0 : 2) + (phase === 'defaults' ? 0 : 1);
  return (contexts[i] ??= newDefaultingContext(ctx, operation, phase));
}

function newDefaultingContext(ctx: ServerContext, operation: Operation, phase: Phase): DefaultingContext {
  return {
    operation,
    phase,
    priorityClass: (name) => {
      const v = ctx.store.get(`/registry/scheduling.k8s.io/priorityclasses/${name}`);
      if (!v) return undefined;
      const pc = JSON.parse(v.json);
      return { value: Number(pc.value ?? 0), preemptionPolicy: pc.preemptionPolicy };
    },
    globalDefaultPriorityClass: () => {
      const pc = priorityClasses(ctx).find((p) => p.globalDefault === true);
      return pc ? { name: pc.metadata.name ?? '', value: Number(pc.value ?? 0), preemptionPolicy: pc.preemptionPolicy } : undefined;
    },
  };
}

/**
 * One phase of a main-resource write's mutation: scheme defaulting ('defaults', before the
 * field manager, so its fields are the writer's) or mutating admission ('admission', after it,
 * so what the plugins add belongs to no manager), as kube-apiserver's create, update and patch
 * handlers order them. Subresource writes are neither defaulted nor admitted here.
 */
function mutate(ctx: ServerContext, r: ServedResource, obj: KubeObject, operation: Operation, phase: Phase, subresource: string | undefined): void {
  if (subresource) return;
  const denial = ctx.modules.admission.applyDefaults(r, obj, defaultingContext(ctx, operation, phase));
  if (denial) throw ApiError.forbidden({ ...qualifiedResource(r), name: obj.metadata.name }, denial.message);
}

function validateWrite(ctx: ServerContext, r: ServedResource, obj: KubeObject, old: KubeObject | undefined, subresource: string | undefined): void {
  let causes = ctx.modules.admission.validate(r, obj, old, subresource);
  // Custom resources: the version's openAPIV3Schema, after the metadata checks (as kube's
  // custom resource strategy orders them); the whole object, on status writes too.
  if (r.validationSchema) {
    const schemaCauses = validateCustomResource(r.validationSchema, obj, old);
    if (schemaCauses.length > 0) causes = [...causes, ...schemaCauses];
  }
  if (causes.length > 0) throw ApiError.invalid(r.kind, obj.metadata.name ?? '', r.group || undefined, causes);
}

function now(ctx: ServerContext): string {
  return timestamp(ctx.clock.now());
}

function hasStatusSubresource(r: ServedResource): boolean {
  return r.subresources?.includes('status') ?? false;
}

/**
 * Which fields a write through this endpoint may not own (kube-apiserver's ResetFieldsStrategy):
 * the main resource of a kind with a status subresource leaves status alone, /status leaves spec.
 */
export function fieldOwnershipScope(r: ServedResource, subresource: string | undefined): { ignoreStatus?: boolean; resetFields?: string[][] } {
  if (subresource === 'status') return { resetFields: [['spec']] };
  if (!subresource && hasStatusSubresource(r)) return { ignoreStatus: true };
  return {};
}

/** Equal apart from the managedFields timestamps (a no-op apply must not write). */
function sameIgnoringManagedTimes(a: KubeObject, b: KubeObject): boolean {
  const untimed = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, managedFields: (o.metadata.managedFields ?? []).map((m) => ({ ...m, time: undefined })) } });
  return sameJson(untimed(a), untimed(b));
}

/** Status a new object starts with: most kinds start empty, controllers fill it in. */
function prepareStatusForCreate(ctx: ServerContext, r: ServedResource, obj: KubeObject): void {
  const groupKind = `${r.group}/${r.kind}`;
  switch (groupKind) {
    case '/Pod':
      obj.status = { phase: 'Pending', qosClass: podQosClass(obj) };
      return;
    case '/Namespace':
      obj.spec = { ...(obj.spec ?? {}), finalizers: obj.spec?.finalizers ?? ['kubernetes'] };
      obj.status = { phase: 'Active' };
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
      return;
    case '/Node':
      return;
    case '/PersistentVolume':
    case '/PersistentVolumeClaim':
      obj.status = { phase: r.kind === 'PersistentVolume' ? 'Pending' : 'Pending' };
      return;
    case '/Service':
      obj.status = { loadBalancer: {} };
      allocateServiceAddresses(ctx.store, obj);
      return;
    case 'apiextensions.k8s.io/CustomResourceDefinition':
      prepareCustomResourceDefinition(ctx.registry, obj, ctx.clock.now());
      return;
    default:
      if (hasStatusSubresource(r)) delete obj.status;
  }
}

export async function createObject(ctx: ServerContext, r: ServedResource, obj: KubeObject, options: WriteOptions): Promise<WriteResult> {
  const name = obj.metadata.name ?? '';
  if (!name) {
    throw ApiError.invalid(r.kind, '', r.group || undefined, [fieldError.required('metadata.name', 'name or generateName is required')]);
  }
  checkNamespace(ctx, r, obj);
  const meta = obj.metadata;
  // One reading of the clock for the create (creationTimestamp and the managedFields time are
  // the same second either way: timestamp() keeps the text of the current second).
  const createdAt = now(ctx);
  meta.uid = newUid();
  meta.creationTimestamp = createdAt;
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  if (tracksGeneration(obj, r.crdName !== undefined)) meta.generation = 1;
  else delete meta.generation;
  if (!r.namespaced) delete meta.namespace;
  // kube-apiserver's create: decode and default, the field manager, mutating admission, then
  // the strategy's PrepareForCreate, allocations and validation. Server-side apply (`applied`)
  // has recorded managedFields before any of it.
  mutate(ctx, r, obj, 'CREATE', 'defaults', undefined);
  // A custom resource's schema defaults, as kube-apiserver's decoding applies them.
  r.defaulter?.(obj);
  let stored = obj;
  noteUntracked(ctx, obj, options);
  if (!options.applied && options.manager) {
    stored = ctx.modules.patch.trackUpdate({
      updated: obj,
      manager: options.manager,
      schema: ctx.modules.schema.forKind(r.group, r.version, r.kind),
      now: createdAt,
      apiVersion: apiVersionOf(r),
      ...fieldOwnershipScope(r, undefined),
    });
  }
  prepareStatusForCreate(ctx, r, stored);
  mutate(ctx, r, stored, 'CREATE', 'admission', undefined);
  validateWrite(ctx, r, stored, undefined, undefined);
  if (options.dryRun) {
    if (ctx.store.get(storageKey(r, meta.namespace, name))) throw ApiError.alreadyExists({ ...qualifiedResource(r), name });
    return { obj: stored, json: JSON.stringify(storedForm(r, stored)) };
  }
  let pending: Promise<StoredValue>;
  try {
    pending = ctx.store.create(storageKey(r, stored.metadata.namespace, name), storedForm(r, stored));
  } catch (e) {
    throw storeError(r, name, e);
  }
  return written(ctx, r, name, stored, pending, 'create');
}

/**
 * A store write's result once durable. Awaited here, holding only what the answer needs: a
 * suspended async function keeps all its locals (V8), and the writers' frames hold the request's
 * decoded body and, for updates, the whole live object they started from.
 */
async function written(ctx: ServerContext, r: ServedResource, name: string, obj: KubeObject, pending: Promise<StoredValue>, type: 'create' | 'update'): Promise<WriteResult> {
  let value: StoredValue;
  try {
    value = await pending;
  } catch (e) {
    throw storeError(r, name, e);
  }
  ctx.afterWrite(r, obj, type);
  return new StoredResult(obj, value);
}

function apiVersionOf(r: ServedResource): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

export interface UpdateInput {
  value: StoredValue;
  old: KubeObject;
  next: KubeObject;
  /** The resourceVersion precondition, when the client sent one. */
  expectedModRevision?: number;
}

/**
 * `meta` with the identity fields of the live object's metadata `om`: the same keys in the same
 * order as spreading them over it and deleting those left undefined, but built without the
 * deletes. Deleting a property other than the last one turns an object into a slow dictionary
 * (every binding and main-resource update deleted deletionTimestamp and
 * deletionGracePeriodSeconds), which the store's JSON.stringify then walks on its slow path.
 */
export function keptIdentity(meta: KubeObject['metadata'], om: KubeObject['metadata']): KubeObject['metadata'] {
  const out = { ...meta };
  out.name = om.name;
  setOrDrop(out, 'namespace', om.namespace);
  out.uid = om.uid;
  out.creationTimestamp = om.creationTimestamp;
  setOrDrop(out, 'deletionTimestamp', om.deletionTimestamp);
  setOrDrop(out, 'deletionGracePeriodSeconds', om.deletionGracePeriodSeconds);
  setOrDrop(out, 'generation', om.generation);
  return out;
}

function setOrDrop<K extends 'namespace' | 'deletionTimestamp' | 'deletionGracePeriodSeconds' | 'generation'>(meta: KubeObject['metadata'], key: K, value: KubeObject['metadata'][K]): void {
  if (value !== undefined) meta[key] = value;
  else if (Object.hasOwn(meta, key)) delete meta[key];
}

/** Applies the server's rules to an update (immutables, status split, generation) and stores it. */
export async function updateObject(ctx: ServerContext, r: ServedResource, input: UpdateInput, options: WriteOptions): Promise<WriteResult> {
  const { old, value } = input;
  let next = input.next;
  const name = old.metadata.name ?? '';
  if (input.expectedModRevision !== undefined && input.expectedModRevision !== value.modRevision) {
    throw ApiError.conflict({ ...qualifiedResource(r), name });
  }
  // A custom resource's schema defaults, as kube-apiserver's decoding applies them to the body
  // (so they count in the generation and the no-op check).
  if (!options.system) r.defaulter?.(next);
  const om = old.metadata;
  if (options.subresource === 'status') {
    next = { ...old, status: next.status, metadata: { ...om, managedFields: next.metadata.managedFields ?? om.managedFields } };
  } else {
    if (hasStatusSubresource(r) && r.kind !== 'CustomResourceDefinition') {
      if (old.status === undefined) delete next.status;
      else next.status = old.status;
    }
    next.metadata = keptIdentity(next.metadata, om);
    if (r.kind === 'Namespace' && !r.group) next.status = old.status;
    if (r.kind === 'Service' && !r.group) keepAllocatedServiceAddresses(ctx.store, old, next);
    if (r.kind === 'CustomResourceDefinition') prepareCustomResourceDefinition(ctx.registry, next, ctx.clock.now(), old);
  }
  if (om.generation !== undefined && specChanged(next, old)) next.metadata.generation = om.generation + 1;
  next.apiVersion = old.apiVersion ?? next.apiVersion;
  next.kind = old.kind ?? next.kind;
  // As kube-apiserver's update and patch handlers: defaulting, the field manager, then mutating
  // admission (nothing on update today) and validation.
  if (!options.system) mutate(ctx, r, next, 'UPDATE', 'defaults', options.subresource);
  if (!options.applied && !options.system && options.manager) {
    next = ctx.modules.patch.trackUpdate({
      live: old,
      updated: next,
      manager: options.manager,
      schema: ctx.modules.schema.forKind(r.group, r.version, r.kind),
      now: now(ctx),
      apiVersion: apiVersionOf(r),
      subresource: options.managedSubresource ?? options.subresource,
      ...fieldOwnershipScope(r, options.subresource),
      liveEntriesCanonical: storedEntriesCanonical(ctx),
    });
  }
  if (!options.system) {
    mutate(ctx, r, next, 'UPDATE', 'admission', options.subresource);
    validateWrite(ctx, r, next, old, options.subresource);
  }
  noteUntracked(ctx, next, options);
  const finishing = next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0 && !next.metadata.deletionGracePeriodSeconds;
  if (options.dryRun) return { obj: next, json: JSON.stringify(storedForm(r, next)) };
  if (finishing) {
    try {
      const gone = await ctx.store.delete(value.key, value.modRevision);
      ctx.afterWrite(r, next, 'delete');
      return { obj: JSON.parse(gone.json), json: gone.json, deleted: true };
    } catch (e) {
      throw storeError(r, name, e);
    }
  }
  next.metadata.resourceVersion = om.resourceVersion;
  if (sameJson(next, old) || (options.applied && sameIgnoringManagedTimes(next, old))) return new StoredResult(old, value);
  let pending: Promise<StoredValue>;
  try {
    pending = ctx.store.update(value.key, storedForm(r, next), value.modRevision);
  } catch (e) {
    throw storeError(r, name, e);
  }
  return written(ctx, r, name, next, pending, 'update');
}

/** Retries an unconditional read-modify-write when another writer got in between. */
export async function retryOnConflict<T>(conditional: boolean, attempt: () => Promise<T>): Promise<T> {
  // Nothing to retry: not awaited here, so this frame does not keep `attempt` (and what it holds) alive.
  if (conditional) return attempt();
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (conditional || i >= 8 || !(e instanceof ApiError) || e.reason !== 'Conflict') throw e;
    }
  }
}
