// The arithmetic of a rolling update (deploymentutil): maxSurge and maxUnavailable resolved
// against replicas, how far the new ReplicaSet may grow, how far old ones may shrink.
import type { KubeObject } from '../../../kube/object';

type IntOrString = number | string | undefined;

function resolve(value: IntOrString, total: number, roundUp: boolean, fallback: string): number {
  const v = value ?? fallback;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number(v) || 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export function replicasOf(obj: KubeObject | undefined): number {
  return (obj?.spec?.replicas as number | undefined) ?? (obj ? 1 : 0);
}

export function isRollingUpdate(d: KubeObject): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** [maxSurge, maxUnavailable]; both zero would stall, so unavailable becomes 1. */
export function surgeAndUnavailable(d: KubeObject): [number, number] {
  if (!isRollingUpdate(d)) return [0, 0];
  const replicas = replicasOf(d);
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const surge = resolve(ru.maxSurge, replicas, true, '25%');
  let unavailable = resolve(ru.maxUnavailable, replicas, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, Math.min(unavailable, replicas)];
}

export const specReplicas = (sets: KubeObject[]): number => sets.reduce((n, rs) => n + ((rs.spec?.replicas as number | undefined) ?? 0), 0);
export const statusCount = (sets: KubeObject[], field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number => sets.reduce((n, rs) => n + ((rs.status?.[field] as number | undefined) ?? 0), 0);

/** NewRSNewReplicas for RollingUpdate: grow the new ReplicaSet up to replicas + maxSurge in total. */
export function newReplicaSetReplicas(d: KubeObject, allSets: KubeObject[], newRS: KubeObject | undefined): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d)) return replicas;
  const current = (newRS?.spec?.replicas as number | undefined) ?? 0;
  const [surge] = surgeAndUnavailable(d);
  const maxTotal = replicas + surge;
  const total = specReplicas(allSets);
  if (total >= maxTotal) return current;
  return current + Math.max(0, Math.min(maxTotal - total, replicas - current));
}
