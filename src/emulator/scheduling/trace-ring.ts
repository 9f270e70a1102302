// The scheduler's attempt records, kept in memory (never in user objects or etcd) and
// served read-only as the namespaced kind SchedulingTrace:
//   kubectl get schedulingtraces -n default        one row per attempt, named <pod>.<attempt>
//   kubectl get schedulingtrace <pod> -o yaml      the pod's latest attempt
// Kept: the last `capacity` attempts, plus the latest attempt of every pod not known to be
// deleted, within a byte budget (oldest first out), so any pod of a big cluster can be traced.
// Records are stored packed (src/scheduler/trace/compact.ts, ~20x smaller at 5,000 nodes)
// and expanded into the same JSON only when served.
import type { Clock } from '../../kube/clock';
import type { KubeObject } from '../../kube/object';
import { compactTrace, lazyTrace, NodeNameTable, type CompactTrace, type SchedulingTrace } from '../../scheduler/index';
import type { VirtualResource, VirtualResourceProvider, VirtualWatchEvent } from '../apiserver/virtual-resources';

export const TRACE_GROUP = 'emulator.cluster-anatomy.dev';
export const TRACE_VERSION = 'v1';
export const DEFAULT_TRACE_CAPACITY = 5000;
/**
 * Estimated bytes for pods' latest attempts beyond the ring: ~7,000 pods at 5,000 nodes (~4.5 KB
 * each), tens of thousands on small clusters. 128 MiB held ~29,000 records at 5,000 nodes, a
 * fifth of the control loops' live heap at 30,000 pods and ~100 MB more of it at 150,000.
 */
export const DEFAULT_TRACE_RETENTION_BYTES = 32 * 2 ** 20;

export interface TraceRetentionOptions {
  /** Budget for latest-per-pod records outside the ring (estimated bytes); 0 keeps only the ring. */
  retainedBytes?: number;
}

interface TraceEntry {
  readonly trace: CompactTrace;
  readonly revision: number;
  /** namespace/pod */
  readonly podKey: string;
  /** creationTimestamp when the trace has no startTime. */
  readonly recordedAt?: string;
  inRing: boolean;
  /** The pod was deleted: the entry is not kept once it leaves the ring. */
  podGone?: boolean;
}

/** An entry, its pod key and its place in the latest-attempt map, besides the packed trace. */
const ENTRY_BYTES = 240;
const recordName = (t: SchedulingTrace): string => `${t.pod.name}.${t.attempt}`;

export class SchedulingTraceRing implements VirtualResourceProvider {
  private readonly ring: (TraceEntry | undefined)[];
  private next = 0;
  private count = 0;
  private revision = 0;
  private readonly names = new NodeNameTable();
  /** namespace/pod -> its latest attempt, ordered by that attempt (oldest first). */
  private readonly latest = new Map<string, TraceEntry>();
  /** Bytes of entries kept only as a pod's latest attempt (not in the ring). */
  private retained = 0;
  private retainedCount = 0;
  private readonly budget: number;
  private readonly watchers = new Set<(e: VirtualWatchEvent) => void>();

  constructor(
    readonly capacity: number = DEFAULT_TRACE_CAPACITY,
    private readonly clock?: Clock,
    retention: TraceRetentionOptions = {},
  ) {
    this.ring = new Array(Math.max(1, capacity));
    this.budget = retention.retainedBytes ?? DEFAULT_TRACE_RETENTION_BYTES;
  }

  /** Stores one attempt; what drops out of the ring is reported DELETED to watchers. */
  record(trace: SchedulingTrace): void {
    const slot = this.next;
    const evicted = this.ring[slot];
    if (evicted) this.leaveRing(evicted);
    this.revision++;
    const podKey = `${trace.pod.namespace}/${trace.pod.name}`;
    // recordedAt is always a field (undefined when the trace has its start time): one shape for
    // every entry, and no spread of a temporary object per attempt.
    const entry: TraceEntry = {
      trace: compactTrace(trace, this.names),
      revision: this.revision,
      podKey,
      recordedAt: trace.startTime ? undefined : new Date(this.clock?.now() ?? Date.now()).toISOString(),
      inRing: true,
    };
    this.ring[slot] = entry;
    this.next = (slot + 1) % this.ring.length;
    this.count = Math.min(this.count + 1, this.ring.length);
    const previous = this.latest.get(podKey);
    if (previous) {
      this.latest.delete(podKey);
      if (!previous.inRing) this.drop(previous);
    }
    this.latest.set(podKey, entry);
    // Watchers get the trace as recorded: no need to expand what is at hand.
    if (this.watchers.size > 0) this.emit({ type: 'ADDED', object: this.toObject(entry, recordName(trace), trace) });
    this.enforceBudget();
  }

  /** The pod is gone: its latest attempt no longer needs keeping beyond the ring. */
  forgetPod(namespace: string, name: string, uid?: string): void {
    const key = `${namespace}/${name}`;
    const e = this.latest.get(key);
    if (!e || (uid && e.trace.head.pod.uid && e.trace.head.pod.uid !== uid)) return;
    if (e.inRing) {
      // Still served by pod name while in the ring, as any attempt there.
      e.podGone = true;
      return;
    }
    this.latest.delete(key);
    this.drop(e);
  }

  /** Records served: the ring's plus the pods' latest attempts kept beyond it. */
  get size(): number {
    return this.count + this.retainedCount;
  }

  /** Estimated bytes of the records kept beyond the ring. */
  get retainedBytes(): number {
    return this.retained;
  }

