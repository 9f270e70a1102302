// One pod on one node, as the kubelet's pod worker runs it: sandbox and IP, image pulls,
// create/start with their events, exits and restarts with crash-loop back-off, readiness
// after probe delays, and graceful termination ending in the final delete.
import type { Clock, Timer } from '../../kube/clock';
import type { KubeObject } from '../../kube/object';
import { isoTime } from '../../kube/timestamp';
import type { Pod } from '../../scheduler/api/types';
import { podRequests } from '../../scheduler/snapshot/resource';
import type { EventRecorder } from '../controllers/events';
import { containerBehaviour } from './container-command';
import type { ContainerRuntime } from './container-runtime';
import { adoptContainerStatus, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, newContainerRun, type ContainerRun } from './container-state';
import { buildPodStatus, type PodPhase } from './pod-status';
import type { PendingStatus, StatusSource } from './status-writer';

/** What a pod worker needs from its kubelet. */
export interface PodHost {
  readonly nodeName: string;
  readonly hostIP: string;
  readonly clock: Clock;
  readonly runtime: ContainerRuntime;
  readonly events: EventRecorder;
  allocateIP(): string | undefined;
  releaseIP(ip: string | undefined): void;
  claimIP(ip: string): void;
  /** Queues a status write; the builder runs when the write is sent (intermediate states are skipped). */
  writeStatus(pod: KubeObject, status: PendingStatus): void;
  deletePod(pod: KubeObject): void;
  imagesChanged(): void;
  /** A fault-injection override of readiness (a stopped control-plane component). */
  readinessOverride(pod: KubeObject): boolean | undefined;
}

/** Requests objects by value: the pods of a workload share one (~70 B each otherwise). */
const requestsByValue = new Map<string, Readonly<{ milliCPU: number; memory: number }>>();

function sharedRequests(milliCPU: number, memory: number): Readonly<{ milliCPU: number; memory: number }> {
  const key = `${milliCPU}/${memory}`;
  let r = requestsByValue.get(key);
  if (r === undefined) {
    r = Object.freeze({ milliCPU, memory });
    if (requestsByValue.size < 4096) requestsByValue.set(key, r);
  }
  return r;
}

/** Pods without init containers share this (never added to). */
const NO_INIT: readonly ContainerRun[] = Object.freeze([]);

/** How long containers take to stop after SIGTERM when the grace period allows it. */
const STOP_MS = 1000;

export class PodWorker implements StatusSource {
  readonly init: readonly ContainerRun[];
  readonly containers: ContainerRun[];
  phase: PodPhase = 'Pending';
  podIP?: string;
  startTimeMs?: number;
  terminating = false;
  readonly transitions: Record<string, string> = {};
  /** The pod's cpu (milli) and memory requests, counted against the node's allocatable. */
  readonly requests: Readonly<{ milliCPU: number; memory: number }>;
  /** Pending timers; made on the first (most pods never need one: ~100 bytes each at 150,000 pods). */
  private timers?: Set<Timer>;
  private nextInit = 0;
  private finished = false;

  constructor(
    public pod: KubeObject,
    private readonly host: PodHost,
  ) {
    const restartPolicy = String(pod.spec?.restartPolicy ?? 'Always');
    const r = podRequests(pod as unknown as Pod);
    this.requests = sharedRequests(r.milliCPU, r.memory);
    const run = (c: any, waiting: string, policy: string, list: 'containers' | 'initContainers') =>
      newContainerRun(c, containerBehaviour({ image: String(c.image ?? ''), command: c.command, args: c.args, restartPolicy: policy }), waiting, list);
    const init = pod.spec?.initContainers;
    this.init = Array.isArray(init) && init.length > 0 ? init.map((c: any) => run(c, 'PodInitializing', restartPolicy === 'Always' ? 'OnFailure' : restartPolicy, 'initContainers')) : NO_INIT;
    this.containers = (pod.spec?.containers ?? []).map((c: any) => run(c, this.init.length > 0 ? 'PodInitializing' : 'ContainerCreating', restartPolicy, 'containers'));
  }

  get restartPolicy(): string {
    return String(this.pod.spec?.restartPolicy ?? 'Always');
  }

  get key(): string {
    return `${this.pod.metadata.namespace}/${this.pod.metadata.name}`;
  }

  get isTerminal(): boolean {
    return this.phase === 'Succeeded' || this.phase === 'Failed';
  }

  /** Begins running a newly admitted pod. */
  start(): void {
    const now = this.host.clock.now();
    this.startTimeMs = now;
    this.podIP = this.pod.spec?.hostNetwork ? this.host.hostIP : this.host.allocateIP();
    this.flush();
    this.runNextInit();
  }

