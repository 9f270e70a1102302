// core/v1 Events as client-go's event recorder writes them: identical events are folded
// into one whose count goes up, and a spam filter (a token bucket per source + object +
// reason: burst 25, one more every 5 minutes) keeps 150,000 pod creations from writing
// 150,000 events. What it remembers is LRU-bounded by object (client-go bounds by event key,
// per recorder, i.e. per kubelet; one recorder serves many kubelets here). Failures to record
// are only logged; events are best effort upstream too.
import type { Clock } from '../../kube/clock';
import type { KubeObject } from '../../kube/object';
import { isoTime } from '../../kube/timestamp';
import { isNotFound, type LoopbackClient } from '../client/loopback-client';
import { R, type ResourceRef } from '../client/paths';
import type { Log } from '../log';

const SPAM_BURST = 25;
const SPAM_REFILL_MS = 300_000;
/** client-go's maxLruCacheEntries. */
export const DEFAULT_EVENT_CACHE_SIZE = 4096;

export type EventType = 'Normal' | 'Warning';

/**
 * Where an event comes from beyond the component: the kubelet's node (source.host and
 * reportingInstance, so `kubectl get events -o wide` shows "kubelet, whale2") and the part of
 * the object it is about (involvedObject.fieldPath, e.g. `spec.containers{app}`: SUBOBJECT).
 */
export interface EventOrigin {
  host?: string;
  fieldPath?: string;
}

export interface EventRecorder {
  event(obj: KubeObject, type: EventType, reason: string, message: string, origin?: EventOrigin): void;
}

/** The recorder as one node's kubelet uses it: every event says which host it comes from. */
export function recorderForHost(recorder: EventRecorder, host: string): EventRecorder {
  const hostOnly: EventOrigin = { host };
  return { event: (obj, type, reason, message, origin) => recorder.event(obj, type, reason, message, origin?.fieldPath ? { host, fieldPath: origin.fieldPath } : hostOnly) };
}

export interface EventRecorderOptions {
  /** Objects whose events are remembered for folding and spam filtering (default 4,096). */
  cacheSize?: number;
}

/** A spam-filter token bucket for one (type, reason) of an object. */
interface Bucket {
  type: EventType;
  reason: string;
  tokens: number;
  at: number;
}

/** An Event already written for one (type, reason, message) of an object: repeats fold into it. */
interface Fold {
  type: EventType;
  reason: string;
  message: string;
  fieldPath: string | undefined;
  /** The Event's name and namespace, its count so far and when it was first written. */
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

/**
 * What the recorder remembers about one involved object. Kept per object (a pod has a handful
 * of distinct events) so an event costs one lookup by the object's uid and a scan of a few
 * entries, instead of building and hashing two key strings (one with the message) per event:
 * that was ~10 us per event, 3-4 events per pod. The lists grow by copying into arrays of
 * their exact size: the LRU keeps 4,096 objects' entries for seconds at scale (scavenges copy,
 * then promote them), and a pushed-to array reserves 17 slots. With the Event's name and count
 * in the Fold itself, 1,476 -> 1,236 bytes kept per pod of 3 events, the LRU's list entry
 * included (bench/gc-event-recorder.ts).
 */
interface ObjectEvents {
  buckets: Bucket[];
  folds: Fold[];
}

/** `list` plus `item`, at most `max` long (the oldest dropped), in an array of exactly that size. */
function appended<T>(list: T[], item: T, max: number): T[] {
  const keep = list.length >= max ? list.slice(list.length - max + 1) : list;
  const out = new Array<T>(keep.length + 1);
  for (let i = 0; i < keep.length; i++) out[i] = keep[i]!;
  out[keep.length] = item;
  return out;
}

/** Entries kept per object; past it the oldest goes (a crash loop's ever-new pull messages). */
const PER_OBJECT_MAX = 16;

interface LruEntry<V> {
  key: string;
  value: V;
  older?: LruEntry<V>;
  newer?: LruEntry<V>;
}

/**
 * An LRU: a Map for lookups and a linked list for the order (reads move an entry to the back,
 * inserts evict from the front). Evicting through the Map's own order (keys().next()) walked
 * over the holes earlier deletes leave at its front and made the full table rehash: 0.4 % of the
 * emulator's CPU at 5,000 nodes; bench/gc-event-recorder.ts 100000: 2.65 -> 2.25 us per event.
 */
class LruCache<V> {
  private readonly entries = new Map<string, LruEntry<V>>();
  private oldest?: LruEntry<V>;
  private newest?: LruEntry<V>;
  // The last key touched: a kubelet records 3-4 events of one pod in a row, which then skip
  // the lookup and the move to the back.
  private lastKey?: string;
  private lastValue?: V;
  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    if (key === this.lastKey) return this.lastValue;
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.toBack(e);
    this.lastKey = key;
    this.lastValue = e.value;
    return e.value;
  }

