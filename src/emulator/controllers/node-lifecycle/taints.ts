// Taints the node lifecycle controller owns (node.kubernetes.io/*) and toleration matching
// as v1helper.TolerationsTolerateTaint does.
import type { KubeObject } from '../../../kube/object';
import { toleratesTaint } from '../../../scheduler/api/tolerations';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const NOT_READY = 'node.kubernetes.io/not-ready';
export const UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** Condition -> NoSchedule taint (taint-nodes-by-condition). */
const CONDITION_TAINTS: [string, string, string][] = [
  ['MemoryPressure', 'True', 'node.kubernetes.io/memory-pressure'],
  ['DiskPressure', 'True', 'node.kubernetes.io/disk-pressure'],
  ['PIDPressure', 'True', 'node.kubernetes.io/pid-pressure'],
  ['NetworkUnavailable', 'True', 'node.kubernetes.io/network-unavailable'],
];

/** Keys this controller adds and removes; other taints are the user's. */
export const MANAGED_KEYS = new Set([UNREACHABLE, NOT_READY, UNSCHEDULABLE, ...CONDITION_TAINTS.map((c) => c[2])]);

/** The Ready condition's status; undefined before the kubelet first posted status. */
export function readyStatus(node: KubeObject): 'True' | 'False' | 'Unknown' | undefined {
  const c = (node.status?.conditions as { type: string; status: 'True' | 'False' | 'Unknown' }[] | undefined)?.find((x) => x.type === 'Ready');
  return c?.status;
}

/** The managed taints a node should carry now (timeAdded set by the caller for new ones). */
export function desiredManagedTaints(node: KubeObject): Taint[] {
  const out: Taint[] = [];
  const ready = readyStatus(node);
  if (ready === 'Unknown') out.push({ key: UNREACHABLE, effect: 'NoSchedule' }, { key: UNREACHABLE, effect: 'NoExecute' });
  if (ready === 'False') out.push({ key: NOT_READY, effect: 'NoSchedule' }, { key: NOT_READY, effect: 'NoExecute' });
  if (node.spec?.unschedulable) out.push({ key: UNSCHEDULABLE, effect: 'NoSchedule' });
  const conditions = (node.status?.conditions as { type: string; status: string }[] | undefined) ?? [];
  for (const [type, status, key] of CONDITION_TAINTS) if (conditions.some((c) => c.type === type && c.status === status)) out.push({ key, effect: 'NoSchedule' });
  return out;
}

/** Toleration matching is the scheduler's (one definition for TaintToleration and eviction). */
export function tolerates(t: Toleration, taint: Taint): boolean {
  return toleratesTaint(t as Parameters<typeof toleratesTaint>[0], taint as Parameters<typeof toleratesTaint>[1]);
}

/**
 * How long a pod may stay on a node with these NoExecute taints: 0 = evict now, Infinity =
 * never, else the smallest tolerationSeconds among the tolerations used.
 */
export function toleratedForMs(tolerations: Toleration[], taints: Taint[]): number {
  let min = Infinity;
  for (const taint of taints) {
    const used = tolerations.filter((t) => tolerates(t, taint));
    if (used.length === 0) return 0;
    for (const t of used) if (t.tolerationSeconds !== undefined) min = Math.min(min, Math.max(0, t.tolerationSeconds) * 1000);
  }
  return min;
}

/**
 * Whether two pods' tolerations are the same, field by field: asked on every update of a bound
 * pod, where comparing two JSON.stringify results cost ~1.5 us per status write.
 */
export function sameTolerations(a: Toleration[] | undefined, b: Toleration[] | undefined): boolean {
  if (a === b) return true;
  if ((a?.length ?? 0) !== (b?.length ?? 0)) return false;
  if (!a || !b) return true;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.key !== y.key || x.operator !== y.operator || x.value !== y.value || x.effect !== y.effect || x.tolerationSeconds !== y.tolerationSeconds) return false;
  }
  return true;
}
