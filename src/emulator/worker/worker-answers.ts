// The worker's answers to the main thread: objects of the in-memory kinds it serves
// (SchedulingTrace, EmulatedComponent), their watches, and containers' logs.
import type { KubeObject } from '../../kube/object';
import type { ContainerLogResult } from '../apiserver/context';
import type { ServedResource } from '../apiserver/registry';
import { ApiError } from '../apiserver/status';
import type { VirtualResource, VirtualResourceProvider } from '../apiserver/virtual-resources';
import type { ControlLoopHooks } from '../control-loops';
import type { ProviderCall, ToMain, WireError } from './messages';

export class WorkerAnswers {
  private readonly providers = new Map<string, VirtualResourceProvider>();
  private readonly subscriptions = new Map<number, () => void>();

  constructor(
    private readonly send: (m: ToMain) => void,
    private readonly hooks: ControlLoopHooks,
  ) {}

  /** Serves `r` through the main thread's API server; its provider stays here. */
  serve(r: VirtualResource): void {
    const { provider, ...resource } = r;
    this.providers.set(r.plural, provider);
    this.send({ k: 'serve', resource: resource as ServedResource });
  }

  async answer(id: number, call: ProviderCall): Promise<void> {
    try {
      const value = await this.run(call);
      this.send({ k: 'return', id, value });
    } catch (e) {
      this.send({ k: 'return', id, error: wireError(e) });
    }
  }

  watch(sub: number, plural: string, initial: { namespace: string | undefined } | undefined): void {
    const p = this.providers.get(plural);
    if (!p) return;
    this.subscriptions.set(
      sub,
      p.watch((event) => this.send({ k: 'virtual-event', sub, event }), initial),
    );
  }

  unwatch(sub: number): void {
    this.subscriptions.get(sub)?.();
    this.subscriptions.delete(sub);
  }

  private async run(call: ProviderCall): Promise<KubeObject | KubeObject[] | string | ContainerLogResult | undefined> {
    if (call.op === 'containerLog') return this.hooks.containerLog(call.namespace, call.pod, call.container, call.options);
    const p = this.providers.get(call.plural);
    if (!p) throw new Error(`no in-memory kind ${call.plural}`);
    switch (call.op) {
      case 'get':
        return p.get(call.namespace, call.name);
      case 'list':
        return p.list(call.namespace);
      case 'resourceVersion':
        return p.resourceVersion();
      case 'update':
        if (!p.update) throw ApiError.methodNotAllowed();
        return p.update(call.namespace, call.name, call.object as KubeObject);
    }
  }
}

function wireError(e: unknown): WireError {
  if (e instanceof ApiError) return { message: e.message, code: e.code, reason: e.reason, details: e.details };
  return { message: e instanceof Error ? e.message : String(e) };
}