  // --- VirtualResourceProvider --------------------------------------------------------

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    const ns = namespace ?? 'default';
    // <pod>.<attempt>: the pod's latest attempt, else one in the ring (a scan: reads are rare,
    // records are not, so no name index is kept up to date per attempt).
    const dot = name.lastIndexOf('.');
    if (dot > 0) {
      const pod = name.slice(0, dot);
      const attempt = name.slice(dot + 1);
      const named = (e: TraceEntry | undefined): e is TraceEntry => !!e && e.trace.head.pod.namespace === ns && e.trace.head.pod.name === pod && String(e.trace.head.attempt) === attempt;
      const e = this.latest.get(`${ns}/${pod}`);
      if (named(e)) return this.toObject(e, name);
      // Newest first: a pod recreated under the same name has its own <pod>.1.
      for (let k = 1; k <= this.count; k++) {
        const r = this.ring[(this.next - k + this.ring.length) % this.ring.length];
        if (named(r)) return this.toObject(r, name);
      }
    }
    // Asked by pod name: the latest attempt, under the name asked for.
    const e = this.latest.get(`${ns}/${name}`);
    return e ? this.toObject(e, name) : undefined;
  }

  list(namespace: string | undefined): KubeObject[] {
    const out: KubeObject[] = [];
    const wanted = (e: TraceEntry) => namespace === undefined || e.trace.head.pod.namespace === namespace;
    // Oldest first: the kept latest attempts predate everything in the ring.
    for (const e of this.latest.values()) {
      if (e.inRing) break;
      if (wanted(e)) out.push(this.toObject(e, recordName(e.trace.head)));
    }
    const start = this.count < this.ring.length ? 0 : this.next;
    for (let i = 0; i < this.count; i++) {
      const e = this.ring[(start + i) % this.ring.length];
      if (e && wanted(e)) out.push(this.toObject(e, recordName(e.trace.head)));
    }
    return out;
  }

  /** Every kept attempt as recorded, oldest first (to save them across a restart). */
  attempts(): SchedulingTrace[] {
    const kept = new Set<TraceEntry>(this.latest.values());
    for (const e of this.ring) if (e) kept.add(e);
    return [...kept].sort((a, b) => a.revision - b.revision).map((e) => lazyTrace(e.trace, this.names));
  }

  resourceVersion(): string {
    return String(this.revision);
  }

  watch(send: (e: VirtualWatchEvent) => void, initial?: { namespace: string | undefined }): () => void {
    if (initial) for (const object of this.list(initial.namespace)) send({ type: 'ADDED', object });
    this.watchers.add(send);
    return () => this.watchers.delete(send);
  }

  // --- internals ---------------------------------------------------------------------

  private leaveRing(e: TraceEntry): void {
    e.inRing = false;
    const isLatest = this.latest.get(e.podKey) === e;
    if (isLatest && this.budget > 0 && !e.podGone) {
      this.retained += e.trace.bytes + ENTRY_BYTES;
      this.retainedCount++;
      return;
    }
    if (isLatest) this.latest.delete(e.podKey);
    this.emitDeleted(e);
  }

  /** Removes a kept entry that is outside the ring (its latest-map entry is already gone). */
  private drop(e: TraceEntry): void {
    this.retained -= e.trace.bytes + ENTRY_BYTES;
    this.retainedCount--;
    this.emitDeleted(e);
  }

  /** Oldest kept attempts go first; entries still in the ring are newer than any kept one. */
  private enforceBudget(): void {
    if (this.retained <= this.budget) return;
    for (const [key, e] of this.latest) {
      if (this.retained <= this.budget || e.inRing) break;
      this.latest.delete(key);
      this.drop(e);
    }
  }

  private emitDeleted(e: TraceEntry): void {
    if (this.watchers.size > 0) this.emit({ type: 'DELETED', object: this.toObject(e, recordName(e.trace.head)) });
  }

  private emit(e: VirtualWatchEvent): void {
    for (const w of this.watchers) w(e);
  }

  private toObject(e: TraceEntry, name: string, recorded?: SchedulingTrace): KubeObject {
    const trace = e.trace.head;
    const created = trace.startTime || e.recordedAt || '';
    return {
      apiVersion: `${TRACE_GROUP}/${TRACE_VERSION}`,
      kind: 'SchedulingTrace',
      metadata: {
        name,
        namespace: trace.pod.namespace,
        uid: `${trace.pod.uid ?? trace.pod.name}-${trace.attempt}`,
        resourceVersion: String(e.revision),
        creationTimestamp: created.replace(/\.\d+Z$/, 'Z'),
        labels: { 'emulator.cluster-anatomy.dev/pod': trace.pod.name.slice(0, 63) },
      },
      spec: { podName: trace.pod.name, podUID: trace.pod.uid, attempt: trace.attempt, schedulerName: trace.schedulerName },
      status: recorded ?? lazyTrace(e.trace, this.names),
    } as KubeObject;
  }
}

/** The registry entry that serves a trace ring (printer columns: POD ATTEMPT RESULT NODE AGE). */
export function schedulingTraceResource(provider: VirtualResourceProvider): VirtualResource {
  return {
    group: TRACE_GROUP,
    version: TRACE_VERSION,
    kind: 'SchedulingTrace',
    listKind: 'SchedulingTraceList',
    plural: 'schedulingtraces',
    singular: 'schedulingtrace',
    namespaced: true,
    shortNames: ['strace'],
    categories: ['emulator'],
    verbs: ['get', 'list', 'watch'],
    preferred: true,
    additionalPrinterColumns: [
      { name: 'Pod', type: 'string', jsonPath: '.spec.podName' },
      { name: 'Attempt', type: 'integer', jsonPath: '.spec.attempt' },
      { name: 'Result', type: 'string', jsonPath: '.status.outcome' },
      { name: 'Node', type: 'string', jsonPath: '.status.nodeName' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ],
    provider,
  };
}
