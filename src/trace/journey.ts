// A pod's journey across components, as the seed tells it: submitted to kube-apiserver and
// stored in etcd, kube-scheduler's attempts, the binding, the kubelet on the node, the
// container runtime pulling, creating and starting containers, then Ready. Built from the
// full Pod JSON, its Events and the scheduler's attempt records; every input is untrusted, so
// what is missing is skipped and nothing is invented. While the pod is still on its way, one
// `waiting` step says what it waits for.
import type { JourneyStep } from '../../webview/protocol/trace-messages.js';
import { fields, list, num, text, timeMs, type Fields } from './api-fields.js';
import { normalizeEvent, type PodEvent } from './pod-events.js';

export interface PodJourneyInput {
  /** The Pod as the API serves it. */
  pod: unknown;
  /** Events about the pod, core/v1 or events.k8s.io/v1. */
  events?: readonly unknown[];
  /** The scheduler's attempt records for the pod (SchedulingTrace, i.e. the objects' status). */
  traces?: readonly unknown[];
  /** Clock time, for how long a waiting step has waited. */
  now: number;
  /** Clock time the pod was seen deleted, when it was. */
  deletedAt?: number;
}

/** Where a step falls when times tie (event times have whole seconds only). */
const Rank = {
  submitted: 0,
  scheduler: 1,
  bound: 2,
  admitted: 3,
  initialized: 4,
  pulling: 5,
  pulled: 6,
  created: 7,
  started: 8,
  containersReady: 9,
  ready: 10,
  other: 11,
  terminal: 12,
  waiting: 99,
} as const;

interface Draft {
  step: JourneyStep;
  rank: number;
  ms?: number;
}

const SCHEDULER_REASONS = new Set(['Scheduled', 'FailedScheduling']);
const RUNTIME_REASONS: Record<string, number> = { Pulling: Rank.pulling, Pulled: Rank.pulled, Created: Rank.created, Started: Rank.started };
const RUNTIME_FAILURES = new Set(['Failed', 'ErrImagePull', 'ImagePullBackOff', 'InspectFailed', 'ErrImageNeverPull']);
const FAILED_WAITING = new Set(['ErrImagePull', 'ImagePullBackOff', 'CrashLoopBackOff', 'CreateContainerConfigError', 'CreateContainerError', 'InvalidImageName', 'RunContainerError']);

