// `kubectl get pods`: READY, the STATUS kubectl users know (ContainerCreating, CrashLoopBackOff,
// Init:0/1, Completed, Terminating, ...) and RESTARTS with "(5m ago)", computed as kube-apiserver's
// pod printer does.
import { humanTimeSince } from '../../../kube/duration';
import type { KubeObject } from '../../../kube/object';
import { age, ageColumn, column, list, nameColumn, wide, type Printer, type TableRowCondition } from './printer';

const CORE = 'io.k8s.api.core.v1.';

// The reason the node lifecycle controller gives pods on an unreachable node.
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

const podSucceeded: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
const podFailed: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

function isRestartableInit(container: any): boolean {
  return container?.restartPolicy === 'Always';
}

function conditionTrue(status: any, type: string): boolean {
  const c = list(status?.conditions).find((x: any) => x?.type === type);
  return c?.status === 'True';
}

/** The later of two RFC 3339 times (either may be absent). */
function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

/** READY, STATUS and RESTARTS of a pod. */
export function summarizePod(pod: KubeObject, now: number): PodSummary {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initSpecs = list(spec.initContainers);
  const initStatuses = list(status.initContainerStatuses);
  const statuses = list(status.containerStatuses);
  let restarts = 0;
  let restartableInitRestarts = 0;
  let total = Array.isArray(spec.containers) ? spec.containers.length : 0;
  let ready = 0;
  let lastRestart: string | undefined;
  let lastRestartableInitRestart: string | undefined;

  const phase: string = status.phase ?? '';
  let reason: string = status.reason || phase;
  for (const c of list(status.conditions)) {
    if (c?.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initByName = new Map<string, any>();
  for (const c of initSpecs) {
    initByName.set(c?.name, c);
    if (isRestartableInit(c)) total++;
  }

  let initializing = false;
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i] ?? {};
    const state = c.state ?? {};
    restarts += c.restartCount ?? 0;
    const finishedAt = c.lastState?.terminated?.finishedAt;
    if (c.lastState?.terminated) lastRestart = later(lastRestart, finishedAt);
    const restartable = isRestartableInit(initByName.get(c.name));
    if (restartable) {
      restartableInitRestarts += c.restartCount ?? 0;
      if (c.lastState?.terminated) lastRestartableInitRestart = later(lastRestartableInitRestart, finishedAt);
    }
    if (state.terminated && (state.terminated.exitCode ?? 0) === 0) continue;
    if (restartable && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (state.terminated) {
      const t = state.terminated;
      reason = t.reason ? `Init:${t.reason}` : t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode ?? 0}`;
    } else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status, 'Initialized')) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    // Walked backwards so the first container's state wins, as kubectl shows it.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i] ?? {};
      const state = c.state ?? {};
      restarts += c.restartCount ?? 0;
      if (c.lastState?.terminated) lastRestart = later(lastRestart, c.lastState.terminated.finishedAt);
      if (state.waiting?.reason) reason = state.waiting.reason;
      else if (state.terminated?.reason) reason = state.terminated.reason;
      else if (state.terminated) reason = state.terminated.signal ? `Signal:${state.terminated.signal}` : `ExitCode:${state.terminated.exitCode ?? 0}`;
      else if (c.ready && state.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(status, 'Ready') ? 'Running' : 'NotReady';
  }

  const deleting = Boolean(pod.metadata?.deletionTimestamp);
  if (deleting && status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  const restartsText = restarts !== 0 && lastRestart ? `${restarts} (${humanTimeSince(lastRestart, now)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsText };
}

export const podPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    ageColumn(),
    column('IP', 'string', `${CORE}PodStatus#podIP`, wide),
    column('Node', 'string', `${CORE}PodSpec#nodeName`, wide),
    column('Nominated Node', 'string', `${CORE}PodStatus#nominatedNodeName`, wide),
    column('Readiness Gates', 'string', `${CORE}PodSpec#readinessGates`, wide),
  ],
  row(pod, now) {
    const { ready, status, restarts } = summarizePod(pod, now);
    const spec = pod.spec ?? {};
    const podStatus = pod.status ?? {};
    const ip: string = podStatus.podIPs?.[0]?.ip || '<none>';
    let gates = '<none>';
    const readinessGates = list(spec.readinessGates);
    if (readinessGates.length) {
      const trueCount = readinessGates.filter((g) => conditionTrue(podStatus, g?.conditionType)).length;
      gates = `${trueCount}/${readinessGates.length}`;
    }
    const row = {
      cells: [pod.metadata?.name ?? '', ready, status, restarts, age(pod, now), ip, spec.nodeName || '<none>', podStatus.nominatedNodeName || '<none>', gates],
    };
    const phase = podStatus.phase;
    return phase === 'Succeeded' ? { ...row, conditions: podSucceeded } : phase === 'Failed' ? { ...row, conditions: podFailed } : row;
  },
};
