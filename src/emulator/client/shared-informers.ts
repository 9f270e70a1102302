// One informer per resource for all control loops of the emulator, as client-go's
// SharedInformerFactory: 150,000 pods are cached once, not once per controller. Like
// kube-scheduler's and kube-controller-manager's factories, they cache objects without
// managedFields (no control loop reads them; ~40 % of a pod) unless options say otherwise.
import type { KubeObject } from '../../kube/object';
import { Informer, type InformerOptions } from './informer';
import type { LoopbackClient } from './loopback-client';
import type { ResourceRef } from './paths';

export class SharedInformers {
  private readonly informers = new Map<string, Informer>();

  constructor(
    private readonly client: LoopbackClient,
    private readonly options: InformerOptions,
  ) {}

  /** The shared informer of a resource (all namespaces); created on first use. */
  for<T extends KubeObject = KubeObject>(ref: Pick<ResourceRef, 'group' | 'version' | 'resource'>): Informer<T> {
    const key = `${ref.group}/${ref.version}/${ref.resource}`;
    let informer = this.informers.get(key);
    if (!informer) {
      informer = new Informer(this.client, { group: ref.group, version: ref.version, resource: ref.resource }, { omitManagedFields: true, ...this.options });
      this.informers.set(key, informer);
    }
    return informer as unknown as Informer<T>;
  }

  /** Starts every informer asked for so far; resolves when all have synced. */
  async start(): Promise<void> {
    await Promise.all([...this.informers.values()].filter((i) => !i.hasSynced()).map((i) => i.start()));
  }

  stop(): void {
    for (const i of this.informers.values()) i.stop();
  }
}
