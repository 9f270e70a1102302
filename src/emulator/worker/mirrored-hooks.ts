// The API server's LifecycleHooks when the control loops run in the worker thread: the
// answers it needs synchronously (is a kubelet running on this node, is the controller
// manager running) are kept here from the worker's reports of each change; logs are asked for.
import type { ContainerLogOptions, ContainerLogResult, LifecycleHooks } from '../apiserver/context';
import type { WorkerCalls } from './worker-calls';

export class MirroredHooks implements LifecycleHooks {
  private readonly kubelets = new Set<string>();
  private controllerManager = false;

  constructor(private readonly calls: WorkerCalls) {}

  hasKubelet(nodeName: string): boolean {
    return this.kubelets.has(nodeName);
  }

  namespaceControllerRunning(): boolean {
    return this.controllerManager;
  }

  garbageCollectorRunning(): boolean {
    return this.controllerManager;
  }

  containerLog(namespace: string, pod: string, container: string, options: ContainerLogOptions): Promise<ContainerLogResult | undefined> {
    return this.calls.containerLog(namespace, pod, container, options);
  }

  kubeletChanged(node: string, running: boolean): void {
    if (running) this.kubelets.add(node);
    else this.kubelets.delete(node);
  }

  controllerManagerChanged(running: boolean): void {
    this.controllerManager = running;
  }

  /** The worker is gone: nothing runs any more (the API server's stand-ins take over). */
  clear(): void {
    this.kubelets.clear();
    this.controllerManager = false;
  }
}
