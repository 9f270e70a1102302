// Facts about ownership and pod state that every workload controller asks, in the terms of
// k8s.io/kubernetes/pkg/controller (controller refs, active/ready/available pods).
import type { KubeObject, OwnerReference } from '../../kube/object';

export function controllerRefOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

export function controllerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion ?? '', kind: owner.kind ?? '', name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

export function isTerminating(obj: KubeObject): boolean {
  return obj.metadata.deletionTimestamp !== undefined;
}

export function podPhase(pod: KubeObject): string {
  return (pod.status?.phase as string | undefined) ?? 'Pending';
}

/** Active = neither finished nor being deleted (controller.IsPodActive). */
export function isPodActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !isTerminating(pod);
}

function readyCondition(pod: KubeObject): { status?: string; lastTransitionTime?: string } | undefined {
  return (pod.status?.conditions as { type: string; status?: string; lastTransitionTime?: string }[] | undefined)?.find((c) => c.type === 'Ready');
}

export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** Ready for at least minReadySeconds (podutil.IsPodAvailable). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  const c = readyCondition(pod);
  if (c?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now;
}

/** When a pod that is ready now becomes available, or undefined (not ready / already). */
export function availableAt(pod: KubeObject, minReadySeconds: number): number | undefined {
  const c = readyCondition(pod);
  if (c?.status !== 'True' || minReadySeconds <= 0 || !c.lastTransitionTime) return undefined;
  return Date.parse(c.lastTransitionTime) + minReadySeconds * 1000;
}

export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export { canonicalJson, templateHash } from '../../kube/template-hash';