export function podJourney(input: PodJourneyInput): JourneyStep[] {
  const pod = fields(input.pod);
  const meta = fields(pod.metadata);
  const spec = fields(pod.spec);
  const status = fields(pod.status);
  const uid = text(meta.uid);
  const nodeName = text(spec.nodeName);
  const conditions = new Map<string, Fields>();
  for (const c of list(status.conditions)) {
    const cf = fields(c);
    const type = text(cf.type);
    if (type) conditions.set(type, cf);
  }
  const events: PodEvent[] = [];
  for (const raw of input.events ?? []) {
    const e = normalizeEvent(raw);
    // Events of an earlier pod of the same name are not this pod's.
    if (e && !(uid && e.objectUID && e.objectUID !== uid)) events.push(e);
  }
  const drafts: Draft[] = [];
  const add = (rank: number, step: JourneyStep): void => {
    const ms = timeMs(step.time);
    // A time that does not parse is no time at all.
    if (ms === undefined) delete step.time;
    drafts.push({ step, rank, ms });
  };

  const staticPod = isStaticPod(input.pod);
  const created = timeMs(meta.creationTimestamp) === undefined ? undefined : text(meta.creationTimestamp);
  const submitted = staticPod
    ? `Static pod: the kubelet on ${nodeName ?? 'its node'} runs it from a manifest file and mirrored it to kube-apiserver, stored in etcd`
    : 'Submitted to kube-apiserver, stored in etcd';
  if (created) add(Rank.submitted, { id: 'submitted', component: 'kube-apiserver', title: 'Submitted', detail: submitted, time: created, status: 'done' });

  const scheduledEvent = events.find((e) => e.reason === 'Scheduled');
  const attempts = schedulerAttempts(input.traces ?? [], uid);
  if (attempts.length > 0) addAttempts(attempts, scheduledEvent, add);
  else addSchedulerEvents(events, add);

  if (nodeName) {
    const cond = conditions.get('PodScheduled');
    const time = text(cond?.status) === 'True' ? text(cond?.lastTransitionTime) : undefined;
    const detail = staticPod ? `Assigned to ${nodeName} by its manifest; kube-scheduler does not place static pods` : `Binding stored: the pod is assigned to ${nodeName}`;
    add(Rank.bound, { id: 'bound', component: 'kube-apiserver', title: 'Bound', detail, ...(time ? { time } : {}), status: 'done', nodeName });
  }
  const startTime = text(status.startTime);
  if (nodeName && startTime) add(Rank.admitted, { id: 'admitted', component: 'kubelet', title: 'Admitted', detail: `kubelet on ${nodeName} admitted the pod`, time: startTime, status: 'done', nodeName });

  for (const e of events) {
    if (SCHEDULER_REASONS.has(e.reason)) continue;
    add(RUNTIME_REASONS[e.reason] ?? Rank.other, eventStep(e, nodeName));
  }
  addContainerStates(status, events, nodeName, add);
  const conditionSteps: Array<[string, number, string]> = [
    ['Initialized', Rank.initialized, list(spec.initContainers).length ? 'Init containers completed' : 'No init containers to run'],
    ['ContainersReady', Rank.containersReady, 'Every container is ready'],
    ['Ready', Rank.ready, 'The pod is ready to serve'],
  ];
  for (const [type, rank, detail] of conditionSteps) {
    const c = conditions.get(type);
    if (text(c?.status) !== 'True') continue;
    const time = text(c?.lastTransitionTime);
    add(rank, { id: `condition-${type}`, component: 'kubelet', title: type, detail, ...(time ? { time } : {}), status: 'done', ...(nodeName ? { nodeName } : {}) });
  }
  addEnding(meta, status, nodeName, input.deletedAt, add);

  const steps = order(drafts);
  const waiting = waitingStep({ pod, spec, status, conditions, nodeName, attempts, events, now: input.now, last: steps, deleted: input.deletedAt !== undefined });
  if (waiting) steps.push(waiting);
  return steps;
}

/** A mirror pod: the API's copy of a static pod a kubelet runs from a file (kubeadm's control plane). */
export function isStaticPod(pod: unknown): boolean {
  const meta = fields(fields(pod).metadata);
  if (text(fields(meta.annotations)['kubernetes.io/config.mirror'])) return true;
  return list(meta.ownerReferences).some((o) => fields(o).kind === 'Node' && fields(o).controller === true);
}

interface Attempt {
  attempt: number;
  outcome: string;
  time?: string;
  nodeName?: string;
  message?: string;
}

function schedulerAttempts(traces: readonly unknown[], uid: string | undefined): Attempt[] {
  const byNumber = new Map<number, Attempt>();
  for (const raw of traces) {
    const t = fields(raw);
    const attempt = num(t.attempt);
    const outcome = text(t.outcome);
    if (attempt === undefined || !outcome) continue;
    const podUID = text(fields(t.pod).uid);
    if (uid && podUID && podUID !== uid) continue;
    const a: Attempt = { attempt, outcome };
    const time = text(t.startTime);
    if (time && timeMs(time) !== undefined) a.time = time;
    const node = text(t.nodeName);
    if (node) a.nodeName = node;
    const message = text(t.message);
    if (message) a.message = message;
    byNumber.set(attempt, a);
  }
  return [...byNumber.values()].sort((a, b) => a.attempt - b.attempt);
}

