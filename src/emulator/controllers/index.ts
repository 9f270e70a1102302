// The emulator's kube-controller-manager: every controller as a ControlLoop. The runtime
// (control-loops.ts) starts them after the shared informers they asked for are created.
// While these loops run, LifecycleHooks.namespaceControllerRunning and
// garbageCollectorRunning should answer true (the API server's stand-ins step aside).
import type { ControlLoop, ControlLoopContext } from '../control-loop';
import { CronJobController } from './cronjob/cronjob-controller';
import { DaemonSetController } from './daemonset/daemonset-controller';
import { DeploymentController } from './deployment/deployment-controller';
import { EndpointsController } from './endpoints/endpoints-controller';
import { EndpointSliceController } from './endpoints/endpointslice-controller';
import { JobController } from './job/job-controller';
import { GarbageCollector } from './garbage-collector/garbage-collector';
import { NamespaceController } from './namespace/namespace-controller';
import { NodeLifecycleController } from './node-lifecycle/node-lifecycle-controller';
import { TaintEvictionController } from './node-lifecycle/taint-eviction';
import { PodGcController } from './podgc/podgc-controller';
import { ReplicaSetController } from './replicaset/replicaset-controller';
import { RootCaPublisher } from './root-ca/root-ca-publisher';
import { StatefulSetController } from './statefulset/statefulset-controller';
import { TtlAfterFinishedController } from './ttl-after-finished/ttl-after-finished-controller';
import { ServiceAccountController } from './serviceaccount/serviceaccount-controller';

export interface ControllerManagerOptions {
  /** PEM of the cluster CA, published as ConfigMap kube-root-ca.crt in every namespace. */
  caPem?: string;
}

export function controllerManagerLoops(ctx: ControlLoopContext, options: ControllerManagerOptions = {}): ControlLoop[] {
  const loops: ControlLoop[] = [
    new GarbageCollector(ctx),
    new NamespaceController(ctx),
    new ServiceAccountController(ctx),
    new DeploymentController(ctx),
    new ReplicaSetController(ctx),
    new DaemonSetController(ctx),
    new StatefulSetController(ctx),
    new JobController(ctx),
    new CronJobController(ctx),
    new TtlAfterFinishedController(ctx),
    new EndpointsController(ctx),
    new EndpointSliceController(ctx),
    new NodeLifecycleController(ctx),
    new TaintEvictionController(ctx),
    new PodGcController(ctx),
  ];
  if (options.caPem) loops.push(new RootCaPublisher(ctx, options.caPem));
  return loops;
}
