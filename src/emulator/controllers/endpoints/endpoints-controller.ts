// The endpoints controller: for every Service with a selector, an Endpoints object of the
// same name listing ready pods under addresses and the others under notReadyAddresses,
// grouped into subsets by resolved ports.
import type { KubeObject } from '../../../kube/object';
import { objectKey } from '../../client/informer';
import { isAlreadyExists, isNotFound } from '../../client/loopback-client';
import { R } from '../../client/paths';
import type { ControlLoopContext } from '../../control-loop';
import { QueueController, splitKey } from '../controller-base';
import { canonicalJson, isPodReady } from '../controller-ref';
import { findPort, podInEndpoints, serviceSelector, ServicePods, type ServicePort } from './service-pods';

interface Address {
  ip: string;
  nodeName?: string;
  hostname?: string;
  targetRef: { kind: 'Pod'; namespace?: string; name?: string; uid?: string };
}

export class EndpointsController extends QueueController {
  private pods!: ServicePods;

  constructor(ctx: ControlLoopContext) {
    super('endpoints-controller', ctx, 5);
  }

  start(): void {
    this.pods = new ServicePods(this.ctx.informers.for(R.pods), this.ctx.informers.for(R.services), (k) => this.queue.add(k));
    this.ctx.informers.for(R.endpoints).on({ delete: (ep) => this.queue.add(objectKey(ep)) });
  }

  protected async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = this.ctx.informers.for(R.services).get(namespace, name);
    const ref = { ...R.endpoints, namespace };
    const current = this.ctx.informers.for(R.endpoints).get(namespace, name);
    const selector = svc && serviceSelector(svc);
    if (!svc) {
      if (current) await this.client.delete({ ...ref, name }).catch(ignoreNotFound);
      return;
    }
    if (!selector) return; // Endpoints of selector-less Services are the user's
    const subsets = this.subsets(svc, this.pods.selected(namespace, selector));
    const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
    if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
    const desired: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, labels }, subsets };
    if (!current) {
      await this.client.create(ref, desired).catch((e) => {
        if (!isAlreadyExists(e)) throw e;
      });
      return;
    }
    if (canonicalJson(current.subsets ?? []) === canonicalJson(subsets) && canonicalJson(current.metadata.labels ?? {}) === canonicalJson(labels)) return;
    await this.client.update({ ...ref, name }, { ...current, metadata: { ...current.metadata, labels }, subsets });
  }

  private subsets(svc: KubeObject, pods: KubeObject[]): unknown[] {
    const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
    const groups = new Map<string, { ports: unknown[]; addresses: Address[]; notReadyAddresses: Address[] }>();
    for (const pod of pods) {
      if (!podInEndpoints(pod, false)) continue;
      const ports: unknown[] = [];
      for (const sp of (svc.spec?.ports as ServicePort[] | undefined) ?? []) {
        const port = findPort(pod, sp);
        if (port === undefined) continue;
        ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
      }
      const key = canonicalJson(ports);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { ports, addresses: [], notReadyAddresses: [] }));
      const address: Address = {
        ip: pod.status.podIP,
        ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
        ...(pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name ? { hostname: pod.spec.hostname } : {}),
        targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
      };
      (isPodReady(pod) || publishNotReady ? group.addresses : group.notReadyAddresses).push(address);
    }
    const byIp = (a: Address, b: Address) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);
    return [...groups.values()].map((g) => ({
      ...(g.addresses.length ? { addresses: g.addresses.sort(byIp) } : {}),
      ...(g.notReadyAddresses.length ? { notReadyAddresses: g.notReadyAddresses.sort(byIp) } : {}),
      ...(g.ports.length ? { ports: g.ports } : {}),
    }));
  }
}

function ignoreNotFound(e: unknown): void {
  if (!isNotFound(e)) throw e;
}
