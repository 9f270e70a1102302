// A stand-in for the real store (src/emulator/store) while it is being written: memory
// only, no WAL. Same contract, so the API server does not notice the swap.
import {
  CompactedError,
  KeyExistsError,
  KeyNotFoundError,
  RevisionConflictError,
  type ListOptions,
  type ListResult,
  type Store,
  type StoreEvent,
  type StoreHealth,
  type StoredValue,
  type WatchHandle,
} from '../../store/types.js';

interface Watcher {
  prefix: string;
  onEvent: (e: StoreEvent) => void;
}

export class MemoryStore implements Store {
  revision = 0;
  compactedRevision = 0;
  private readonly data = new Map<string, StoredValue>();
  private sortedKeys: string[] | undefined;
  private history: StoreEvent[] = [];
  private readonly watchers = new Set<Watcher>();
  private available: StoreHealth = { ok: true };

  get(key: string): StoredValue | undefined {
    return this.data.get(key);
  }

  list(prefix: string, options: ListOptions = {}): ListResult {
    const at = options.revision && options.revision < this.revision ? options.revision : undefined;
    if (at !== undefined && at <= this.compactedRevision) throw new CompactedError(at, this.compactedRevision, this.revision);
    const source = at === undefined ? this.data : this.stateAt(at);
    const keys = at === undefined ? this.keys() : [...source.keys()].sort();
    const items: StoredValue[] = [];
    let more = false;
    for (const key of keys) {
      if (!key.startsWith(prefix)) continue;
      if (options.startAfter !== undefined && key <= options.startAfter) continue;
      const v = source.get(key)!;
      if (options.filter && !options.filter(v)) continue;
      if (options.limit && items.length >= options.limit) {
        more = true;
        break;
      }
      items.push(v);
    }
    return { items, revision: at ?? this.revision, more };
  }

  async create(key: string, obj: { metadata: { resourceVersion?: string } }): Promise<StoredValue> {
    this.checkAvailable();
    if (this.data.has(key)) throw new KeyExistsError(key);
    const rev = ++this.revision;
    obj.metadata.resourceVersion = String(rev);
    const value: StoredValue = { key, json: JSON.stringify(obj), createRevision: rev, modRevision: rev };
    this.data.set(key, value);
    this.sortedKeys = undefined;
    this.emit({ type: 'ADDED', revision: rev, value });
    return value;
  }

  async update(key: string, obj: { metadata: { resourceVersion?: string } }, expected?: number): Promise<StoredValue> {
    this.checkAvailable();
    const prev = this.data.get(key);
    if (!prev) throw new KeyNotFoundError(key);
    if (expected !== undefined && expected !== prev.modRevision) throw new RevisionConflictError(key, expected, prev.modRevision);
    const rev = ++this.revision;
    obj.metadata.resourceVersion = String(rev);
    const value: StoredValue = { key, json: JSON.stringify(obj), createRevision: prev.createRevision, modRevision: rev };
    this.data.set(key, value);
    this.emit({ type: 'MODIFIED', revision: rev, value, prev });
    return value;
  }

  async delete(key: string, expected?: number): Promise<StoredValue> {
    this.checkAvailable();
    const prev = this.data.get(key);
    if (!prev) throw new KeyNotFoundError(key);
    if (expected !== undefined && expected !== prev.modRevision) throw new RevisionConflictError(key, expected, prev.modRevision);
    const rev = ++this.revision;
    const obj = JSON.parse(prev.json);
    obj.metadata.resourceVersion = String(rev);
    const value: StoredValue = { key, json: JSON.stringify(obj), createRevision: prev.createRevision, modRevision: rev };
    this.data.delete(key);
    this.sortedKeys = undefined;
    this.emit({ type: 'DELETED', revision: rev, value, prev });
    return value;
  }

  watch(prefix: string, fromRevision: number, onEvent: (event: StoreEvent) => void): WatchHandle {
    if (fromRevision < this.compactedRevision) throw new CompactedError(fromRevision, this.compactedRevision, this.revision);
    for (const e of this.history) if (e.revision > fromRevision && e.value.key.startsWith(prefix)) onEvent(e);
    const w: Watcher = { prefix, onEvent };
    this.watchers.add(w);
    return { cancel: () => this.watchers.delete(w) };
  }

  compact(revision: number): void {
    this.compactedRevision = Math.max(this.compactedRevision, Math.min(revision, this.revision));
    this.history = this.history.filter((e) => e.revision > this.compactedRevision);
  }

  health(): StoreHealth {
    return this.available;
  }

  setAvailable(ok: boolean, reason?: string): void {
    this.available = ok ? { ok } : { ok, reason };
  }

  async close(): Promise<void> {
    this.watchers.clear();
  }

  private checkAvailable(): void {
    if (!this.available.ok) throw new Error(this.available.reason ?? 'store unavailable');
  }

  private keys(): string[] {
    this.sortedKeys ??= [...this.data.keys()].sort();
    return this.sortedKeys;
  }

  private stateAt(revision: number): Map<string, StoredValue> {
    const state = new Map(this.data);
    for (let i = this.history.length - 1; i >= 0 && this.history[i].revision > revision; i--) {
      const e = this.history[i];
      if (e.type === 'ADDED') state.delete(e.value.key);
      else if (e.prev) state.set(e.value.key, e.prev);
    }
    return state;
  }

  private emit(e: StoreEvent): void {
    this.history.push(e);
    for (const w of this.watchers) if (e.value.key.startsWith(w.prefix)) w.onEvent(e);
  }
}
