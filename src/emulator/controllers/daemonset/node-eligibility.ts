// Whether a DaemonSet's pod belongs on a node (nodeShouldRunDaemonPod): node selector,
// required node affinity, and NoSchedule/NoExecute taints tolerated by the pod, including
// the tolerations the DaemonSet controller adds to every daemon pod.
import type { KubeObject } from '../../../kube/object';
import { compileNodeSelector, type NodeSelectorMatcher } from '../../../scheduler/api/selectors';
import { tolerates, type Taint, type Toleration } from '../node-lifecycle/taints';
import { pinnedToNode, withDaemonTolerations } from '../../../scheduler/api/daemon-pods';
import type { PodSpec } from '../../../scheduler/api/types';

interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}
interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** The template's tolerations with the daemon ones merged in, as the controller creates its pods. */
export function daemonTolerations(template: KubeObject['spec']): Toleration[] {
  return withDaemonTolerations((template?.spec ?? {}) as PodSpec) as Toleration[];
}

/** Required node affinity, matched by the scheduler's own NodeAffinity code. */
export function matchesNodeSelectorTerms(terms: NodeSelectorTerm[], node: KubeObject): boolean {
  return compileNodeSelector({ nodeSelectorTerms: terms } as Parameters<typeof compileNodeSelector>[0]).match(node as Parameters<NodeSelectorMatcher['match']>[0]);
}

export interface Eligibility {
  shouldRun: boolean;
  /** False when an existing daemon pod must go (an untolerated NoExecute taint or a selector mismatch). */
  shouldContinueRunning: boolean;
}

export function nodeEligibility(ds: KubeObject, node: KubeObject): Eligibility {
  const spec = ds.spec?.template?.spec ?? {};
  const labels = node.metadata.labels ?? {};
  const selectorOk = Object.entries((spec.nodeSelector as Record<string, string> | undefined) ?? {}).every(([k, v]) => labels[k] === v);
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as NodeSelectorTerm[] | undefined;
  const affinityOk = !terms || terms.length === 0 || matchesNodeSelectorTerms(terms, node);
  if (!selectorOk || !affinityOk) return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = daemonTolerations(ds.spec?.template);
  const taints = (node.spec?.taints as Taint[] | undefined) ?? [];
  const untolerated = taints.filter((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerations.some((tol) => tolerates(tol, t)));
  return { shouldRun: untolerated.length === 0, shouldContinueRunning: !untolerated.some((t) => t.effect === 'NoExecute') };
}

/** The node a daemon pod is for: its nodeName once bound, else the matchFields term we set. */
export function daemonPodNode(pod: KubeObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName as string;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as NodeSelectorTerm[] | undefined;
  for (const t of terms ?? []) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In') return f.values?.[0];
  return undefined;
}

/** The pod's affinity with the node pinned as upstream does: matchFields metadata.name In [node]. */
export function pinnedAffinity(affinity: Record<string, any> | undefined, node: string): Record<string, any> {
  return pinnedToNode(structuredClone(affinity ?? {}), node);
}
