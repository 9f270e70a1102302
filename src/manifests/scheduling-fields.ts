// What kube-scheduler does with each scheduling field of a Pod spec: which plugin reads it,
// whether it filters nodes out (hard) or scores them (soft), and with what weight.
import * as N from '../scheduler/plugins/names';
import { DEFAULT_WEIGHTS } from '../scheduler/registry';

const w = (plugin: string): string => `weight ${DEFAULT_WEIGHTS[plugin]} in the default profile`;

/** Markdown per field name (the last key of the path under a Pod spec). */
export const SCHEDULING_FIELDS: Record<string, string> = {
  nodeSelector: `**nodeSelector**: a hard rule. The **${N.NodeAffinity}** plugin's Filter drops every node whose labels do not contain all of these key/value pairs; a Pod no node matches stays Pending with \`node(s) didn't match Pod's node affinity/selector\`.`,
  affinity: `**affinity**: rules about nodes (\`nodeAffinity\`) and about other Pods (\`podAffinity\`, \`podAntiAffinity\`). Each has a \`required…\` part the scheduler **filters** with and a \`preferred…\` part it **scores** with.`,
  nodeAffinity: `**nodeAffinity**: read by the **${N.NodeAffinity}** plugin. \`requiredDuringSchedulingIgnoredDuringExecution\` filters nodes (any one term may match; all expressions of a term must); \`preferredDuringSchedulingIgnoredDuringExecution\` adds each matching term's weight to the node's score (${w(N.NodeAffinity)}).`,
  podAffinity: `**podAffinity**: read by the **${N.InterPodAffinity}** plugin. Required terms filter out nodes whose topology domain (e.g. zone, hostname) runs no matching Pod; preferred terms raise the score of domains that do (${w(N.InterPodAffinity)}).`,
  podAntiAffinity: `**podAntiAffinity**: read by the **${N.InterPodAffinity}** plugin. Required terms filter out nodes whose topology domain already runs a matching Pod (\`node(s) didn't match pod anti-affinity rules\`); preferred terms lower their score (${w(N.InterPodAffinity)}).`,
  requiredDuringSchedulingIgnoredDuringExecution: `**required…DuringScheduling**: a hard rule: nodes that do not satisfy it are **filtered** out. "IgnoredDuringExecution": a Pod already running is not moved if labels change later.`,
  preferredDuringSchedulingIgnoredDuringExecution: `**preferred…DuringScheduling**: a soft rule: nodes that satisfy a term get the term's \`weight\` (1-100) added in **Score**; no node is excluded.`,
  tolerations: `**tolerations**: read by the **${N.TaintToleration}** plugin. Filter drops nodes with a \`NoSchedule\` or \`NoExecute\` taint this Pod does not tolerate (\`node(s) had untolerated taint {key: value}\`); Score prefers nodes with fewer untolerated \`PreferNoSchedule\` taints (${w(N.TaintToleration)}). A toleration allows a node; it does not attract the Pod to it.`,
  resources: `**resources**: \`requests\` are what the scheduler reserves on a node; \`limits\` are enforced by the kubelet and the container runtime at run time and do not affect placement.`,
  requests: `**resources.requests**: the **${N.NodeResourcesFit}** plugin's Filter drops nodes whose allocatable minus the requests of Pods already there cannot hold this Pod's requests (\`Insufficient cpu\`, \`Insufficient memory\`). Its Score (${w(N.NodeResourcesFit)}, strategy LeastAllocated by default) favours emptier nodes, and **${N.NodeResourcesBalancedAllocation}** (${w(N.NodeResourcesBalancedAllocation)}) favours nodes whose cpu and memory stay evenly used. The Pod's request is the larger of the sum of its containers and its largest init container, plus RuntimeClass overhead.`,
  limits: `**resources.limits**: not used for placement; the kubelet enforces them (CPU throttling, OOM kill for memory). Without requests, requests default to the limits.`,
  topologySpreadConstraints: `**topologySpreadConstraints**: read by the **${N.PodTopologySpread}** plugin. With \`whenUnsatisfiable: DoNotSchedule\` it **filters** out nodes where placing the Pod would make the count of matching Pods in its domain exceed the smallest domain's by more than \`maxSkew\`; with \`ScheduleAnyway\` it **scores** nodes by how little they add to the skew (${w(N.PodTopologySpread)}).`,
  priorityClassName: `**priorityClassName**: the API server turns it into \`spec.priority\`. The scheduling queue (**${N.PrioritySort}**) takes higher priorities first, and when no node fits, **${N.DefaultPreemption}** may evict lower-priority Pods from a node to make room (unless \`preemptionPolicy: Never\`).`,
  priority: `**priority**: set from \`priorityClassName\` by the API server; orders the scheduling queue and decides who may preempt whom.`,
  preemptionPolicy: `**preemptionPolicy**: \`Never\` keeps the Pod's place in the queue by priority but forbids **${N.DefaultPreemption}** from evicting others for it.`,
  nodeName: `**nodeName**: skips the scheduler entirely: the Pod is bound to this node as written. The **${N.NodeName}** plugin only checks it for Pods the scheduler does handle. Resources, taints and affinity are not checked by the scheduler; the kubelet may still reject the Pod.`,
  schedulerName: `**schedulerName**: which scheduler places the Pod (default \`default-scheduler\`, i.e. kube-scheduler). A Pod naming a scheduler that is not running stays Pending forever.`,
  schedulingGates: `**schedulingGates**: while any gate is listed, **${N.SchedulingGates}** keeps the Pod out of scheduling (status \`SchedulingGated\`); remove the gates to release it.`,
};
