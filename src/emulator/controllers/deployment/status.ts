// Deployment status as the deployment controller computes it: counts summed over its
// ReplicaSets and the Available/Progressing conditions with upstream reasons and messages,
// which `kubectl rollout status` reads.
import type { KubeObject } from '../../../kube/object';
import { timestamp } from '../controller-ref';
import { replicasOf, statusCount, surgeAndUnavailable } from './rolling';

export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export type DeploymentStatus = Record<string, unknown> & { conditions?: DeploymentCondition[] };

export const MAX_INT32 = 2147483647;

export function conditionOf(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** SetDeploymentCondition: same status and reason keeps the old one; same status keeps the transition time. */
export function setCondition(status: DeploymentStatus, c: Omit<DeploymentCondition, 'lastUpdateTime' | 'lastTransitionTime'>, now: number): void {
  const conditions = status.conditions ?? [];
  const current = conditions.find((x) => x.type === c.type);
  if (current && current.status === c.status && current.reason === c.reason) return;
  const at = timestamp(now);
  const next: DeploymentCondition = { ...c, lastUpdateTime: at, lastTransitionTime: current && current.status === c.status ? current.lastTransitionTime : at };
  status.conditions = [...conditions.filter((x) => x.type !== c.type), next];
}

/** calculateStatus: counts plus the Available condition. */
export function calculateStatus(d: KubeObject, allSets: KubeObject[], newRS: KubeObject | undefined, now: number): DeploymentStatus {
  const available = statusCount(allSets, 'availableReplicas');
  const total = allSets.reduce((n, rs) => n + ((rs.spec?.replicas as number | undefined) ?? 0), 0);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: statusCount(allSets, 'replicas'),
    updatedReplicas: newRS ? statusCount([newRS], 'replicas') : 0,
    readyReplicas: statusCount(allSets, 'readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    conditions: structuredClone((d.status?.conditions as DeploymentCondition[] | undefined) ?? []),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  const [, maxUnavailable] = surgeAndUnavailable(d);
  if (available >= replicasOf(d) - maxUnavailable) {
    setCondition(status, { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }, now);
  } else {
    setCondition(status, { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }, now);
  }
  // A ReplicaSet that cannot create pods (quota, admission) surfaces on the Deployment.
  const failure = [newRS, ...allSets].map((rs) => (rs?.status?.conditions as DeploymentCondition[] | undefined)?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True')).find(Boolean);
  if (failure) setCondition(status, { type: 'ReplicaFailure', status: 'True', reason: failure.reason, message: failure.message }, now);
  else status.conditions = status.conditions?.filter((c) => c.type !== 'ReplicaFailure');
  return status;
}

export function deploymentComplete(d: KubeObject, s: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return s.updatedReplicas === r && s.replicas === r && s.availableReplicas === r && ((s.observedGeneration as number | undefined) ?? 0) >= (d.metadata.generation ?? 0);
}

function deploymentProgressing(d: KubeObject, s: DeploymentStatus): boolean {
  const old = (d.status ?? {}) as Record<string, number | undefined>;
  const n = s as Record<string, number | undefined>;
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (n.replicas ?? 0) - (n.updatedReplicas ?? 0);
  return (n.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld || (n.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (n.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

export function progressDeadlineSeconds(d: KubeObject): number | undefined {
  const s = (d.spec?.progressDeadlineSeconds as number | undefined) ?? 600;
  return s === MAX_INT32 ? undefined : s;
}

/** syncRolloutStatus's Progressing condition; returns ms until the deadline check is due. */
export function updateProgressing(d: KubeObject, s: DeploymentStatus, newRS: KubeObject | undefined, now: number): number | undefined {
  const deadline = progressDeadlineSeconds(d);
  if (deadline === undefined) return undefined;
  const current = conditionOf(s, 'Progressing');
  const complete = s.replicas === s.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
  if (complete) return undefined;
  const rsName = newRS?.metadata.name;
  if (deploymentComplete(d, s)) {
    setCondition(s, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.` }, now);
    return undefined;
  }
  if (deploymentProgressing(d, s)) {
    const message = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
    // A progressing rollout refreshes lastUpdateTime every time: the deadline counts from the last progress.
    const at = timestamp(now);
    const keepTransition = current?.status === 'True' ? current.lastTransitionTime : at;
    s.conditions = [...(s.conditions ?? []).filter((c) => c.type !== 'Progressing'), { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message, lastUpdateTime: at, lastTransitionTime: keepTransition }];
    return deadline * 1000;
  }
  const since = current?.lastUpdateTime ? Date.parse(current.lastUpdateTime) : now;
  if (current && current.reason !== 'ProgressDeadlineExceeded' && since + deadline * 1000 <= now) {
    setCondition(s, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.` }, now);
    return undefined;
  }
  return current?.reason === 'ProgressDeadlineExceeded' ? undefined : Math.max(1000, since + deadline * 1000 - now);
}
