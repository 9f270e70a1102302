// The contract between the API server and its etcd-like store. Only the API server
// uses it; control loops reach state through the API, as in Kubernetes.

/** One stored object as the API server sees it. */
export interface StoredValue {
  key: string;
  /**
   * The object's JSON, with metadata.resourceVersion already equal to modRevision. The store
   * may keep it in parts (see stored-object.ts) and build it on each read: keep the string
   * while it is needed rather than reading it again.
   */
  readonly json: string;
  createRevision: number;
  modRevision: number;
  /**
   * The object's selectable field values, in the order its indexer gives them (see
   * Store.indexFields), when it was written under an indexed root. As kube-apiserver's watch
   * cache keeps each object's GetAttrs: a field selector then reads them instead of parsing
   * the JSON. Absent for values read back from the WAL or a snapshot.
   */
  readonly fields?: readonly string[];
}

/** An object's selectable field values, read from the object a write stores. */
export type FieldIndexer = (obj: unknown) => readonly string[];

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: StoreEventType;
  /** The revision of this write. */
  revision: number;
  /**
   * For ADDED/MODIFIED the new value; for DELETED the last value with its
   * metadata.resourceVersion set to the deletion's revision (as kube-apiserver reports).
   */
  value: StoredValue;
  /** The value before this write, for MODIFIED and DELETED (selectors need it). */
  prev?: StoredValue;
}

export interface ListOptions {
  /** Read as of this revision (0/undefined = latest). Older than compaction -> CompactedError. */
  revision?: number;
  /** Keys strictly after this one (paging). */
  startAfter?: string;
  /** At most this many items (0/undefined = all). */
  limit?: number;
  /** Optional filter applied during the scan; `limit` counts only matches. */
  filter?: (value: StoredValue) => boolean;
}

export interface ListResult {
  items: StoredValue[];
  /** The revision the list reflects. */
  revision: number;
  /** True when more matching keys follow the last item. */
  more: boolean;
}

export interface WatchHandle {
  cancel(): void;
}

export interface StoreHealth {
  ok: boolean;
  reason?: string;
}

export class KeyExistsError extends Error {
  constructor(readonly key: string) {
    super(`key exists: ${key}`);
  }
}

export class KeyNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`key not found: ${key}`);
  }
}

/** The expected modRevision did not match (optimistic concurrency). */
export class RevisionConflictError extends Error {
  constructor(
    readonly key: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`revision conflict on ${key}: expected ${expected}, actual ${actual}`);
  }
}

/** The requested revision was compacted away. */
export class CompactedError extends Error {
  constructor(
    readonly requested: number,
    readonly compacted: number,
    readonly current: number,
  ) {
    super(`required revision ${requested} has been compacted (compacted ${compacted}, current ${current})`);
  }
}

/** The store cannot serve writes (e.g. stopped by fault injection or a failed disk). */
export class StoreUnavailableError extends Error {}

export interface Store {
  /** The latest revision (0 when empty). */
  readonly revision: number;
  /** Revisions <= this are gone from history. */
  readonly compactedRevision: number;

  get(key: string): StoredValue | undefined;
  list(prefix: string, options?: ListOptions): ListResult;

  /**
   * Writes resolve once durable (WAL fsync, group commit). Each sets
   * obj.metadata.resourceVersion to the new revision before serializing.
   */
  create(key: string, obj: { metadata: { resourceVersion?: string } }): Promise<StoredValue>;
  update(key: string, obj: { metadata: { resourceVersion?: string } }, expectedModRevision?: number): Promise<StoredValue>;
  delete(key: string, expectedModRevision?: number): Promise<StoredValue>;

  /**
   * From now on, values written under `root` (a resource's storage root) keep
   * `fieldsOf(obj)` of the object written (StoredValue.fields).
   */
  indexFields(root: string, fieldsOf: FieldIndexer): void;

  /** Events with revision > fromRevision, in order, for keys under prefix; then live ones. */
  watch(prefix: string, fromRevision: number, onEvent: (event: StoreEvent) => void): WatchHandle;

  /** Drops history at and below `revision`. */
  compact(revision: number): void;
  health(): StoreHealth;
  /** Flushes the WAL, writes a snapshot, releases files. */
  close(): Promise<void>;
}
