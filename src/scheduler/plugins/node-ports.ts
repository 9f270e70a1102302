// NodePorts: a pod's hostPorts must be free on the node (0.0.0.0 clashes with any IP).
import type { CycleState, StateData } from '../framework/cycle-state';
import type { ClusterEvent, EnqueueExtensions, FilterPlugin, PreFilterPlugin } from '../framework/interfaces';
import type { HostPort, PodInfo } from '../framework/pod-info';
import { type MaybeStatus, Status } from '../framework/status';
import type { NodeInfo } from '../snapshot/node-info';
import { NodePorts as NAME } from './names';

export const ErrReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";

class PreFilterState implements StateData {
  constructor(readonly ports: HostPort[]) {}
  clone(): StateData {
    return this;
  }
}

const KEY = Symbol(`PreFilter${NAME}`);

export function fitsPorts(ports: readonly HostPort[], nodeInfo: NodeInfo): boolean {
  for (const p of ports) if (nodeInfo.hostPortInUse(p.ip, p.protocol, p.port)) return false;
  return true;
}

export class NodePortsPlugin implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = NAME;

  preFilter(state: CycleState, pod: PodInfo): MaybeStatus {
    if (pod.hostPorts.length === 0) return Status.skip();
    state.write(KEY, new PreFilterState(pod.hostPorts));
    return undefined;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): MaybeStatus {
    const ports = state.read<PreFilterState>(KEY)?.ports ?? pod.hostPorts;
    return fitsPorts(ports, nodeInfo) ? undefined : Status.unschedulable(ErrReasonNodePorts);
  }

  eventsToRegister(): ClusterEvent[] {
    return [{ resource: 'Pod', action: 'Delete' }, { resource: 'Node', action: 'Add' }];
  }
}
