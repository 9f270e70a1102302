// The emulator's kube-scheduler: informers feed src/scheduler's Snapshot and SchedulingQueue;
// the loop pops pods, runs scheduleOne, records the attempt's trace, and writes the outcome
// back through the API (pods/binding, events, PodScheduled, preemption). Binding is async,
// as kube-scheduler's binding cycle: the next pod is scheduled while the POST is in flight.
import type { KubeObject } from '../kube/object';
import {
  newFramework,
  scheduleOne,
  SchedulingQueue,
  sameStrings,
  Snapshot,
  type Framework,
  type Node,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type Pod,
  type PodDisruptionBudget,
  type QueuedPodInfo,
  type SchedulingTrace,
  type SelectorOwner,
  type StorageClass,
} from '../scheduler/index';
import { componentLog, type ControlLoop, type ControlLoopContext } from './control-loop';
import type { Informer } from './client/informer';
import { R } from './client/paths';
import { assignedPodUpdateEvents, isPendingFor, nodeChangedForScheduling, nodeUpdateEvents } from './scheduling/cluster-events';
import { SchedulingOutcomeWriter } from './scheduling/outcome-writer';

export const SCHEDULER_COMPONENT = 'kube-scheduler';

const isTerminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** Same spec generation, labels and terminal phase: a status-only update. */
function onlyStatusChanged(old: Pod, p: Pod): boolean {
  return (
    old.metadata.generation !== undefined &&
    old.metadata.generation === p.metadata.generation &&
    !!old.metadata.deletionTimestamp === !!p.metadata.deletionTimestamp &&
    isTerminal(old) === isTerminal(p) &&
    sameStrings(old.metadata.labels, p.metadata.labels)
  );
}

export interface KubeSchedulerOptions {
  schedulerName?: string;
  /** 0/undefined: adaptive, as kube-scheduler. */
  percentageOfNodesToScore?: number;
  /** Record every plugin call (default true). */
  trace?: boolean;
  /** Receives every attempt's trace (the SchedulingTrace ring). */
  onTrace?: (trace: SchedulingTrace) => void;
  /** Called when a pod is deleted (the trace store keeps pods' latest attempts until then). */
  onPodDeleted?: (pod: Pod) => void;
  /** Pods scheduled per turn of the event loop before yielding to I/O. */
  batchSize?: number;
}

export class KubeScheduler implements ControlLoop {
  readonly name = SCHEDULER_COMPONENT;
  readonly schedulerName: string;
  readonly framework: Framework;
  readonly snapshot = new Snapshot();
  readonly queue: SchedulingQueue;
  private readonly writer: SchedulingOutcomeWriter;
  private active = true;
  private started = false;
  private drainScheduled = false;
  private stopQueue?: { cancel(): void };
  private inFlightBindings = 0;
  /** Attempts and bindings so far (for benchmarks and the component's status). */
  readonly counters = { attempts: 0, scheduled: 0, unschedulable: 0, bindFailures: 0 };

  constructor(
    private readonly ctx: ControlLoopContext,
    private readonly options: KubeSchedulerOptions = {},
  ) {
    this.schedulerName = options.schedulerName ?? 'default-scheduler';
    this.framework = newFramework({ schedulerName: this.schedulerName, percentageOfNodesToScore: options.percentageOfNodesToScore, trace: options.trace !== false });
    this.queue = SchedulingQueue.forFramework(this.framework, ctx.clock, { onActive: () => this.kick() });
    this.writer = new SchedulingOutcomeWriter(ctx.client(SCHEDULER_COMPONENT), ctx.clock, this.schedulerName, componentLog(ctx, SCHEDULER_COMPONENT));
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const inf = this.ctx.informers;
    inf.for<Node>(R.nodes).on({
      add: (n) => {
        this.snapshot.addNode(n);
        this.queue.moveAllToActiveOrBackoff({ resource: 'Node', action: 'Add' });
      },
      update: (n, old) => {
        if (!nodeChangedForScheduling(old, n)) return;
        this.snapshot.updateNode(n);
        for (const e of nodeUpdateEvents(old, n)) this.queue.moveAllToActiveOrBackoff(e);
      },
      delete: (n) => {
        this.snapshot.removeNode(n.metadata.name ?? '');
        this.queue.moveAllToActiveOrBackoff({ resource: 'Node', action: 'Delete' });
      },
    });
    inf.for<Pod>(R.pods).on({
      add: (p) => this.podAdded(p),
      update: (p, old) => this.podUpdated(p, old),
      delete: (p) => this.podDeleted(p),
    });
    this.follow<PersistentVolumeClaim>(inf.for(R.persistentVolumeClaims), (o, del) => this.snapshot.setPersistentVolumeClaim(o, del), 'PersistentVolumeClaim');
    this.follow<PersistentVolume>(inf.for(R.persistentVolumes), (o, del) => this.snapshot.setPersistentVolume(o, del), 'PersistentVolume');
    this.follow<StorageClass>(inf.for(R.storageClasses), (o, del) => this.snapshot.setStorageClass(o, del), 'StorageClass');
    this.followList<PodDisruptionBudget>(inf.for(R.podDisruptionBudgets), (all) => (this.snapshot.pdbs = all));
    this.followList<SelectorOwner>(inf.for(R.services), (all) => (this.snapshot.services = all));
    this.followList<SelectorOwner>(inf.for(R.replicaSets), (all) => (this.snapshot.replicaSets = all));
    this.followList<SelectorOwner>(inf.for(R.statefulSets), (all) => (this.snapshot.statefulSets = all));
    inf.for(R.namespaces).on({
      add: (ns) => this.snapshot.namespaceLabels.set(ns.metadata.name ?? '', ns.metadata.labels ?? {}),
      update: (ns) => this.snapshot.namespaceLabels.set(ns.metadata.name ?? '', ns.metadata.labels ?? {}),
      delete: (ns) => this.snapshot.namespaceLabels.delete(ns.metadata.name ?? ''),
    });
    this.stopQueue = this.queue.run();
    this.kick();
  }

