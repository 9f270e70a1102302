// The serviceaccount controller: every active namespace has a ServiceAccount `default`,
// recreated if deleted. (Token secrets are not created: since 1.24 pods use projected
// tokens from the TokenRequest API.)
import { objectKey } from '../../client/informer';
import { isAlreadyExists, isNotFound } from '../../client/loopback-client';
import { R } from '../../client/paths';
import type { ControlLoopContext } from '../../control-loop';
import { QueueController } from '../controller-base';

export class ServiceAccountController extends QueueController {
  constructor(ctx: ControlLoopContext) {
    super('serviceaccount-controller', ctx, 2);
  }

  start(): void {
    this.ctx.informers.for(R.namespaces).on({ add: (ns) => this.queue.add(objectKey(ns)), update: (ns) => this.queue.add(objectKey(ns)) });
    this.ctx.informers.for(R.serviceAccounts).on({ delete: (sa) => sa.metadata.name === 'default' && this.queue.add(sa.metadata.namespace ?? '') });
  }

  protected async sync(namespace: string): Promise<void> {
    const ns = this.ctx.informers.for(R.namespaces).get(undefined, namespace);
    if (!ns || ns.metadata.deletionTimestamp) return;
    if (this.ctx.informers.for(R.serviceAccounts).get(namespace, 'default')) return;
    await this.client.create({ ...R.serviceAccounts, namespace }, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } }).catch((e) => {
      if (!isAlreadyExists(e) && !isNotFound(e) && !/forbidden|terminat/i.test(String(e))) throw e;
    });
  }
}
