// The PodStatus a kubelet reports for a pod worker: phase, the five pod conditions with
// kubelet's reasons and messages, IPs, start time and container statuses.
import type { KubeObject } from '../../kube/object';
import { containerStatus, isoTime, type ContainerRun } from './container-state';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** What the status is built from (a PodWorker). */
export interface PodStatusSource {
  pod: KubeObject;
  phase: PodPhase;
  podIP?: string;
  startTimeMs?: number;
  init: ContainerRun[];
  containers: ContainerRun[];
  /** lastTransitionTime by condition type; updated here when a condition changes. */
  transitions: Record<string, string>;
}

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

export function buildPodStatus(src: PodStatusSource, hostIP: string, now: number): Record<string, unknown> {
  const terminal = src.phase === 'Succeeded' || src.phase === 'Failed';
  const initPending = src.init.filter((c) => !(c.state === 'terminated' && c.terminated?.exitCode === 0)).map((c) => c.name);
  const unready = src.containers.filter((c) => !c.ready).map((c) => c.name);
  const readyCondition = (type: string): Condition => {
    if (src.phase === 'Succeeded') return { type, status: 'False', reason: 'PodCompleted' };
    if (unready.length === 0) return { type, status: 'True' };
    return { type, status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
  };
  const conditions: Condition[] = [
    { type: 'PodReadyToStartContainers', status: src.podIP && !terminal ? 'True' : 'False' },
    initPending.length === 0 || src.phase === 'Succeeded'
      ? { type: 'Initialized', status: 'True' }
      : { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${initPending.join(' ')}]` },
    readyCondition('Ready'),
    readyCondition('ContainersReady'),
  ];
  const stamp = isoTime(now);
  const previous = new Map<string, any>((src.pod.status?.conditions ?? []).map((c: any) => [c.type, c]));
  const out: unknown[] = conditions.map((c) => {
    const prev = previous.get(c.type);
    if (!prev || prev.status !== c.status) src.transitions[c.type] = stamp;
    else src.transitions[c.type] ??= prev.lastTransitionTime ?? stamp;
    return { ...c, lastProbeTime: null, lastTransitionTime: src.transitions[c.type] };
  });
  // Conditions other components own (PodScheduled, DisruptionTarget) are kept as they are.
  const owned = new Set(conditions.map((c) => c.type));
  for (const [type, c] of previous) if (!owned.has(type)) out.push(c);
  // A pod created with spec.nodeName skipped the scheduler; the kubelet still reports it scheduled.
  if (!previous.has('PodScheduled')) out.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: isoTime(src.startTimeMs ?? now) });
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
