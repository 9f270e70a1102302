// What the DaemonSet controller does to every daemon pod (pkg/controller/daemon/util): the
// tolerations for node problems and the node affinity that pins it to one node. Shared by the
// emulator's DaemonSet controller and the what-if, which must create the same pods.
import type { Affinity, PodSpec, Toleration } from './types';

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
