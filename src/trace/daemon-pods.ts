// Which nodes the DaemonSet controller creates daemon pods for (pkg/controller/daemon): only
// those the pod could run on. The tolerations and node pinning it adds to each pod are in
// scheduler/api/daemon-pods, shared with the emulator's controller.
import type { Node, PodSpec, Taint, Toleration } from '../scheduler';
import { compileNodeSelector, findUntoleratedTaint } from '../scheduler';

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
