// What the DaemonSet controller does to each daemon pod (pkg/controller/daemon): it adds
// tolerations for node problems, pins the pod to one node with node affinity (matchFields
// metadata.name), and creates pods only for the nodes the pod could run on.
import type { Affinity, Node, PodSpec, Taint, Toleration } from '../scheduler';
import { compileNodeSelector, findUntoleratedTaint } from '../scheduler';

/** Upstream's order (util.AddOrUpdateDaemonPodTolerations); network-unavailable only with hostNetwork. */
function daemonTolerationsFor(hostNetwork: boolean): Toleration[] {
  const out: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork) out.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return out;
}

/** Toleration.MatchToleration: same key, operator, value and effect (tolerationSeconds aside). */
function sameToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');
}

/**
 * The pod's tolerations plus the daemon ones, as AddOrUpdateTolerationInPodSpec merges them:
 * a matching toleration is replaced in place (dropping its tolerationSeconds), others appended.
 */
export function withDaemonTolerations(spec: PodSpec): Toleration[] {
  let list: Toleration[] = Array.isArray(spec.tolerations) ? spec.tolerations.filter((t) => !!t && typeof t === 'object') : [];
  for (const t of daemonTolerationsFor(spec.hostNetwork === true)) {
    const i = list.findIndex((o) => sameToleration(o, t));
    if (i < 0) list = [...list, t];
    else if (list[i].tolerationSeconds !== undefined) list = list.map((o, k) => (k === i ? t : o));
  }
  return list;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes exactly "this node". */
export function pinnedToNode(affinity: Affinity | undefined, nodeName: string): Affinity {
  const pinned = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] };
  return { ...(affinity ?? {}), nodeAffinity: { ...(affinity?.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: pinned } };
}

/**
 * nodeShouldRunDaemonPod's predicates for a new pod: nodeName, nodeSelector and required
 * node affinity, and NoSchedule/NoExecute taints the pod (with daemon tolerations) tolerates.
 * Returns why the controller creates no pod for the node, or undefined when it does.
 */
export function whyNoDaemonPod(spec: PodSpec, tolerations: Toleration[], node: Node): string | undefined {
  const name = node.metadata.name ?? '';
  if (spec.nodeName && spec.nodeName !== name) return `spec.nodeName is ${spec.nodeName}`;
  const labels = node.metadata.labels ?? {};
  const selector = spec.nodeSelector && typeof spec.nodeSelector === 'object' ? spec.nodeSelector : {};
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return "node didn't match the pod's node selector";
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required && Array.isArray(required.nodeSelectorTerms) && !compileNodeSelector(required).match(node)) return "node didn't match the pod's node affinity";
  const taint = findUntoleratedTaint(node.spec?.taints as Taint[] | undefined, tolerations, ['NoSchedule', 'NoExecute']);
  if (taint) return `untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  return undefined;
}
