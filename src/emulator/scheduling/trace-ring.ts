// The scheduler's attempt records, kept in a bounded ring in memory (never in user objects
// or etcd) and served read-only as the namespaced kind SchedulingTrace:
//   kubectl get schedulingtraces -n default        one row per attempt, named <pod>.<attempt>
//   kubectl get schedulingtrace <pod> -o yaml      the pod's latest attempt
import type { Clock } from '../../kube/clock';
import type { KubeObject } from '../../kube/object';
import type { SchedulingTrace } from '../../scheduler/index';
import type { VirtualResource, VirtualResourceProvider, VirtualWatchEvent } from '../apiserver/virtual-resources';

export const TRACE_GROUP = 'emulator.cluster-anatomy.dev';
export const TRACE_VERSION = 'v1';
export const DEFAULT_TRACE_CAPACITY = 5000;

export class SchedulingTraceRing implements VirtualResourceProvider {
  private readonly ring: (KubeObject | undefined)[];
  private next = 0;
  private count = 0;
  private revision = 0;
  /** namespace/name of the object -> its slot; namespace/pod -> slot of the latest attempt. */
  private readonly byName = new Map<string, number>();
  private readonly latest = new Map<string, number>();
  private readonly watchers = new Set<(e: VirtualWatchEvent) => void>();

  constructor(
    readonly capacity: number = DEFAULT_TRACE_CAPACITY,
    private readonly clock?: Clock,
  ) {
    this.ring = new Array(Math.max(1, capacity));
  }

  /** Stores one attempt; the oldest is dropped (and reported DELETED to watchers) when full. */
  record(trace: SchedulingTrace): KubeObject {
    const slot = this.next;
    const evicted = this.ring[slot];
    if (evicted) this.forget(slot, evicted);
    const obj = this.toObject(trace);
    this.ring[slot] = obj;
    this.next = (slot + 1) % this.ring.length;
    this.count = Math.min(this.count + 1, this.ring.length);
    this.byName.set(`${obj.metadata.namespace}/${obj.metadata.name}`, slot);
    this.latest.set(`${trace.pod.namespace}/${trace.pod.name}`, slot);
    this.emit({ type: 'ADDED', object: obj });
    return obj;
  }

  get size(): number {
    return this.count;
  }

  // --- VirtualResourceProvider --------------------------------------------------------

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    const ns = namespace ?? 'default';
    const exact = this.byName.get(`${ns}/${name}`);
    if (exact !== undefined) return this.ring[exact];
    const slot = this.latest.get(`${ns}/${name}`);
    const obj = slot === undefined ? undefined : this.ring[slot];
    // Asked by pod name: the latest attempt, under the name asked for.
    return obj ? { ...obj, metadata: { ...obj.metadata, name } } : undefined;
  }

  list(namespace: string | undefined): KubeObject[] {
    const out: KubeObject[] = [];
    const start = this.count < this.ring.length ? 0 : this.next;
    for (let i = 0; i < this.count; i++) {
      const obj = this.ring[(start + i) % this.ring.length];
      if (obj && (namespace === undefined || obj.metadata.namespace === namespace)) out.push(obj);
    }
    return out;
  }

  resourceVersion(): string {
    return String(this.revision);
  }

  watch(send: (e: VirtualWatchEvent) => void): () => void {
    this.watchers.add(send);
    return () => this.watchers.delete(send);
  }

  // --- internals ---------------------------------------------------------------------

  private forget(slot: number, obj: KubeObject): void {
    const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
    if (this.byName.get(key) === slot) this.byName.delete(key);
    const podKey = `${obj.metadata.namespace}/${(obj.spec as { podName: string }).podName}`;
    if (this.latest.get(podKey) === slot) this.latest.delete(podKey);
    this.ring[slot] = undefined;
    this.emit({ type: 'DELETED', object: obj });
  }

  private emit(e: VirtualWatchEvent): void {
    for (const w of this.watchers) w(e);
  }

  private toObject(trace: SchedulingTrace): KubeObject {
    this.revision++;
    const created = trace.startTime || new Date(this.clock?.now() ?? Date.now()).toISOString();
    return {
      apiVersion: `${TRACE_GROUP}/${TRACE_VERSION}`,
      kind: 'SchedulingTrace',
      metadata: {
        name: `${trace.pod.name}.${trace.attempt}`,
        namespace: trace.pod.namespace,
        uid: `${trace.pod.uid ?? trace.pod.name}-${trace.attempt}`,
        resourceVersion: String(this.revision),
        creationTimestamp: created.replace(/\.\d+Z$/, 'Z'),
        labels: { 'emulator.cluster-anatomy.dev/pod': trace.pod.name.slice(0, 63) },
      },
      spec: { podName: trace.pod.name, podUID: trace.pod.uid, attempt: trace.attempt, schedulerName: trace.schedulerName },
      status: trace,
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
