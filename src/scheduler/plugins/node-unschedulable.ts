// NodeUnschedulable: cordoned nodes (spec.unschedulable) take only pods that tolerate
// the node.kubernetes.io/unschedulable:NoSchedule taint.
import { tolerationsTolerateTaint } from '../api/tolerations';
import { TAINT_NODE_UNSCHEDULABLE } from '../api/types';
import type { CycleState } from '../framework/cycle-state';
import type { ClusterEvent, EnqueueExtensions, FilterPlugin } from '../framework/interfaces';
import type { PodInfo } from '../framework/pod-info';
import { type MaybeStatus, Status } from '../framework/status';
import type { NodeInfo } from '../snapshot/node-info';
import { ROW } from '../snapshot/node-table';
import { NodeUnschedulable as NAME } from './names';

// Module-local copies of the row layout (see ROW: no getter per use under tsx).
const { FLAGS, STRIDE, UNSCHEDULABLE } = ROW;

export const ErrReasonUnschedulable = 'node(s) were unschedulable';
const UNSCHEDULABLE_TAINT = { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' };

export class NodeUnschedulablePlugin implements FilterPlugin, EnqueueExtensions {
  readonly name = NAME;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): MaybeStatus {
    // The row's flag, not node.spec: no walk through the Node object for the uncordoned majority.
    if ((nodeInfo.table.rows[nodeInfo.slot * STRIDE + FLAGS] & UNSCHEDULABLE) === 0) return undefined;
    if (!nodeInfo.node.spec?.unschedulable) return undefined;
    if (tolerationsTolerateTaint(pod.pod.spec.tolerations, UNSCHEDULABLE_TAINT)) return undefined;
    return Status.unresolvable(ErrReasonUnschedulable);
  }

  eventsToRegister(): ClusterEvent[] {
    return [{ resource: 'Node', action: 'Add' }, { resource: 'Node', action: 'UpdateNodeTaint' }];
  }
}
