// The root-ca-cert-publisher: ConfigMap kube-root-ca.crt with the cluster CA in every active
// namespace, so pods can verify the API server; edits and deletions are put back.
import { objectKey } from '../../client/informer';
import { isAlreadyExists, isNotFound } from '../../client/loopback-client';
import { R } from '../../client/paths';
import type { ControlLoopContext } from '../../control-loop';
import { QueueController } from '../controller-base';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export class RootCaPublisher extends QueueController {
  constructor(
    ctx: ControlLoopContext,
    private readonly caPem: string,
  ) {
    super('root-ca-cert-publisher', ctx, 2);
  }

  start(): void {
    this.ctx.informers.for(R.namespaces).on({ add: (ns) => this.queue.add(objectKey(ns)), update: (ns) => this.queue.add(objectKey(ns)) });
    const onConfigMap = (cm: { metadata: { name?: string; namespace?: string } }) => cm.metadata.name === ROOT_CA_CONFIGMAP && this.queue.add(cm.metadata.namespace ?? '');
    this.ctx.informers.for(R.configMaps).on({ update: onConfigMap, delete: onConfigMap });
  }

  protected async sync(namespace: string): Promise<void> {
    const ns = this.ctx.informers.for(R.namespaces).get(undefined, namespace);
    if (!ns || ns.metadata.deletionTimestamp) return;
    const current = this.ctx.informers.for(R.configMaps).get(namespace, ROOT_CA_CONFIGMAP);
    const ref = { ...R.configMaps, namespace };
    const annotations = { 'kubernetes.io/description': DESCRIPTION };
    if (!current) {
      await this.client.create(ref, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations }, data: { 'ca.crt': this.caPem } }).catch((e) => {
        if (!isAlreadyExists(e) && !isNotFound(e) && !/forbidden|terminat/i.test(String(e))) throw e;
      });
      return;
    }
    if (current.data?.['ca.crt'] === this.caPem && current.metadata.annotations?.['kubernetes.io/description'] === DESCRIPTION) return;
    await this.client.update({ ...ref, name: ROOT_CA_CONFIGMAP }, { ...current, metadata: { ...current.metadata, annotations: { ...(current.metadata.annotations ?? {}), ...annotations } }, data: { 'ca.crt': this.caPem } });
  }
}
