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

export interface Eligibility {
  shouldRun: boolean;
  /** False when an existing daemon pod must go (an untolerated NoExecute taint or a selector mismatch). */
  shouldContinueRunning: boolean;
}

const NOT_SELECTED: Eligibility = Object.freeze({ shouldRun: false, shouldContinueRunning: false });

/**
 * The DaemonSet's test of a node: its selector, affinity and tolerations are read once, not per
 * node (a sync at 5,000 nodes built the 7 daemon tolerations 15,000 times).
 */
export function eligibilityFor(ds: KubeObject): (node: KubeObject) => Eligibility {
  const spec = ds.spec?.template?.spec ?? {};
  const selector = Object.entries((spec.nodeSelector as Record<string, string> | undefined) ?? {});
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as NodeSelectorTerm[] | undefined;
  // Required node affinity, matched by the scheduler's own NodeAffinity code.
  const affinity = terms && terms.length > 0 ? compileNodeSelector({ nodeSelectorTerms: terms } as Parameters<typeof compileNodeSelector>[0]) : undefined;
  const tolerations = daemonTolerations(ds.spec?.template);
  return (node) => {
    const labels = node.metadata.labels ?? {};
    if (!selector.every(([k, v]) => labels[k] === v)) return NOT_SELECTED;
    if (affinity && !affinity.match(node as Parameters<NodeSelectorMatcher['match']>[0])) return NOT_SELECTED;
    const taints = (node.spec?.taints as Taint[] | undefined) ?? [];
    let shouldRun = true;
    let shouldContinueRunning = true;
    for (const t of taints) {
      if (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') continue;
      if (tolerations.some((tol) => tolerates(tol, t))) continue;
      shouldRun = false;
      if (t.effect === 'NoExecute') shouldContinueRunning = false;
    }
    return { shouldRun, shouldContinueRunning };
  };
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
