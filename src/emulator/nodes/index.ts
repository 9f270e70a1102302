// The emulator's simulated nodes: kubelets (with their container runtimes) and kube-proxy.
// cluster wiring calls createSimulatedNodes() (or nodeLoops() when it needs only loops) and
// uses the returned object for LifecycleHooks.hasKubelet, fault injection and pods/log.
import type { ControlLoop, ControlLoopContext } from '../control-loop';
import type { SimulatedNodeSpec } from '../control-plane/topology';
import { SimulatedNodes, type SimulatedNodesOptions } from './simulated-nodes';

export { SimulatedNodes, LEASE_RENEW_MS } from './simulated-nodes';
export type { ContainerLogOptions, ContainerLogResult, KubeletLogSource } from './container-logs';
export type { RulesSync } from './kube-proxy';
export { CONTAINER_RUNTIME_VERSION, CRI_SOCKET } from './container-runtime';
export { KUBELET_VERSION } from './node-object';

export function createSimulatedNodes(ctx: ControlLoopContext, nodes: SimulatedNodeSpec[], options: SimulatedNodesOptions = {}): SimulatedNodes {
  return new SimulatedNodes(ctx, nodes, options);
}

/** The loops of the simulated nodes: all kubelets (one loop) and kube-proxy. */
export function nodeLoops(ctx: ControlLoopContext, nodes: SimulatedNodeSpec[]): ControlLoop[] {
  const simulated = createSimulatedNodes(ctx, nodes);
  return [simulated, simulated.kubeProxy];
}
