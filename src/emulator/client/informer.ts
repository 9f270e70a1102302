// List, then watch from the list's resourceVersion, keeping a cache and calling handlers;
// on 410 Gone (or any ended watch) re-watch, relisting when the version is too old. The
// control loops' equivalent of client-go's shared informer.
import type { Clock, Timer } from '../../kube/clock';
import type { KubeObject } from '../../kube/object';
import { OMIT_MANAGED_FIELDS_PARAM } from '../apiserver/render';
import { isGone, type LoopbackClient, type WatchHandle } from './loopback-client';
import { stripManagedFields } from './managed-fields';
import type { ResourceRef } from './paths';
import type { Log } from '../log';

export interface InformerHandlers<T extends KubeObject> {
  add?(obj: T): void;
  update?(obj: T, old: T): void;
  delete?(obj: T): void;
}

export interface InformerOptions {
  clock: Clock;
  labelSelector?: string;
  fieldSelector?: string;
  /** Called with errors worth a log line (the informer itself keeps retrying). */
  log?: Log;
  /**
   * Cache objects without metadata.managedFields (client-go's TransformStripManagedFields):
   * watches ask the in-process API server to leave them out, listed objects are stripped.
   */
  omitManagedFields?: boolean;
}

export function objectKey(obj: KubeObject): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name}` : (name ?? '');
}

const MAX_BACKOFF_MS = 30_000;

export class Informer<T extends KubeObject = KubeObject> {
  private readonly cache = new Map<string, T>();
  private readonly handlers: InformerHandlers<T>[] = [];
  private resourceVersion = '';
  private watchHandle?: WatchHandle;
  private retry?: Timer;
  private backoffMs = 100;
  private stopped = false;
  private synced = false;

  constructor(
    private readonly client: LoopbackClient,
    private readonly ref: ResourceRef,
    private readonly options: InformerOptions,
  ) {}

  on(handlers: InformerHandlers<T>): void {
    this.handlers.push(handlers);
    // Late subscribers see what is already known, as with client-go's AddEventHandler.
    if (this.synced) for (const obj of this.cache.values()) handlers.add?.(obj);
  }

  /** Resolves once the initial list is in the cache. */
  async start(): Promise<void> {
    await this.relist();
    this.synced = true;
    void this.watch();
  }

  stop(): void {
    this.stopped = true;
    this.retry?.cancel();
    this.watchHandle?.stop();
  }

  hasSynced(): boolean {
    return this.synced;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.cache.get(namespace ? `${namespace}/${name}` : name);
  }

  list(namespace?: string): T[] {
    const all = [...this.cache.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  get size(): number {
    return this.cache.size;
  }

  private query(): Record<string, string | undefined> {
    return { labelSelector: this.options.labelSelector, fieldSelector: this.options.fieldSelector };
  }

  private async relist(): Promise<void> {
    const list = await this.client.list<T>(this.ref, this.query());
    const seen = new Set<string>();
    for (const item of list.items) {
      if (this.options.omitManagedFields) stripManagedFields(item);
      const key = objectKey(item);
      seen.add(key);
      this.apply('ADDED', item);
    }
    for (const [key, obj] of [...this.cache]) {
      if (!seen.has(key)) {
        this.cache.delete(key);
        for (const h of this.handlers) h.delete?.(obj);
      }
    }
    this.resourceVersion = list.metadata.resourceVersion ?? '';
  }

  private apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T): void {
    const key = objectKey(obj);
    const old = this.cache.get(key);
    if (type === 'DELETED') {
      if (!old) return;
      this.cache.delete(key);
      for (const h of this.handlers) h.delete?.(obj);
      return;
    }
    if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion) return;
    this.cache.set(key, obj);
    for (const h of this.handlers) {
      if (old) h.update?.(obj, old);
      else h.add?.(obj);
    }
  }

  private async watch(): Promise<void> {
    if (this.stopped) return;
    let gone = false;
    try {
      this.watchHandle = await this.client.watch<T>(
        this.ref,
        { ...this.query(), resourceVersion: this.resourceVersion, allowWatchBookmarks: true, [OMIT_MANAGED_FIELDS_PARAM]: this.options.omitManagedFields ? 'true' : undefined },
        (event) => {
          if (event.type === 'ERROR') {
            gone = (event.object as unknown as { code?: number }).code === 410;
            return;
          }
          this.resourceVersion = event.object.metadata?.resourceVersion ?? this.resourceVersion;
          if (event.type === 'BOOKMARK') return;
          // A no-op for API server watches, which honour the parameter; streams that cannot
          // (frame by frame) are stripped here.
          if (this.options.omitManagedFields) stripManagedFields(event.object);
          this.apply(event.type, event.object);
        },
        () => {
          if (!this.stopped) this.schedule(gone, 0);
        },
      );
      this.backoffMs = 100;
    } catch (e) {
      if (this.stopped) return;
      this.options.log?.(`watch of ${this.ref.resource} failed: ${e instanceof Error ? e.message : String(e)}`, 'W');
      this.schedule(isGone(e), this.nextBackoff());
    }
  }

  private nextBackoff(): number {
    const ms = this.backoffMs;
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
    return ms;
  }

  private schedule(relist: boolean, delayMs: number): void {
    this.retry?.cancel();
    this.retry = this.options.clock.setTimeout(() => {
      if (this.stopped) return;
      const next = relist ? this.relist().then(() => this.watch()) : this.watch();
      next.catch((e) => {
        this.options.log?.(`relist of ${this.ref.resource} failed: ${e instanceof Error ? e.message : String(e)}`, 'W');
        this.schedule(true, this.nextBackoff());
      });
    }, delayMs);
  }
}