/** One step per attempt, with consecutive failures of the same message folded into one counted step. */
function addAttempts(attempts: Attempt[], scheduledEvent: PodEvent | undefined, add: (rank: number, step: JourneyStep) => void): void {
  for (let i = 0; i < attempts.length; i++) {
    const a = attempts[i];
    if (a.outcome === 'Scheduled') {
      const detail = scheduledEvent?.message || (a.nodeName ? `Assigned to ${a.nodeName}` : undefined);
      add(Rank.scheduler, { id: `attempt-${a.attempt}`, component: 'kube-scheduler', title: 'Scheduled', ...(detail ? { detail } : {}), ...(a.time ? { time: a.time } : {}), status: 'done', ...(a.nodeName ? { nodeName: a.nodeName } : {}), attempt: a.attempt });
      continue;
    }
    let j = i;
    while (j + 1 < attempts.length && attempts[j + 1].outcome !== 'Scheduled' && attempts[j + 1].message === a.message) j++;
    const n = j - i + 1;
    const step: JourneyStep = { id: `attempt-${a.attempt}`, component: 'kube-scheduler', title: 'FailedScheduling', status: 'failed', attempt: attempts[j].attempt };
    if (a.message) step.detail = a.message;
    if (a.time) step.time = a.time;
    if (n > 1) step.count = n;
    add(Rank.scheduler, step);
    i = j;
  }
}

function addSchedulerEvents(events: PodEvent[], add: (rank: number, step: JourneyStep) => void): void {
  for (const e of events) {
    if (!SCHEDULER_REASONS.has(e.reason)) continue;
    const step: JourneyStep = { id: `event-${e.name}`, component: 'kube-scheduler', title: e.reason, detail: e.message, status: e.reason === 'Scheduled' ? 'done' : 'failed' };
    if (e.firstTime) step.time = e.firstTime;
    if (e.count > 1) step.count = e.count;
    const to = e.reason === 'Scheduled' ? /\bto (\S+)$/.exec(e.message) : null;
    if (to) step.nodeName = to[1];
    add(Rank.scheduler, step);
  }
}

/** The seed's component names: the event's reporter, or who does the work it reports. */
function componentOf(e: PodEvent): string {
  const r = e.reporter;
  if (r === 'default-scheduler' || /scheduler/.test(r)) return 'kube-scheduler';
  if (r === 'kubelet' || r === '') return e.reason in RUNTIME_REASONS || RUNTIME_FAILURES.has(e.reason) ? 'container runtime' : 'kubelet';
  if (/controller/.test(r)) return 'kube-controller-manager';
  return r;
}

function eventStep(e: PodEvent, nodeName: string | undefined): JourneyStep {
  const component = componentOf(e);
  // Preemption is a Normal event for the scheduler, and the end of the road for its victim.
  const failed = e.type === 'Warning' || e.reason === 'Preempted';
  const step: JourneyStep = { id: `event-${e.name}`, component, title: e.reason, detail: e.message, status: failed ? 'failed' : 'done' };
  if (e.firstTime) step.time = e.firstTime;
  if (e.count > 1) {
    step.count = e.count;
    if (e.lastTime && e.lastTime !== e.firstTime) step.detail = `${e.message} (${e.count} times, last at ${e.lastTime})`;
  }
  if (nodeName && (component === 'kubelet' || component === 'container runtime')) step.nodeName = nodeName;
  return step;
}

