// The emulator's kube-controller-manager: every controller as a ControlLoop. The runtime
// (control-loops.ts) starts them after the shared informers they asked for are created.
import type { ControlLoop, ControlLoopContext } from '../control-loop';
import { ReplicaSetController } from './replicaset/replicaset-controller';

export interface ControllerManagerOptions {
  /** PEM of the cluster CA, published as ConfigMap kube-root-ca.crt in every namespace. */
  caPem?: string;
}

export function controllerManagerLoops(ctx: ControlLoopContext, _options: ControllerManagerOptions = {}): ControlLoop[] {
  return [new ReplicaSetController(ctx)];
}
