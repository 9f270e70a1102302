// What kube-apiserver changes on a Pod at creation that changes where it can be scheduled:
// defaulting (schedulerName, requests from limits, host ports of hostNetwork pods) and the
// admission plugins DefaultTolerationSeconds and Priority. A what-if must see the pod the
// scheduler would see, not the manifest's template.
import type { Container, Pod, Toleration } from '../scheduler';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
export const DEFAULT_TOLERATION_SECONDS = 300;
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';

/** The classes kube-apiserver creates at start. */
export const SYSTEM_PRIORITY_CLASSES: ReadonlyMap<string, number> = new Map([
  ['system-cluster-critical', 2000000000],
  ['system-node-critical', 2000001000],
]);

export interface PriorityClassInfo {
  value: number;
  preemptionPolicy?: string;
}

/** The cluster's PriorityClasses plus those the manifest itself declares. */
export interface PriorityClassCatalog {
  get(name: string): PriorityClassInfo | undefined;
  /** The class with globalDefault: true, if any: pods that name none get its priority. */
  globalDefault?: { name: string } & PriorityClassInfo;
}

/**
 * Applies the API server's scheduling-relevant defaults and admission to `pod` in place.
 * Returns the message the API server would refuse the pod with, or undefined.
 */
export function admitPod(pod: Pod, priorityClasses: PriorityClassCatalog): string | undefined {
  const spec = pod.spec;
  spec.schedulerName ||= DEFAULT_SCHEDULER_NAME;
  for (const c of [...containersOf(spec.containers), ...containersOf(spec.initContainers)]) {
    defaultRequestsFromLimits(c);
    if (spec.hostNetwork === true) defaultHostNetworkPorts(c);
  }
  addDefaultTolerationSeconds(spec);
  return admitPriority(spec, priorityClasses);
}

function containersOf(list: unknown): Container[] {
  return Array.isArray(list) ? list.filter((c): c is Container => !!c && typeof c === 'object') : [];
}

/** SetDefaults_Pod: a container that states only limits requests exactly that much. */
function defaultRequestsFromLimits(c: Container): void {
  const limits = c.resources?.limits;
  if (!limits || typeof limits !== 'object') return;
  const requests = { ...(c.resources?.requests ?? {}) };
  for (const [name, q] of Object.entries(limits)) if (requests[name] === undefined) requests[name] = q;
  c.resources = { ...c.resources, requests };
}

/** With the host's network every container port is a host port (NodePorts filters on it). */
function defaultHostNetworkPorts(c: Container): void {
  if (!Array.isArray(c.ports)) return;
  c.ports = c.ports.map((p) => (p && !p.hostPort && p.containerPort ? { ...p, hostPort: p.containerPort } : p));
}

/** DefaultTolerationSeconds: pods leave a NotReady or unreachable node after 300 s unless they say otherwise. */
function addDefaultTolerationSeconds(spec: Pod['spec']): void {
  const tolerations: Toleration[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  // Upstream counts any toleration with this key (or no key) and effect NoExecute (or none) as already tolerating.
  const tolerates = (key: string) => tolerations.some((t) => (!t?.key || t.key === key) && (!t?.effect || t.effect === 'NoExecute'));
  const added: Toleration[] = [];
  for (const key of [TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE]) {
    if (!tolerates(key)) added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  if (added.length > 0) spec.tolerations = [...tolerations, ...added];
}

/** Priority admission: priorityClassName (or the global default) becomes spec.priority and preemptionPolicy. */
function admitPriority(spec: Pod['spec'], classes: PriorityClassCatalog): string | undefined {
  let resolved: PriorityClassInfo;
  if (!spec.priorityClassName) {
    const def = classes.globalDefault;
    if (def) spec.priorityClassName = def.name;
    resolved = def ?? { value: 0 };
  } else {
    const system = SYSTEM_PRIORITY_CLASSES.get(spec.priorityClassName);
    const found = system !== undefined ? { value: system } : classes.get(spec.priorityClassName);
    if (!found) return `no PriorityClass with name ${spec.priorityClassName} was found`;
    resolved = found;
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== resolved.value) {
    return `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${resolved.value} from the given PriorityClass name`;
  }
  const policy = (resolved.preemptionPolicy ?? 'PreemptLowerPriority') as NonNullable<Pod['spec']['preemptionPolicy']>;
  if (spec.preemptionPolicy && spec.preemptionPolicy !== policy) {
    return `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`;
  }
  spec.priority = resolved.value;
  spec.preemptionPolicy = policy;
  return undefined;
}
