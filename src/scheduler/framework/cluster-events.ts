// Matching cluster events against what plugins registered, for requeueing.
import type { ClusterEvent } from './interfaces';

/** Whether `incoming` is covered by `registered` (Update covers UpdateNodeLabel and the like). */
export function eventMatches(registered: ClusterEvent, incoming: ClusterEvent): boolean {
  if (registered.resource === '*' || incoming.resource === '*') return true;
  const sameResource =
    registered.resource === incoming.resource || (registered.resource === 'Pod' && incoming.resource === 'AssignedPod') || (registered.resource === 'AssignedPod' && incoming.resource === 'Pod');
  if (!sameResource) return false;
  if (registered.action === 'All' || registered.action === incoming.action) return true;
  return registered.action === 'Update' && incoming.action.startsWith('Update');
}

export const NodeAdd: ClusterEvent = { resource: 'Node', action: 'Add' };
export const AssignedPodDelete: ClusterEvent = { resource: 'Pod', action: 'Delete' };
export const UnschedulableTimeout: ClusterEvent = { resource: '*', action: 'All', label: 'UnschedulableTimeout' };