/** Containers seen started or terminated in the status, when no event told it (events expire). */
function addContainerStates(status: Fields, events: PodEvent[], nodeName: string | undefined, add: (rank: number, step: JourneyStep) => void): void {
  const startedByEvent = new Set<string>();
  for (const e of events) {
    const m = e.reason === 'Started' ? /^Started container:? (\S+)/.exec(e.message) : null;
    if (m) startedByEvent.add(m[1]);
  }
  const on = nodeName ? { nodeName } : {};
  for (const raw of [...list(status.initContainerStatuses), ...list(status.containerStatuses)]) {
    const c = fields(raw);
    const name = text(c.name);
    if (!name) continue;
    const state = fields(c.state);
    const startedAt = text(fields(state.running).startedAt) ?? text(fields(state.terminated).startedAt);
    if (startedAt && !startedByEvent.has(name)) add(Rank.started, { id: `container-${name}-started`, component: 'container runtime', title: 'Started', detail: `Container ${name} started`, time: startedAt, status: 'done', ...on });
    for (const [key, which] of [['lastState', 'last-terminated'], ['state', 'terminated']] as const) {
      const term = fields(fields(c[key]).terminated);
      if (Object.keys(term).length === 0) continue;
      const exitCode = num(term.exitCode);
      const reason = text(term.reason) ?? 'Terminated';
      const finishedAt = text(term.finishedAt);
      const detail = `Container ${name} ${exitCode === undefined ? 'terminated' : `exited with code ${exitCode}`}${text(term.message) ? `: ${text(term.message)}` : ''}`;
      add(Rank.other, { id: `container-${name}-${which}`, component: 'container runtime', title: reason, detail, ...(finishedAt ? { time: finishedAt } : {}), status: exitCode === 0 ? 'done' : 'failed', ...on });
    }
  }
}

function addEnding(meta: Fields, status: Fields, nodeName: string | undefined, deletedAt: number | undefined, add: (rank: number, step: JourneyStep) => void): void {
  const phase = text(status.phase);
  if (phase === 'Succeeded' || phase === 'Failed') {
    const why = [text(status.reason), text(status.message)].filter(Boolean).join(': ');
    // The pod ended when its last container did, when the status says.
    let ended: number | undefined;
    for (const c of [...list(status.initContainerStatuses), ...list(status.containerStatuses)]) {
      const t = timeMs(fields(fields(fields(c).state).terminated).finishedAt);
      if (t !== undefined && (ended === undefined || t > ended)) ended = t;
    }
    add(Rank.terminal, {
      id: `phase-${phase}`,
      component: 'kubelet',
      title: phase,
      detail: why || (phase === 'Succeeded' ? 'Every container exited successfully' : 'The pod failed'),
      ...(ended !== undefined ? { time: new Date(ended).toISOString() } : {}),
      status: phase === 'Succeeded' ? 'done' : 'failed',
      ...(nodeName ? { nodeName } : {}),
    });
  }
  const deletion = timeMs(meta.deletionTimestamp);
  if (deletion !== undefined) {
    // kube-apiserver sets deletionTimestamp to the request time plus the grace period.
    const grace = num(meta.deletionGracePeriodSeconds) ?? 0;
    add(Rank.terminal, { id: 'terminating', component: 'kube-apiserver', title: 'Terminating', detail: `Deletion requested with a grace period of ${grace} s`, time: new Date(deletion - grace * 1000).toISOString(), status: 'done' });
  }
  if (deletedAt !== undefined) add(Rank.terminal, { id: 'deleted', component: 'kube-apiserver', title: 'Deleted', detail: 'Removed from etcd', time: new Date(deletedAt).toISOString(), status: 'done' });
}

/**
 * Time order, with whole seconds first: event and condition times have no fraction while the
 * scheduler's have milliseconds, so within one second the components' order decides.
 */
function order(drafts: Draft[]): JourneyStep[] {
  const timed = drafts.filter((d) => d.ms !== undefined);
  const untimed = drafts.filter((d) => d.ms === undefined);
  timed.sort((a, b) => Math.floor(a.ms! / 1000) - Math.floor(b.ms! / 1000) || a.rank - b.rank || a.ms! - b.ms!);
  // A step without a time goes after the last step of an earlier or equal stage.
  const out = timed.slice();
  for (const d of untimed) {
    let at = out.length;
    while (at > 0 && out[at - 1].rank > d.rank) at--;
    out.splice(at, 0, d);
  }
  let previous: number | undefined;
  for (const d of out) {
    if (d.ms === undefined) continue;
    if (previous !== undefined && d.ms >= previous) d.step.sincePreviousMs = d.ms - previous;
    previous = d.ms;
  }
  return out.map((d) => d.step);
}

