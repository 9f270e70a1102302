// Hovers in manifests: on `kind:` who acts on the object, on scheduling fields what kube-scheduler
// does with them. Pure: the VS Code side turns the markdown into a Hover and may append live status.
import type { KubeObject } from '../kube/object';
import type { ManifestDocument, SourceRange } from './documents';
import { joinFieldPath } from './field-paths';
import { KIND_ROLES, type KindRole } from './kind-roles';
import { SCHEDULING_FIELDS } from './scheduling-fields';

export interface ManifestHover {
  markdown: string;
  /** The key (or value) the hover is about, for the editor to highlight. */
  range: SourceRange;
}

// Kinds whose documents contain a Pod spec (directly or as a template).
const POD_MAKERS = new Set(['Pod', 'PodTemplate', 'Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);
const AFFINITY_KINDS = new Set(['nodeAffinity', 'podAffinity', 'podAntiAffinity']);

export function kindMarkdown(kind: string, role: KindRole | undefined = KIND_ROLES[kind]): string {
  if (!role) {
    return `**${kind}**: not a built-in kind. Its CustomResourceDefinition makes kube-apiserver serve it; what acts on it is the controller (operator) installed with that CRD.`;
  }
  const lines = [`**${kind}**: ${role.summary}`, '', ...role.actors.map((a) => `- **${a.component}**: ${a.does}`)];
  if (role.chain) lines.push('', `_${role.chain}_`);
  return lines.join('\n');
}

/** Whether `prefix` ends at a Pod spec: `spec` of a Pod, or `…template.spec` of a workload. */
function isPodSpec(prefix: readonly (string | number)[], kind: string): boolean {
  if (prefix[prefix.length - 1] !== 'spec') return false;
  return (kind === 'Pod' && prefix.length === 1) || prefix[prefix.length - 2] === 'template';
}

/** The index in `path` of the scheduling field it is about (the deepest one), or -1. */
export function schedulingFieldIndex(path: readonly (string | number)[], kind: string): number {
  if (!POD_MAKERS.has(kind)) return -1;
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key !== 'string' || !(key in SCHEDULING_FIELDS)) continue;
    const before = path.slice(0, i);
    if (key === 'requests' || key === 'limits') {
      if (path[i - 1] !== 'resources') continue;
      const owner = path.slice(0, i - 1);
      const inContainer = typeof owner[owner.length - 1] === 'number' && CONTAINER_LISTS.has(String(owner[owner.length - 2])) && isPodSpec(owner.slice(0, -2), kind);
      if (inContainer || isPodSpec(owner, kind)) return i;
    } else if (key === 'resources') {
      const inContainer = typeof before[before.length - 1] === 'number' && CONTAINER_LISTS.has(String(before[before.length - 2])) && isPodSpec(before.slice(0, -2), kind);
      if (inContainer || isPodSpec(before, kind)) return i;
    } else if (AFFINITY_KINDS.has(key)) {
      if (before[before.length - 1] === 'affinity') return i;
    } else if (key.endsWith('DuringSchedulingIgnoredDuringExecution')) {
      if (AFFINITY_KINDS.has(String(before[before.length - 1]))) return i;
    } else if (isPodSpec(before, kind)) {
      return i;
    }
  }
  return -1;
}

/** The hover for the key (or value) under a zero-based position, if there is one worth showing. */
export function hoverAt(document: ManifestDocument, line: number, character: number): ManifestHover | undefined {
  const at = document.pathAt({ line, character });
  const kind = document.object?.kind;
  if (!at || typeof kind !== 'string') return undefined;
  const { path } = at;
  if (path.length === 1 && path[0] === 'kind') return { markdown: kindMarkdown(kind), range: document.rangeOf('kind') };
  const i = schedulingFieldIndex(path, kind);
  if (i < 0) return undefined;
  const fieldPath = path.slice(0, i + 1);
  const key = String(path[i]);
  const markdown = `${SCHEDULING_FIELDS[key]}\n\n_kube-scheduler, default profile_`;
  return { markdown, range: document.rangeOf(joinFieldPath(fieldPath)) };
}

const REPLICA_FIELDS = ['replicas', 'readyReplicas', 'updatedReplicas', 'availableReplicas', 'currentNumberScheduled', 'numberReady', 'desiredNumberScheduled', 'active', 'succeeded', 'failed'];

/** A short "Live" section for the `kind:` hover from the object in the cluster (phase, counts, conditions). */
export function liveStatusMarkdown(live: KubeObject): string {
  const status = (live.status ?? {}) as Record<string, unknown>;
  const lines = ['**Live in the cluster**'];
  if (typeof status.phase === 'string') lines.push(`- phase: ${status.phase}`);
  if (typeof live.spec?.nodeName === 'string') lines.push(`- node: ${live.spec.nodeName}`);
  const counts = REPLICA_FIELDS.filter((f) => typeof status[f] === 'number').map((f) => `${f} ${String(status[f])}`);
  if (counts.length) lines.push(`- ${counts.join(', ')}`);
  const conditions = Array.isArray(status.conditions) ? (status.conditions as { type?: string; status?: string; reason?: string }[]) : [];
  for (const c of conditions) lines.push(`- ${c.type}: ${c.status}${c.reason ? ` (${c.reason})` : ''}`);
  if (lines.length === 1) lines.push('- exists; no status reported');
  return lines.join('\n');
}