  stop(): void {
    this.started = false;
    this.stopQueue?.cancel();
    this.stopQueue = undefined;
  }

  /**
   * Whether this scheduler does work: false while it is stopped by fault injection or has
   * lost its leader lease. Its caches stay fed, so it resumes at once when true again.
   */
  setActive(active: boolean): void {
    if (this.active === active) return;
    this.active = active;
    if (active) this.kick();
  }

  get isActive(): boolean {
    return this.active;
  }

  /** Resolves when nothing is queued for an attempt and no binding is in flight. */
  idle(): boolean {
    return this.queue.pending().active === 0 && this.inFlightBindings === 0;
  }

  // --- informer handlers --------------------------------------------------------------

  private podAdded(p: Pod): void {
    if (p.spec?.nodeName) {
      this.snapshot.addPod(p);
      this.queue.moveAllToActiveOrBackoff({ resource: 'AssignedPod', action: 'Add' });
    } else if (isPendingFor(p, this.schedulerName)) {
      this.snapshot.addPod(p); // tracks a nomination, if any
      this.queue.add(p);
    }
  }

  private podUpdated(p: Pod, old: Pod): void {
    if (p.spec?.nodeName) {
      // Kubelet status writes (most pod updates) change nothing the scheduler counts.
      if (old.spec?.nodeName && onlyStatusChanged(old, p)) {
        this.snapshot.refreshPod(p);
        return;
      }
      if (!old.spec?.nodeName) this.queue.delete(p);
      this.snapshot.updatePod(p);
      if (isTerminal(p) && !isTerminal(old)) this.queue.moveAllToActiveOrBackoff({ resource: 'AssignedPod', action: 'Delete' });
      for (const e of assignedPodUpdateEvents(old, p)) this.queue.moveAllToActiveOrBackoff(e);
    } else if (isPendingFor(p, this.schedulerName)) {
      this.snapshot.updatePod(p);
      this.queue.update(p);
    } else {
      this.queue.delete(p);
      this.snapshot.removePod(p);
    }
  }

  private podDeleted(p: Pod): void {
    this.snapshot.removePod(p);
    this.options.onPodDeleted?.(p);
    if (p.spec?.nodeName) this.queue.moveAllToActiveOrBackoff({ resource: 'AssignedPod', action: 'Delete' });
    else this.queue.delete(p);
  }

  private follow<T extends KubeObject>(informer: Informer<T>, set: (o: T, deleted: boolean) => void, resource: 'PersistentVolumeClaim' | 'PersistentVolume' | 'StorageClass'): void {
    informer.on({
      add: (o) => {
        set(o, false);
        this.queue.moveAllToActiveOrBackoff({ resource, action: 'Add' });
      },
      update: (o) => {
        set(o, false);
        this.queue.moveAllToActiveOrBackoff({ resource, action: 'Update' });
      },
      delete: (o) => set(o, true),
    });
  }

  private followList<T extends KubeObject>(informer: Informer<T>, set: (all: T[]) => void): void {
    const refresh = () => set(informer.list());
    informer.on({ add: refresh, update: refresh, delete: refresh });
  }

  // --- the scheduling loop ----------------------------------------------------------

  private kick(): void {
    if (this.drainScheduled || !this.started || !this.active) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  /** Schedules up to a batch of pods, then yields so bindings and watches make progress. */
  private drain(): void {
    const batch = this.options.batchSize ?? 200;
    for (let i = 0; i < batch; i++) {
      if (!this.started || !this.active) return;
      const q = this.queue.pop();
      if (!q) return;
      this.scheduleOne(q);
    }
    this.kick();
  }

  private scheduleOne(q: QueuedPodInfo): void {
    const pod = q.pod;
    this.counters.attempts++;
    const { result, trace } = scheduleOne(this.framework, this.snapshot, pod, { attempt: q.attempts, clock: this.ctx.clock });
    this.options.onTrace?.(trace);
    if (result.outcome === 'Scheduled' && result.nodeName) {
      const nodeName = result.nodeName;
      this.inFlightBindings++;
      void this.writer.bind(pod, nodeName, result.binding).then((ok) => {
        this.inFlightBindings--;
        if (ok) {
          this.counters.scheduled++;
          this.queue.done(pod);
        } else {
          this.counters.bindFailures++;
          this.snapshot.forget(pod);
          this.queue.addUnschedulable(q, [], true);
        }
      });
      return;
    }
    this.counters.unschedulable++;
    this.queue.addUnschedulable(q, result.unschedulablePlugins, result.outcome === 'Error');
    void this.writer.failed(pod, result.outcome === 'Error' ? 'Error' : 'Unschedulable', result.message ?? '', result.nominatedNodeName);
    if (result.nominatedNodeName && result.victims?.length) void this.writer.preempt(pod, result.nominatedNodeName, result.victims);
  }
}
