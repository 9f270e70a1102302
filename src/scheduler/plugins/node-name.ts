// NodeName: a pod that names its node (spec.nodeName) fits only that node.
import type { CycleState } from '../framework/cycle-state';
import type { ClusterEvent, EnqueueExtensions, FilterPlugin } from '../framework/interfaces';
import type { PodInfo } from '../framework/pod-info';
import { type MaybeStatus, Status } from '../framework/status';
import type { NodeInfo } from '../snapshot/node-info';
import { NodeName as NAME } from './names';

export const ErrReasonNodeName = "node(s) didn't match the requested node name";

export class NodeNamePlugin implements FilterPlugin, EnqueueExtensions {
  readonly name = NAME;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): MaybeStatus {
    const wanted = pod.pod.spec.nodeName;
    if (!wanted || wanted === nodeInfo.name) return undefined;
    return Status.unresolvable(ErrReasonNodeName);
  }

  eventsToRegister(): ClusterEvent[] {
    return [{ resource: 'Node', action: 'Add' }];
  }
}
