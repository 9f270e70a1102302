// ReplicaSets as a Deployment's revisions (deploymentutil): which one matches the current
// template (ignoring pod-template-hash), revision numbers and the annotations kubectl's
// `rollout history|undo` read from them.
import type { KubeObject } from '../../../kube/object';
import { canonicalJson } from '../controller-ref';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** Deployment annotations never copied onto its ReplicaSets. */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

export function revisionOf(obj: KubeObject): number {
  const n = Number(obj.metadata.annotations?.[REVISION_ANNOTATION] ?? '0');
  return Number.isFinite(n) ? n : 0;
}

/** Drops empty maps and lists so defaulted and hand-written templates compare equal. */
function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(normalized);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const n = normalized(v);
      if (n !== undefined && n !== null) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}

export function templateKey(template: KubeObject['spec']): string {
  const t = structuredClone(template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (t.metadata?.labels) delete t.metadata.labels[POD_TEMPLATE_HASH];
  return canonicalJson(normalized(t) ?? {});
}

/** The ReplicaSet whose template equals the Deployment's (the oldest if several). */
export function findNewReplicaSet(deployment: KubeObject, sets: KubeObject[]): KubeObject | undefined {
  const want = templateKey(deployment.spec?.template);
  return [...sets].sort(byCreation).find((rs) => templateKey(rs.spec?.template) === want);
}

export function byCreation(a: KubeObject, b: KubeObject): number {
  const d = (Date.parse(a.metadata.creationTimestamp ?? '') || 0) - (Date.parse(b.metadata.creationTimestamp ?? '') || 0);
  return d !== 0 ? d : (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

export function maxRevision(sets: KubeObject[]): number {
  return sets.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

/**
 * The annotations a ReplicaSet should carry: the Deployment's own (except revision
 * bookkeeping), its revision (moving the previous one into revision-history when an old
 * ReplicaSet becomes current again), and the desired/max replicas.
 */
export function replicaSetAnnotations(rs: KubeObject | undefined, deployment: KubeObject, newRevision: number, desired: number, max: number): Record<string, string> {
  const out: Record<string, string> = { ...(rs?.metadata.annotations ?? {}) };
  for (const [k, v] of Object.entries(deployment.metadata.annotations ?? {})) if (!NOT_COPIED.has(k)) out[k] = v;
  const old = rs ? revisionOf(rs) : 0;
  if (old < newRevision) {
    if (old > 0) out[REVISION_HISTORY_ANNOTATION] = out[REVISION_HISTORY_ANNOTATION] ? `${out[REVISION_HISTORY_ANNOTATION]},${old}` : String(old);
    out[REVISION_ANNOTATION] = String(newRevision);
  }
  out[DESIRED_REPLICAS_ANNOTATION] = String(desired);
  out[MAX_REPLICAS_ANNOTATION] = String(max);
  return out;
}
