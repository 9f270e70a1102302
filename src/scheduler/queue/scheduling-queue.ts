// The scheduling queue, pure and driven by a Clock: activeQ ordered by QueueSort,
// backoffQ (1 s doubling to 10 s per attempt), and unschedulable pods that wait for a
// cluster event one of their rejecting plugins registered, or for the 5-minute flush.
import type { Clock, Timer } from '../../kube/clock';
import type { Pod } from '../api/types';
import { podKey } from '../api/types';
import { eventMatches } from '../framework/cluster-events';
import type { Framework } from '../framework/framework';
import type { ClusterEvent, QueuedPodInfo } from '../framework/interfaces';
import type { MaybeStatus } from '../framework/status';
import { KeyedHeap } from './heap';

export interface SchedulingQueueOptions {
  clock: Clock;
  /** QueueSort: true when `a` goes first. */
  less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  /** PreEnqueue plugins (SchedulingGates); a non-success status holds the pod back. */
  preEnqueue?: (pod: Pod) => MaybeStatus;
  /** Events each plugin registered (Framework.events). */
  pluginEvents?: ReadonlyMap<string, readonly ClusterEvent[]>;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  podMaxInUnschedulablePodsDurationMs?: number;
  /** Called when a pod enters activeQ, so a loop waiting in pop() can wake. */
  onActive?: () => void;
}

const keyOf = (q: QueuedPodInfo): string => podKey(q.pod);

/** isPodUpdated: labels, annotations or spec changed; status and bookkeeping do not count. */
function podSpecChanged(a: Pod, b: Pod): boolean {
  const strip = (p: Pod) => JSON.stringify([p.metadata.labels ?? {}, p.metadata.annotations ?? {}, p.spec]);
  return strip(a) !== strip(b);
}

export class SchedulingQueue {
  private readonly clock: Clock;
  private readonly activeQ: KeyedHeap<QueuedPodInfo>;
  private readonly backoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  /** Pods popped and not yet reported back (being scheduled). */
  private readonly inFlight = new Map<string, { qpi: QueuedPodInfo; cycle: number }>();
  private schedulingCycle = 0;
  private moveRequestCycle = -1;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxUnschedulable: number;
  private timers: Timer[] = [];

