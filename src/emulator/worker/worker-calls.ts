// The main thread's questions to the control loops' worker (an in-memory kind's objects, a
// container's log), each answered by a `return` message; an ApiError thrown on the worker's
// side is thrown again here with the same code and reason.
import type { KubeObject } from '../../kube/object';
import type { ContainerLogOptions, ContainerLogResult } from '../apiserver/context';
import { ApiError } from '../apiserver/status';
import type { VirtualResourceProvider, VirtualWatchEvent } from '../apiserver/virtual-resources';
import type { ProviderCall, ToWorker, WireError } from './messages';

export class WorkerCalls {
  private nextId = 1;
  private nextSub = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly subscribers = new Map<number, (e: VirtualWatchEvent) => void>();

  private send: (m: ToWorker) => void = () => {
    throw new ApiError(503, 'ServiceUnavailable', 'the control loops have not started');
  };

  /** Where questions go: the channel to the worker, once it exists. */
  attach(send: (m: ToWorker) => void): void {
    this.send = send;
  }

  call<T>(call: ProviderCall): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      try {
        this.send({ k: 'call', id, call });
      } catch (e) {
        this.pending.delete(id);
        reject(e as Error);
      }
    });
  }

  returned(id: number, value: unknown, error: WireError | undefined): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (!error) p.resolve(value);
    else if (error.code !== undefined) p.reject(new ApiError(error.code, error.reason ?? '', error.message, error.details as never));
    else p.reject(new Error(error.message));
  }

  subscribe(plural: string, send: (e: VirtualWatchEvent) => void, initial: { namespace: string | undefined } | undefined): () => void {
    const sub = this.nextSub++;
    this.subscribers.set(sub, send);
    this.send({ k: 'virtual-watch', sub, plural, initial });
    return () => {
      if (this.subscribers.delete(sub)) this.send({ k: 'virtual-unwatch', sub });
    };
  }

  virtualEvent(sub: number, event: VirtualWatchEvent): void {
    this.subscribers.get(sub)?.(event);
  }

  /** The worker is gone: pending questions fail, subscriptions end quietly. */
  close(reason: string): void {
    for (const p of this.pending.values()) p.reject(new ApiError(503, 'ServiceUnavailable', reason));
    this.pending.clear();
    this.subscribers.clear();
  }

  /** A provider for one of the worker's in-memory kinds. */
  provider(plural: string, updatable: boolean): VirtualResourceProvider {
    const p: VirtualResourceProvider = {
      get: (namespace, name) => this.call<KubeObject | undefined>({ op: 'get', plural, namespace, name }),
      list: (namespace) => this.call<KubeObject[]>({ op: 'list', plural, namespace }),
      resourceVersion: () => this.call<string>({ op: 'resourceVersion', plural }),
      watch: (send, initial) => this.subscribe(plural, send, initial),
    };
    if (updatable) p.update = (namespace, name, object) => this.call<KubeObject>({ op: 'update', plural, namespace, name, object });
    return p;
  }

  containerLog(namespace: string, pod: string, container: string, options: ContainerLogOptions): Promise<ContainerLogResult | undefined> {
    return this.call<ContainerLogResult | undefined>({ op: 'containerLog', namespace, pod, container, options });
  }
}