interface WaitingInput {
  pod: Fields;
  spec: Fields;
  status: Fields;
  conditions: Map<string, Fields>;
  nodeName?: string;
  attempts: Attempt[];
  events: PodEvent[];
  now: number;
  last: JourneyStep[];
  deleted: boolean;
}

/** What the pod waits for next, while it is on its way (Pending, or Running but not Ready). */
function waitingStep(w: WaitingInput): JourneyStep | undefined {
  const phase = text(w.status.phase);
  if (w.deleted || phase === 'Succeeded' || phase === 'Failed' || text(fields(w.pod.metadata).deletionTimestamp)) return undefined;
  // Waiting for a node counts from submission; later waits from the last thing that happened.
  const lastTime = [...w.last].reverse().find((s) => s.time !== undefined)?.time;
  const since = w.nodeName ? timeMs(lastTime) : (timeMs(fields(w.pod.metadata).creationTimestamp) ?? timeMs(lastTime));
  const waited = since !== undefined ? w.now - since : undefined;
  const forHowLong = waited !== undefined && waited >= 1000 ? ` (${Math.floor(waited / 1000)} s so far)` : '';
  const on = w.nodeName ? { nodeName: w.nodeName } : {};
  if (!w.nodeName) {
    const gates = list(w.spec.schedulingGates).map((g) => text(fields(g).name)).filter((g): g is string => !!g);
    if (gates.length) return { id: 'waiting', component: 'kube-scheduler', title: 'Waiting for scheduling gates', detail: `kube-scheduler holds the pod until these gates are removed: ${gates.join(', ')}${forHowLong}`, status: 'waiting' };
    const scheduler = text(w.spec.schedulerName) ?? 'default-scheduler';
    const name = scheduler === 'default-scheduler' ? 'kube-scheduler' : `scheduler ${scheduler}`;
    const nominated = text(w.status.nominatedNodeName);
    const failed = w.attempts.length ? w.attempts[w.attempts.length - 1].outcome !== 'Scheduled' : w.events.some((e) => e.reason === 'FailedScheduling');
    let detail = failed ? `No node fits yet; ${name} tries again when nodes or pods change` : `The pod has no node yet`;
    if (nominated) detail = `Preemption nominated ${nominated}; waiting for the victims to leave`;
    return { id: 'waiting', component: 'kube-scheduler', title: `Waiting for ${name}`, detail: detail + forHowLong, status: failed ? 'in-progress' : 'waiting' };
  }
  if (!text(w.status.startTime)) return { id: 'waiting', component: 'kubelet', title: `Waiting for kubelet on ${w.nodeName}`, detail: `The kubelet has not admitted the pod yet${forHowLong}`, status: 'waiting', ...on };
  const statuses = [...list(w.status.initContainerStatuses), ...list(w.status.containerStatuses)].map(fields);
  for (const c of statuses) {
    const waiting = fields(fields(c.state).waiting);
    const reason = text(waiting.reason);
    if (!reason) continue;
    const message = text(waiting.message);
    return {
      id: 'waiting',
      component: reason === 'CrashLoopBackOff' ? 'kubelet' : 'container runtime',
      title: `Waiting for container ${text(c.name) ?? ''}`.trim(),
      detail: `${reason}${message ? `: ${message}` : ''}${forHowLong}`,
      status: FAILED_WAITING.has(reason) ? 'failed' : 'waiting',
      ...on,
    };
  }
  if (text(w.conditions.get('Ready')?.status) === 'True') return undefined;
  if (phase === 'Pending') return { id: 'waiting', component: 'container runtime', title: 'Waiting for containers to start', detail: `The pod is Pending on ${w.nodeName}${forHowLong}`, status: 'waiting', ...on };
  const why = text(w.conditions.get('Ready')?.message);
  return { id: 'waiting', component: 'kubelet', title: 'Waiting for Ready', detail: `${why ?? 'Readiness not reported yet'}${forHowLong}`, status: 'waiting', ...on };
}