  /** Takes over a pod a previous kubelet (or emulator run) already started. */
  adopt(): void {
    const st = this.pod.status ?? {};
    this.phase = st.phase === 'Running' ? 'Running' : 'Pending';
    this.startTimeMs = Date.parse(st.startTime ?? '') || this.host.clock.now();
    this.podIP = st.podIP;
    if (this.podIP && !this.pod.spec?.hostNetwork) this.host.claimIP(this.podIP);
    for (const c of st.conditions ?? []) if (c.lastTransitionTime) this.transitions[c.type] = c.lastTransitionTime;
    const statuses = new Map<string, any>((st.containerStatuses ?? []).map((s: any) => [s.name, s]));
    if (this.phase !== 'Running' || this.containers.some((c) => !statuses.has(c.name))) {
      this.start();
      return;
    }
    this.nextInit = this.init.length;
    for (const c of this.init) c.state = 'terminated';
    for (const c of this.containers) {
      adoptContainerStatus(c, statuses.get(c.name));
      if (c.state === 'running') this.scheduleRunning(c);
      else this.afterExit(c);
    }
  }

  /** The pod object changed (e.g. deletionTimestamp set). */
  update(pod: KubeObject): void {
    this.pod = pod;
    if (pod.metadata.deletionTimestamp && !this.terminating) this.terminate();
  }

  /** Cancels every timer (kubelet stopped or pod gone). */
  stop(): void {
    if (!this.timers) return;
    for (const t of this.timers) t.cancel();
    this.timers.clear();
  }

  /** The pod left the API: free its IP. */
  forget(): void {
    this.stop();
    if (!this.pod.spec?.hostNetwork) this.host.releaseIP(this.podIP);
    this.finished = true;
  }

  refreshReadiness(): void {
    if (this.isTerminal || this.terminating) return;
    this.updateReadiness();
    this.flush();
  }

  private after(ms: number, fn: () => void): void {
    const t = this.host.clock.setTimeout(() => {
      this.timers?.delete(t);
      if (!this.finished) fn();
    }, ms);
    (this.timers ??= new Set()).add(t);
  }

  private runNextInit(): void {
    if (this.terminating) return;
    if (this.nextInit >= this.init.length) {
      for (const c of this.containers) c.waitingReason = 'ContainerCreating';
      this.startContainers(0);
      return;
    }
    const c = this.init[this.nextInit];
    this.ensureImage(c, () => this.run(c));
  }

  private startContainers(i: number): void {
    if (this.terminating) return;
    if (i >= this.containers.length) {
      this.phase = 'Running';
      this.updateReadiness();
      this.flush();
      return;
    }
    const c = this.containers[i];
    this.ensureImage(c, () => {
      this.run(c);
      this.startContainers(i + 1);
    });
  }

  private ensureImage(c: ContainerRun, then: () => void): void {
    const present = this.host.runtime.hasImage(c.image);
    if (present && c.imagePullPolicy !== 'Always') {
      this.host.events.event(this.pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, c);
      then();
      return;
    }
    if (c.imagePullPolicy === 'Never' && !present) {
      c.waitingReason = 'ErrImageNeverPull';
      c.waitingMessage = `Container image "${c.image}" is not present with pull policy of Never`;
      this.host.events.event(this.pod, 'Warning', 'ErrImageNeverPull', c.waitingMessage, c);
      this.flush();
      return;
    }
    this.host.events.event(this.pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, c);
    const timer = this.host.runtime.pull(c.image, (r) => {
      this.timers?.delete(timer);
      if (this.finished || this.terminating) return;
      this.host.events.event(this.pod, 'Normal', 'Pulled', `Successfully pulled image "${c.image}" in ${goDuration(r.pullMs)} (${goDuration(r.totalMs)} including waiting). Image size: ${r.info.sizeBytes} bytes.`, c);
      if (!present) this.host.imagesChanged();
      then();
    }, present);
    (this.timers ??= new Set()).add(timer);
  }

  /** Creates and starts a container process. */
  private run(c: ContainerRun): void {
    const now = this.host.clock.now();
    if (c.terminated) c.lastTerminated = c.terminated;
    if (c.containerID) c.restartCount++;
    c.containerID = this.host.runtime.newContainerId();
    c.imageID = this.host.runtime.imageId(c.image);
    c.state = 'running';
    c.startedAtMs = now;
    c.terminated = undefined;
    c.waitingMessage = undefined;
    c.ready = false;
    this.host.events.event(this.pod, 'Normal', 'Created', `Created container: ${c.name}`, c);
    this.host.events.event(this.pod, 'Normal', 'Started', `Started container ${c.name}`, c);
    this.scheduleRunning(c);
    if (c.restartCount > 0 || this.init.includes(c)) this.flush();
  }

