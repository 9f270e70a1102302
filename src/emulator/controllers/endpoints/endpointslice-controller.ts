// The endpointslice controller: for every Service with a selector, EndpointSlices
// `<service>-xxxxx` (at most 100 endpoints each, one port set per slice) labelled with the
// Service name and owned by it; endpoints carry ready/serving/terminating conditions.
import type { KubeObject } from '../../../kube/object';
import { isNotFound } from '../../client/loopback-client';
import { R } from '../../client/paths';
import type { ControlLoopContext } from '../../control-loop';
import { QueueController, splitKey } from '../controller-base';
import { canonicalJson, controllerRef, isPodReady } from '../controller-ref';
import { Expectations } from '../expectations';
import { OwnerIndex } from '../owner-index';
import { findPort, podInEndpoints, serviceSelector, ServicePods, type ServicePort } from './service-pods';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
const MANAGED_BY = 'endpointslice-controller.k8s.io';
const MAX_ENDPOINTS_PER_SLICE = 100;

export class EndpointSliceController extends QueueController {
  private pods!: ServicePods;
  private slices!: OwnerIndex;
  /** Slices created but not yet seen by the informer, so a quick resync does not create them twice. */
  private readonly expectations: Expectations;

  constructor(ctx: ControlLoopContext) {
    super('endpointslice-controller', ctx, 5);
    this.expectations = new Expectations(ctx.clock);
  }

  start(): void {
    this.pods = new ServicePods(this.ctx.informers.for(R.pods), this.ctx.informers.for(R.services), (k) => this.queue.add(k));
    const requeue = (s: KubeObject) => {
      const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
      if (svc && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY) this.queue.add(`${s.metadata.namespace}/${svc}`);
    };
    this.slices = new OwnerIndex(
      this.ctx.informers.for(R.endpointSlices),
      (s, old) => {
        if (old) return;
        const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
        if (svc) this.expectations.creationObserved(`${s.metadata.namespace}/${svc}`);
      },
      requeue,
    );
  }

  protected async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = this.ctx.informers.for(R.services).get(namespace, name);
    const selector = svc && serviceSelector(svc);
    if (!svc || !selector) return; // the garbage collector removes slices of deleted Services
    if (!this.expectations.satisfied(key)) {
      this.queue.addAfter(key, 50);
      return;
    }
    const existing = this.slices.owned(svc.metadata.uid).filter((s) => s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY && !s.metadata.deletionTimestamp);
    const desired = this.desiredSlices(svc, this.pods.selected(namespace, selector));
    const ref = { ...R.endpointSlices, namespace };
    const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: MANAGED_BY };
    if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
    const unchanged = new Set<KubeObject>();
    const todo: typeof desired = [];
    for (const d of desired) {
      const same = existing.find((s) => !unchanged.has(s) && canonicalJson(s.endpoints ?? []) === canonicalJson(d.endpoints) && canonicalJson(s.ports ?? []) === canonicalJson(d.ports) && canonicalJson(s.metadata.labels) === canonicalJson(labels));
      if (same) unchanged.add(same);
      else todo.push(d);
    }
    const reusable = existing.filter((s) => !unchanged.has(s));
    const creates = Math.max(0, todo.length - reusable.length) + (desired.length === 0 && existing.length === 0 ? 1 : 0);
    if (creates > 0) this.expectations.expect(key, creates, 0);
    for (const d of todo) {
      const slice = reusable.shift();
      if (slice) {
        await this.client.update({ ...ref, name: slice.metadata.name }, { ...slice, metadata: { ...slice.metadata, labels }, endpoints: d.endpoints, ports: d.ports });
      } else {
        await this.client.create(ref, { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { generateName: `${name}-`, namespace, labels, ownerReferences: [controllerRef(svc)] }, addressType: 'IPv4', endpoints: d.endpoints, ports: d.ports });
      }
    }
    // Upstream keeps one (empty) slice for a Service without endpoints.
    const keepOne = desired.length === 0 && existing.length > 0 && unchanged.size === 0;
    for (const s of reusable.slice(keepOne ? 1 : 0)) await this.client.delete({ ...ref, name: s.metadata.name }).catch((e) => !isNotFound(e) && Promise.reject(e));
    if (keepOne) {
      const s = reusable[0]!;
      if ((s.endpoints ?? []).length > 0) await this.client.update({ ...ref, name: s.metadata.name }, { ...s, endpoints: [], ports: [] });
    } else if (desired.length === 0 && existing.length === 0) {
      await this.client.create(ref, { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { generateName: `${name}-`, namespace, labels, ownerReferences: [controllerRef(svc)] }, addressType: 'IPv4', endpoints: [], ports: [] });
    }
  }

  private desiredSlices(svc: KubeObject, pods: KubeObject[]): { endpoints: unknown[]; ports: unknown[] }[] {
    const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
    const byPorts = new Map<string, { ports: unknown[]; endpoints: { addresses: string[] }[] }>();
    for (const pod of [...pods].sort((a, b) => ((a.status?.podIP ?? '') < (b.status?.podIP ?? '') ? -1 : 1))) {
      if (!podInEndpoints(pod, true)) continue;
      const ports: unknown[] = [];
      for (const sp of (svc.spec?.ports as ServicePort[] | undefined) ?? []) {
        const port = findPort(pod, sp);
        if (port === undefined) continue;
        ports.push({ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
      }
      const key = canonicalJson(ports);
      let group = byPorts.get(key);
      if (!group) byPorts.set(key, (group = { ports, endpoints: [] }));
      const terminating = pod.metadata.deletionTimestamp !== undefined;
      const ready = isPodReady(pod);
      group.endpoints.push({
        addresses: [pod.status.podIP as string],
        conditions: { ready: (ready || publishNotReady) && !terminating, serving: ready || publishNotReady, terminating },
        ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
        targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
        ...(pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name ? { hostname: pod.spec.hostname } : {}),
      } as { addresses: string[] });
    }
    const out: { endpoints: unknown[]; ports: unknown[] }[] = [];
    for (const g of byPorts.values()) {
      for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) out.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
    }
    return out;
  }
}
