// NodePorts: a pod's hostPorts must be free on the node (0.0.0.0 clashes with any IP).
import type { CycleState, StateData } from '../framework/cycle-state';
import type { ClusterEvent, EnqueueExtensions, FilterPlugin, PreFilterPlugin } from '../framework/interfaces';
import type { HostPort, PodInfo } from '../framework/pod-info';
import { type MaybeStatus, Status } from '../framework/status';
import type { NodeInfo } from '../snapshot/node-info';
import { ROW } from '../snapshot/node-table';
import { NodePorts as NAME } from './names';

// Module-local copies of the row layout (see ROW: no getter per use under tsx).
const { FLAGS, HOST_PORTS, STRIDE } = ROW;

export const ErrReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";

class PreFilterState implements StateData {
  constructor(readonly ports: readonly HostPort[]) {}
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
    // Nodes where no pod uses a host port (most) are answered from the row's flag.
    if ((nodeInfo.table.rows[nodeInfo.slot * STRIDE + FLAGS] & HOST_PORTS) === 0) return undefined;
    const ports = state.read<PreFilterState>(KEY)?.ports ?? pod.hostPorts;
    return fitsPorts(ports, nodeInfo) ? undefined : Status.unschedulable(ErrReasonNodePorts);
  }

  eventsToRegister(): ClusterEvent[] {
    return [{ resource: 'Pod', action: 'Delete' }, { resource: 'Node', action: 'Add' }];
  }
}