  private scheduleRunning(c: ContainerRun): void {
    const now = this.host.clock.now();
    const started = c.startedAtMs ?? now;
    const exitAt = c.behaviour.exitAfterMs;
    if (exitAt !== undefined) this.after(Math.max(0, started + exitAt - now), () => this.exit(c, c.behaviour.exitCode));
    if (c.readinessDelayMs && started + c.readinessDelayMs > now) this.after(started + c.readinessDelayMs - now, () => this.refreshReadiness());
  }

  private exit(c: ContainerRun, code: number): void {
    const now = this.host.clock.now();
    c.state = 'terminated';
    c.ready = false;
    c.terminated = {
      exitCode: code,
      reason: code === 0 ? 'Completed' : 'Error',
      startedAt: isoTime(c.startedAtMs ?? now),
      finishedAt: isoTime(now),
      containerID: c.containerID ?? '',
    };
    this.afterExit(c);
  }

  private afterExit(c: ContainerRun): void {
    if (this.terminating) return;
    const code = c.terminated?.exitCode ?? 0;
    const isInit = this.init.includes(c);
    const policy = isInit ? (this.restartPolicy === 'Never' ? 'Never' : 'OnFailure') : this.restartPolicy;
    const restart = policy === 'Always' || (policy === 'OnFailure' && code !== 0);
    if (restart) {
      this.restartWithBackoff(c);
    } else if (isInit && code === 0) {
      this.nextInit++;
      this.flush();
      this.runNextInit();
      return;
    } else if (isInit) {
      this.finish('Failed');
      return;
    }
    if (!restart && this.containers.every((x) => x.state === 'terminated')) {
      this.finish(this.containers.every((x) => x.terminated?.exitCode === 0) ? 'Succeeded' : 'Failed');
      return;
    }
    this.updateReadiness();
    this.flush();
  }

  private restartWithBackoff(c: ContainerRun): void {
    // kubelet forgets a container's back-off once it ran longer than twice the cap.
    const ranMs = c.terminated ? Date.parse(c.terminated.finishedAt) - Date.parse(c.terminated.startedAt) : 0;
    if (ranMs >= 2 * BACKOFF_MAX_MS) c.backoffMs = 0;
    const delay = c.backoffMs;
    c.backoffMs = delay === 0 ? BACKOFF_INITIAL_MS : Math.min(BACKOFF_MAX_MS, delay * 2);
    const restart = () => this.ensureImage(c, () => this.run(c));
    if (delay === 0) {
      this.after(0, restart);
      return;
    }
    const { name, namespace, uid } = this.pod.metadata;
    const podRef = `${name}_${namespace}(${uid})`;
    c.state = 'waiting';
    c.waitingReason = 'CrashLoopBackOff';
    c.waitingMessage = `back-off ${delay / 1000}s restarting failed container=${c.name} pod=${podRef}`;
    c.lastTerminated = c.terminated;
    this.host.events.event(this.pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podRef}`, c);
    this.after(delay, restart);
  }

  private updateReadiness(): void {
    const now = this.host.clock.now();
    const override = this.host.readinessOverride(this.pod);
    for (const c of this.containers) {
      const probeOk = !c.readinessDelayMs || (c.startedAtMs ?? now) + c.readinessDelayMs <= now;
      c.ready = c.state === 'running' && probeOk && override !== false;
    }
  }

  private finish(phase: PodPhase): void {
    this.phase = phase;
    this.stop();
    this.flush();
  }

  /** Graceful termination: SIGTERM, wait (up to the grace period), then the final delete. */
  private terminate(): void {
    this.terminating = true;
    this.stop();
    const running = this.containers.filter((c) => c.state === 'running');
    if (running.length === 0 && this.phase === 'Pending') {
      this.host.deletePod(this.pod);
      return;
    }
    for (const c of running) this.host.events.event(this.pod, 'Normal', 'Killing', `Stopping container ${c.name}`, c);
    const grace = Number(this.pod.metadata.deletionGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    const stopMs = Math.min(grace, STOP_MS);
    // Within the grace period processes exit 0 on SIGTERM; at 0 s they are SIGKILLed (137).
    const code = grace <= 0 ? 137 : 0;
    this.after(stopMs, () => {
      for (const c of running) this.exit(c, code);
      if (!this.isTerminal) this.phase = this.containers.every((x) => (x.terminated?.exitCode ?? 0) === 0) ? 'Succeeded' : 'Failed';
      this.flush();
      this.host.deletePod(this.pod);
    });
  }

  private flush(): void {
    this.host.writeStatus(this.pod, this);
  }

  /** The status as of when its write goes out (StatusSource). */
  buildStatus(): Record<string, unknown> {
    return buildPodStatus(this, this.host.hostIP, this.host.clock.now());
  }
}

/** A duration as Go's time.Duration prints it, to the millisecond: "431ms", "1.204s". */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
}
