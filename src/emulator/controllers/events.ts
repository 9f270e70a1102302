// core/v1 Events as client-go's event recorder writes them: identical events are folded
// into one whose count goes up, and a spam filter (a token bucket per source + object +
// reason: burst 25, one more every 5 minutes) keeps 150,000 pod creations from writing
// 150,000 events. Both caches are LRU and bounded as client-go's are. Failures to record
// are only logged; events are best effort upstream too.
import type { Clock } from '../../kube/clock';
import type { KubeObject } from '../../kube/object';
import { isNotFound, type LoopbackClient } from '../client/loopback-client';
import { R } from '../client/paths';

const SPAM_BURST = 25;
const SPAM_REFILL_MS = 300_000;
/** client-go's maxLruCacheEntries. */
export const DEFAULT_EVENT_CACHE_SIZE = 4096;

export type EventType = 'Normal' | 'Warning';

export interface EventRecorder {
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
}

interface Folded {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

export interface EventRecorderOptions {
  /** Entries kept by each of the fold and spam-filter caches (default 4,096, as client-go). */
  cacheSize?: number;
}

/** A Map used as an LRU: reads move an entry to the back, inserts evict from the front. */
class LruCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }

  set(key: string, v: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, v);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

/** The last event time handed out, in ns: names stay unique when two events share a nanosecond. */
let lastEventNanos = 0n;

/**
 * client-go's event name: `<object name>.<event time in ns, hex>` (16 digits for today's
 * dates). The emulator's clock has ms resolution, so events in the same ms take the next ns.
 */
export function eventName(objectName: string, nowMs: number): string {
  let ns = BigInt(Math.floor(nowMs)) * 1_000_000n;
  if (ns <= lastEventNanos) ns = lastEventNanos + 1n;
  lastEventNanos = ns;
  return `${objectName}.${ns.toString(16)}`;
}

export class ApiEventRecorder implements EventRecorder {
  private readonly buckets: LruCache<{ tokens: number; at: number }>;
  private readonly folded: LruCache<Folded>;

  constructor(
    private readonly client: LoopbackClient,
    private readonly component: string,
    private readonly clock: Clock,
    private readonly log: (message: string) => void = () => undefined,
    options: EventRecorderOptions = {},
  ) {
    const size = Math.max(1, options.cacheSize ?? DEFAULT_EVENT_CACHE_SIZE);
    this.buckets = new LruCache(size);
    this.folded = new LruCache(size);
  }

  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    const meta = obj.metadata;
    const objectKey = `${obj.kind}/${meta.namespace ?? ''}/${meta.name}/${meta.uid}`;
    if (!this.allow(`${objectKey}/${type}/${reason}`)) return;
    const nowMs = this.clock.now();
    const now = new Date(nowMs).toISOString().replace(/\.\d+Z$/, 'Z');
    const foldKey = `${objectKey}/${type}/${reason}/${message}`;
    const previous = this.folded.get(foldKey);
    if (previous) {
      previous.count++;
      const patch = { count: previous.count, lastTimestamp: now };
      this.client.patch({ ...R.events, namespace: previous.namespace, name: previous.name }, patch, 'merge').catch((e) => {
        // The event may be gone (its --event-ttl ran out): create it again, as client-go does.
        if (isNotFound(e)) this.create(obj, type, reason, message, previous, now);
        else this.failed(reason, e);
      });
      return;
    }
    const folded = { name: eventName(meta.name ?? '', nowMs), namespace: meta.namespace || 'default', count: 1, firstTimestamp: now };
    this.folded.set(foldKey, folded);
    this.create(obj, type, reason, message, folded, now);
  }

  private create(obj: KubeObject, type: EventType, reason: string, message: string, f: Folded, now: string): void {
    const meta = obj.metadata;
    const { name, namespace } = f;
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: { kind: obj.kind, namespace: meta.namespace, name: meta.name, uid: meta.uid, apiVersion: obj.apiVersion, resourceVersion: meta.resourceVersion },
      reason,
      message,
      source: { component: this.component },
      firstTimestamp: f.firstTimestamp,
      lastTimestamp: now,
      count: f.count,
      type,
      reportingComponent: this.component,
      reportingInstance: '',
    };
    this.client.create({ ...R.events, namespace }, event).catch((e) => this.failed(reason, e));
  }

  private allow(key: string): boolean {
    const now = this.clock.now();
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = { tokens: SPAM_BURST, at: now }));
    bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + (now - bucket.at) / SPAM_REFILL_MS);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens--;
    return true;
  }

  private failed(reason: string, e: unknown): void {
    this.log(`could not record event ${reason}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
