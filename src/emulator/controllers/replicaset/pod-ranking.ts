// Which pods a ReplicaSet deletes first when it scales down (controller.ActivePods ordering):
// unassigned before assigned, Pending before Running, not ready before ready, ready for a
// shorter time first, more restarts first, newer first.
import type { KubeObject } from '../../../kube/object';
import { isPodReady, podPhase } from '../controller-ref';

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function readySince(pod: KubeObject): number {
  const c = (pod.status?.conditions as { type: string; lastTransitionTime?: string }[] | undefined)?.find((x) => x.type === 'Ready');
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0;
}

function restarts(pod: KubeObject): number {
  const statuses = (pod.status?.containerStatuses as { restartCount?: number }[] | undefined) ?? [];
  return statuses.reduce((max, s) => Math.max(max, s.restartCount ?? 0), 0);
}

/** Negative when `a` should be deleted before `b`. */
export function compareForDeletion(a: KubeObject, b: KubeObject): number {
  const assignedA = a.spec?.nodeName ? 1 : 0;
  const assignedB = b.spec?.nodeName ? 1 : 0;
  if (assignedA !== assignedB) return assignedA - assignedB;
  const phaseA = PHASE_RANK[podPhase(a)] ?? 0;
  const phaseB = PHASE_RANK[podPhase(b)] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  const readyA = isPodReady(a) ? 1 : 0;
  const readyB = isPodReady(b) ? 1 : 0;
  if (readyA !== readyB) return readyA - readyB;
  if (readyA && readyB) {
    const sinceA = readySince(a);
    const sinceB = readySince(b);
    if (sinceA !== sinceB) return sinceB - sinceA;
  }
  const restartsA = restarts(a);
  const restartsB = restarts(b);
  if (restartsA !== restartsB) return restartsB - restartsA;
  const createdA = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const createdB = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  return createdB - createdA;
}
