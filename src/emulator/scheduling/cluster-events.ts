// Which cluster event an informer change is, in kube-scheduler's terms, so the queue moves
// only pods that a rejecting plugin said the event may help. Node heartbeats (condition
// timestamps only) are no event at all: 5,000 nodes heartbeat every 10 s.
import type { ClusterEvent, Node, Pod } from '../../scheduler/index';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The node update events of a change from `old` to `node` (none for a heartbeat). */
export function nodeUpdateEvents(old: Node, node: Node): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  if (!same(old.metadata.labels, node.metadata.labels)) events.push({ resource: 'Node', action: 'UpdateNodeLabel' });
  if (!same(old.spec?.taints, node.spec?.taints) || !!old.spec?.unschedulable !== !!node.spec?.unschedulable) events.push({ resource: 'Node', action: 'UpdateNodeTaint' });
  if (!same(old.status?.allocatable, node.status?.allocatable)) events.push({ resource: 'Node', action: 'UpdateNodeAllocatable' });
  const conditionStates = (n: Node) => (n.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).join(',');
  if (conditionStates(old) !== conditionStates(node)) events.push({ resource: 'Node', action: 'UpdateNodeCondition' });
  return events;
}

/** Whether a node change matters to the scheduler's snapshot (images and allocatable do; heartbeats do not). */
export function nodeChangedForScheduling(old: Node, node: Node): boolean {
  return nodeUpdateEvents(old, node).length > 0 || !same(old.status?.images, node.status?.images);
}

/** The assigned-pod update events of a change (labels matter to affinity and spreading). */
export function assignedPodUpdateEvents(old: Pod, pod: Pod): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  if (!same(old.metadata.labels, pod.metadata.labels)) events.push({ resource: 'AssignedPod', action: 'UpdatePodLabel' });
  const requests = (p: Pod) => JSON.stringify((p.spec.containers ?? []).map((c) => c.resources?.requests ?? {}));
  if (requests(old) !== requests(pod)) events.push({ resource: 'AssignedPod', action: 'UpdatePodScaleDown' });
  return events;
}

/** A pod is this scheduler's to place: not yet bound, not finished, not being deleted. */
export function isPendingFor(pod: Pod, schedulerName: string): boolean {
  if (pod.spec?.nodeName || pod.metadata.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  return (pod.spec?.schedulerName ?? 'default-scheduler') === schedulerName;
}
