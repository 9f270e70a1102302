// The PodStatus a kubelet reports for a pod worker: phase, the five pod conditions with
// kubelet's reasons and messages, IPs, start time and container statuses.
import type { KubeObject } from '../../kube/object';
import { isoTime } from '../../kube/timestamp';
import { containerStatus, type ContainerRun } from './container-state';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** What the status is built from (a PodWorker). */
export interface PodStatusSource {
  pod: KubeObject;
  phase: PodPhase;
  podIP?: string;
  startTimeMs?: number;
  init: readonly ContainerRun[];
  containers: ContainerRun[];
  /** lastTransitionTime by condition type; updated here when a condition changes. */
  transitions: Record<string, string>;
}

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  lastProbeTime: null;
  lastTransitionTime: string;
}

/** The four conditions the kubelet owns, in the order it reports them. */
const OWNED = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'];

/** Names of the containers matching `pick`, joined as kubelet prints them ("[a b]"), or '' for none. */
function names(runs: readonly ContainerRun[], pick: (c: ContainerRun) => boolean): string {
  let out = '';
  for (const c of runs) if (pick(c)) out = out ? `${out} ${c.name}` : c.name;
  return out;
}

// Built with plain loops and no intermediate arrays, maps or spreads: it runs for every status
// write of every pod (0.30 s per 15,000 pods before).
export function buildPodStatus(src: PodStatusSource, hostIP: string, now: number): Record<string, unknown> {
  const terminal = src.phase === 'Succeeded' || src.phase === 'Failed';
  const initPending = names(src.init, (c) => !(c.state === 'terminated' && c.terminated?.exitCode === 0));
  const unready = names(src.containers, (c) => !c.ready);
  const stamp = isoTime(now);
  const previous: any[] = src.pod.status?.conditions ?? [];
  const condition = (type: string, status: 'True' | 'False', reason?: string, message?: string): Condition => {
    const prev: any = lastOfType(previous, type);
    if (!prev || prev.status !== status) src.transitions[type] = stamp;
    else src.transitions[type] ??= prev.lastTransitionTime ?? stamp;
    // Keys in the order the API has always shown them: type, status, reason, message, times.
    const c = { type, status } as Condition;
    if (reason !== undefined) c.reason = reason;
    if (message !== undefined) c.message = message;
    c.lastProbeTime = null;
    c.lastTransitionTime = src.transitions[type];
    return c;
  };
  const ready = (type: string): Condition => {
    if (src.phase === 'Succeeded') return condition(type, 'False', 'PodCompleted');
    if (!unready) return condition(type, 'True');
    return condition(type, 'False', 'ContainersNotReady', `containers with unready status: [${unready}]`);
  };
  const out: unknown[] = [
    condition('PodReadyToStartContainers', src.podIP && !terminal ? 'True' : 'False'),
    !initPending || src.phase === 'Succeeded'
      ? condition('Initialized', 'True')
      : condition('Initialized', 'False', 'ContainersNotInitialized', `containers with incomplete status: [${initPending}]`),
    ready('Ready'),
    ready('ContainersReady'),
  ];
  // Conditions other components own (PodScheduled, DisruptionTarget) are kept as they are.
  let scheduled = false;
  const kept = out.length;
  for (const p of previous) {
    if (OWNED.includes(p.type)) continue;
    // A repeated type counts once, where it first appeared, with its last value.
    let seen = false;
    for (let i = kept; i < out.length; i++) if ((out[i] as Condition).type === p.type) seen = true;
    if (seen) continue;
    out.push(lastOfType(previous, p.type));
    if (p.type === 'PodScheduled') scheduled = true;
  }
  // A pod created with spec.nodeName skipped the scheduler; the kubelet still reports it scheduled.
  if (!scheduled) out.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: isoTime(src.startTimeMs ?? now) });
  const status: Record<string, unknown> = {
    phase: src.phase,
    conditions: out,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    startTime: isoTime(src.startTimeMs ?? now),
    containerStatuses: src.containers.map(containerStatus),
  };
  if (src.podIP) {
    status.podIP = src.podIP;
    status.podIPs = [{ ip: src.podIP }];
  }
  if (src.init.length > 0) status.initContainerStatuses = src.init.map(containerStatus);
  return status;
}

/** The last condition of `type` (a Map built from the list kept the last one). */
function lastOfType(conditions: any[], type: string): unknown {
  let last: unknown;
  for (const c of conditions) if (c.type === type) last = c;
  return last;
}