  constructor(private readonly opts: SchedulingQueueOptions) {
    this.clock = opts.clock;
    this.initialBackoff = opts.podInitialBackoffMs ?? 1000;
    this.maxBackoff = opts.podMaxBackoffMs ?? 10_000;
    this.maxUnschedulable = opts.podMaxInUnschedulablePodsDurationMs ?? 5 * 60_000;
    this.activeQ = new KeyedHeap(keyOf, opts.less);
    this.backoffQ = new KeyedHeap(keyOf, (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  }

  static forFramework(fw: Framework, clock: Clock, opts: Partial<SchedulingQueueOptions> = {}): SchedulingQueue {
    return new SchedulingQueue({
      clock,
      less: (a, b) => fw.less(a, b),
      preEnqueue: (pod) => fw.runPreEnqueuePlugins(pod),
      pluginEvents: fw.events,
      ...opts,
    });
  }

  /** Starts the periodic flushes (backoffQ every second, leftovers every 30 s) on the clock. */
  run(): Timer {
    this.timers.push(this.clock.setInterval(() => this.flushBackoffQCompleted(), 1000));
    this.timers.push(this.clock.setInterval(() => this.flushUnschedulablePodsLeftover(), 30_000));
    return { cancel: () => this.close() };
  }

  close(): void {
    for (const t of this.timers) t.cancel();
    this.timers = [];
  }

  // --- informer-driven changes ------------------------------------------------------

  add(pod: Pod): void {
    if (this.whereIs(pod) !== undefined) {
      // Seen again (e.g. a relist after a watch reconnect): keep its place and backoff.
      this.update(pod);
      return;
    }
    const now = this.clock.now();
    const qpi: QueuedPodInfo = { pod, timestamp: now, attempts: 0, unschedulablePlugins: new Set() };
    this.enqueue(qpi);
  }

  /** Routes a pod through PreEnqueue into activeQ, or holds it as gated. */
  private enqueue(qpi: QueuedPodInfo): void {
    const key = keyOf(qpi);
    const gate = this.opts.preEnqueue?.(qpi.pod);
    if (gate) {
      qpi.gatedBy = gate.plugin || 'PreEnqueue';
      this.unschedulable.set(key, qpi);
      return;
    }
    qpi.gatedBy = undefined;
    this.unschedulable.delete(key);
    this.backoffQ.delete(key);
    this.activeQ.addOrUpdate(qpi);
    this.opts.onActive?.();
  }

  update(newPod: Pod): void {
    const key = podKey(newPod);
    const inActive = this.activeQ.get(key);
    if (inActive) {
      inActive.pod = newPod;
      this.activeQ.addOrUpdate(inActive);
      return;
    }
    const inBackoff = this.backoffQ.get(key);
    if (inBackoff) {
      inBackoff.pod = newPod;
      this.backoffQ.addOrUpdate(inBackoff);
      return;
    }
    const waiting = this.unschedulable.get(key);
    if (waiting) {
      const old = waiting.pod;
      waiting.pod = newPod;
      if (waiting.gatedBy) {
        this.enqueue(waiting);
        return;
      }
      // A change to what the pod asks for may make it schedulable (e.g. new tolerations);
      // status writes (the scheduler's own PodScheduled condition) must not.
      if (!podSpecChanged(old, newPod)) return;
      this.unschedulable.delete(key);
      this.moveToActiveOrBackoff(waiting);
      return;
    }
    const flying = this.inFlight.get(key);
    if (flying) {
      flying.qpi.pod = newPod;
      return;
    }
    this.add(newPod);
  }

  delete(pod: Pod): void {
    const key = podKey(pod);
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulable.delete(key);
    this.inFlight.delete(key);
  }

  // --- the scheduling loop's side --------------------------------------------------

  /** The next pod to schedule, or undefined when activeQ is empty (after flushing due backoffs). */
  pop(): QueuedPodInfo | undefined {
    this.flushBackoffQCompleted();
    const qpi = this.activeQ.pop();
    if (!qpi) return undefined;
    qpi.attempts++;
    qpi.initialAttemptTimestamp ??= this.clock.now();
    this.schedulingCycle++;
    this.inFlight.set(keyOf(qpi), { qpi, cycle: this.schedulingCycle });
    return qpi;
  }

  /** The attempt succeeded (the pod was bound or is being bound). */
  done(pod: Pod): void {
    this.inFlight.delete(podKey(pod));
  }

  /**
   * The attempt failed: the pod waits in unschedulablePods for an event that may help,
   * or in backoffQ when such an event already arrived during its attempt (or it failed
   * with an error rather than a rejection).
   */
  addUnschedulable(qpi: QueuedPodInfo, unschedulablePlugins: readonly string[], error = false): void {
    const key = keyOf(qpi);
    const flying = this.inFlight.get(key);
    this.inFlight.delete(key);
    // A pod deleted during its attempt is not brought back.
    if (!flying) return;
    qpi.unschedulablePlugins = new Set(unschedulablePlugins);
    qpi.timestamp = this.clock.now();
    if (error || this.moveRequestCycle >= flying.cycle) {
      this.backoffQ.addOrUpdate(qpi);
    } else {
      this.unschedulable.set(key, qpi);
    }
  }

  /** Moves pods rejected by plugins that registered `event` to activeQ or backoffQ. */
  moveAllToActiveOrBackoff(event: ClusterEvent): number {
    let moved = 0;
    for (const [key, qpi] of this.unschedulable) {
      if (qpi.gatedBy || !this.podMatchesEvent(qpi, event)) continue;
      this.unschedulable.delete(key);
      this.moveToActiveOrBackoff(qpi);
      moved++;
    }
    this.moveRequestCycle = this.schedulingCycle;
    return moved;
  }

  private podMatchesEvent(qpi: QueuedPodInfo, event: ClusterEvent): boolean {
    if (event.resource === '*') return true;
    if (qpi.unschedulablePlugins.size === 0) return true;
    const registry = this.opts.pluginEvents;
    if (!registry) return true;
    for (const plugin of qpi.unschedulablePlugins) {
      for (const registered of registry.get(plugin) ?? []) if (eventMatches(registered, event)) return true;
    }
    return false;
  }

  private moveToActiveOrBackoff(qpi: QueuedPodInfo): void {
    if (this.isBackingOff(qpi)) this.backoffQ.addOrUpdate(qpi);
    else {
      this.activeQ.addOrUpdate(qpi);
      this.opts.onActive?.();
    }
  }

  // --- time ------------------------------------------------------------------------

  /** Backoff for a pod after `attempts` attempts: 1 s, 2 s, 4 s, ... capped at 10 s. */
  backoffDuration(attempts: number): number {
    let d = this.initialBackoff;
    for (let i = 1; i < attempts; i++) {
      d *= 2;
      if (d >= this.maxBackoff) return this.maxBackoff;
    }
    return Math.min(d, this.maxBackoff);
  }

  backoffExpiry(qpi: QueuedPodInfo): number {
    return qpi.timestamp + this.backoffDuration(qpi.attempts);
  }

  private isBackingOff(qpi: QueuedPodInfo): boolean {
    return qpi.attempts > 0 && this.backoffExpiry(qpi) > this.clock.now();
  }

  /** Moves pods whose backoff has expired to activeQ. */
  flushBackoffQCompleted(): void {
    const now = this.clock.now();
    for (;;) {
      const top = this.backoffQ.peek();
      if (!top || this.backoffExpiry(top) > now) return;
      this.backoffQ.pop();
      this.activeQ.addOrUpdate(top);
      this.opts.onActive?.();
    }
  }

  /** Pods unschedulable for longer than 5 minutes are retried anyway. */
  flushUnschedulablePodsLeftover(): void {
    const now = this.clock.now();
    for (const [key, qpi] of this.unschedulable) {
      if (qpi.gatedBy || now - qpi.timestamp <= this.maxUnschedulable) continue;
      this.unschedulable.delete(key);
      this.moveToActiveOrBackoff(qpi);
    }
  }

  /** When the earliest backoff ends, so a loop can sleep until then. */
  nextBackoffExpiry(): number | undefined {
    const top = this.backoffQ.peek();
    return top ? this.backoffExpiry(top) : undefined;
  }

  pending(): { active: number; backoff: number; unschedulable: number; gated: number } {
    let gated = 0;
    for (const q of this.unschedulable.values()) if (q.gatedBy) gated++;
    return { active: this.activeQ.size, backoff: this.backoffQ.size, unschedulable: this.unschedulable.size - gated, gated };
  }

  /** Where a pod is: active, backoff, unschedulable, gated, inFlight, or undefined. */
  whereIs(pod: Pod): 'active' | 'backoff' | 'unschedulable' | 'gated' | 'inFlight' | undefined {
    const key = podKey(pod);
    if (this.activeQ.has(key)) return 'active';
    if (this.backoffQ.has(key)) return 'backoff';
    const u = this.unschedulable.get(key);
    if (u) return u.gatedBy ? 'gated' : 'unschedulable';
    if (this.inFlight.has(key)) return 'inFlight';
    return undefined;
  }
}