  set(key: string, v: V): void {
    let e = this.entries.get(key);
    if (e) {
      e.value = v;
      this.toBack(e);
    } else {
      if (this.entries.size >= this.capacity && this.oldest) {
        // The evicted entry's object is reused for the new one.
        e = this.oldest;
        this.unlink(e);
        this.entries.delete(e.key);
        if (e.key === this.lastKey) this.lastKey = this.lastValue = undefined;
        e.key = key;
        e.value = v;
      } else {
        e = { key, value: v };
      }
      this.append(e);
      this.entries.set(key, e);
    }
    this.lastKey = key;
    this.lastValue = v;
  }

  private toBack(e: LruEntry<V>): void {
    if (e === this.newest) return;
    this.unlink(e);
    this.append(e);
  }

  private unlink(e: LruEntry<V>): void {
    if (e.older) e.older.newer = e.newer;
    else this.oldest = e.newer;
    if (e.newer) e.newer.older = e.older;
    else this.newest = e.older;
    e.older = e.newer = undefined;
  }

  private append(e: LruEntry<V>): void {
    e.older = this.newest;
    if (this.newest) this.newest.newer = e;
    else this.oldest = e;
    this.newest = e;
  }
}

/** The last event time handed out, in ns, as hi * 2^24 + lo: names stay unique within a ns. */
let lastHi = 0;
let lastLo = 0;
const TWO_24 = 0x1000000;

/**
 * client-go's event name: `<object name>.<event time in ns, hex>` (16 digits for today's
 * dates). The emulator's clock has ms resolution, so events in the same ms take the next ns.
 * The ns count passes 2^53, so it is kept in two exact parts (hi * 2^24 + lo) rather than a
 * BigInt per event: hex digits of lo are the last six of the name.
 */
export function eventName(objectName: string, nowMs: number): string {
  const ms = Math.floor(nowMs);
  const msHi = Math.floor(ms / TWO_24);
  const low = (ms - msHi * TWO_24) * 1_000_000;
  let hi = msHi * 1_000_000 + Math.floor(low / TWO_24);
  let lo = low % TWO_24;
  if (hi < lastHi || (hi === lastHi && lo <= lastLo)) {
    hi = lastHi;
    lo = lastLo + 1;
    if (lo === TWO_24) {
      hi++;
      lo = 0;
    }
  }
  lastHi = hi;
  lastLo = lo;
  return `${objectName}.${hi.toString(16)}${lo.toString(16).padStart(6, '0')}`;
}

export class ApiEventRecorder implements EventRecorder {
  private readonly objects: LruCache<ObjectEvents>;
  /** The events collection of each namespace, as a ResourceRef built once. */
  private readonly refs = new Map<string, ResourceRef>();

  constructor(
    private readonly client: LoopbackClient,
    private readonly component: string,
    private readonly clock: Clock,
    private readonly log: Log = () => undefined,
    options: EventRecorderOptions = {},
  ) {
    this.objects = new LruCache(Math.max(1, options.cacheSize ?? DEFAULT_EVENT_CACHE_SIZE));
  }

  event(obj: KubeObject, type: EventType, reason: string, message: string, origin?: EventOrigin): void {
    const meta = obj.metadata;
    // The uid names an object uniquely; without one (a test's bare object) kind/namespace/name do.
    const objectKey = meta.uid || `${obj.kind}/${meta.namespace ?? ''}/${meta.name}`;
    let known = this.objects.get(objectKey);
    if (!known) this.objects.set(objectKey, (known = { buckets: [], folds: [] }));
    const nowMs = this.clock.now();
    if (!allow(known, type, reason, nowMs)) return;
    const now = isoTime(nowMs);
    const previous = findFold(known, type, reason, message, origin?.fieldPath);
    if (previous) {
      previous.count++;
      const patch = { count: previous.count, lastTimestamp: now };
      this.client.noResult.patch({ ...R.events, namespace: previous.namespace, name: previous.name }, patch, 'merge').catch((e) => {
        // The event may be gone (its --event-ttl ran out): create it again, as client-go does.
        if (isNotFound(e)) this.create(obj, type, reason, message, previous, now, origin);
        else this.failed(reason, e);
      });
      return;
    }
    const fold: Fold = { type, reason, message, fieldPath: origin?.fieldPath, name: eventName(meta.name ?? '', nowMs), namespace: meta.namespace || 'default', count: 1, firstTimestamp: now };
    known.folds = appended(known.folds, fold, PER_OBJECT_MAX);
    this.create(obj, type, reason, message, fold, now, origin);
  }

  private create(obj: KubeObject, type: EventType, reason: string, message: string, f: Fold, now: string, origin: EventOrigin | undefined): void {
    const meta = obj.metadata;
    const namespace = f.namespace;
    const involvedObject: Record<string, unknown> = { kind: obj.kind, namespace: meta.namespace, name: meta.name, uid: meta.uid, apiVersion: obj.apiVersion, resourceVersion: meta.resourceVersion };
    if (origin?.fieldPath) involvedObject.fieldPath = origin.fieldPath;
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: f.name, namespace },
      involvedObject,
      reason,
      message,
      source: origin?.host ? { component: this.component, host: origin.host } : { component: this.component },
      firstTimestamp: f.firstTimestamp,
      lastTimestamp: now,
      count: f.count,
      type,
      reportingComponent: this.component,
      reportingInstance: origin?.host ?? '',
    };
    // Nobody reads the created Event back: its response is not parsed.
    this.client.noResult.create(this.eventsIn(namespace), event).catch((e) => this.failed(reason, e));
  }

  private eventsIn(namespace: string): ResourceRef {
    let ref = this.refs.get(namespace);
    if (!ref) this.refs.set(namespace, (ref = Object.freeze({ ...R.events, namespace })));
    return ref;
  }

  private failed(reason: string, e: unknown): void {
    this.log(`could not record event ${reason}: ${e instanceof Error ? e.message : String(e)}`, 'W');
  }
}

/** The spam filter: a token bucket per object, type and reason (burst 25, refill 1 per 5 min). */
function allow(known: ObjectEvents, type: EventType, reason: string, now: number): boolean {
  let bucket: Bucket | undefined;
  for (const b of known.buckets) {
    if (b.reason === reason && b.type === type) {
      bucket = b;
      break;
    }
  }
  if (!bucket) {
    bucket = { type, reason, tokens: SPAM_BURST, at: now };
    known.buckets = appended(known.buckets, bucket, PER_OBJECT_MAX);
  }
  bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + (now - bucket.at) / SPAM_REFILL_MS);
  bucket.at = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens--;
  return true;
}

function findFold(known: ObjectEvents, type: EventType, reason: string, message: string, fieldPath: string | undefined): Fold | undefined {
  const folds = known.folds;
  for (let i = 0; i < folds.length; i++) {
    const f = folds[i];
    if (f.reason === reason && f.type === type && f.message === message && f.fieldPath === fieldPath) {
      // Most recently used last, so the per-object cap drops the stalest.
      if (i !== folds.length - 1) folds.push(folds.splice(i, 1)[0]!);
      return f;
    }
  }
  return undefined;
}
