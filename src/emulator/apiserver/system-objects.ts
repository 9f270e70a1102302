// What a fresh kube-apiserver creates on its own: the system namespaces and the
// `kubernetes` Service in default with its Endpoints and EndpointSlice (its bootstrap and
// endpoint reconciler; the endpoints controllers skip a Service without a selector),
// idempotently on every start.
import type { KubeObject } from '../../kube/object.js';
import { createObject, type WriteOptions } from './persist.js';
import { storageKey } from './registry.js';
import type { ApiServer } from './server.js';
import { KUBERNETES_SERVICE_IP } from './service-allocation.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The API server's advertised address: the first control-plane node's IP (node 0 of the topology). */
export const KUBERNETES_ENDPOINT_IP = '172.18.0.2';
const SECURE_PORT = 6443;

function options(): WriteOptions {
  return { dryRun: false, manager: 'kube-apiserver', fieldValidation: 'Ignore', warnings: [] };
}

export async function bootstrapClusterObjects(api: ApiServer): Promise<void> {
  const ctx = api.context;
  const namespaces = ctx.registry.lookup('', 'v1', 'namespaces')!;
  for (const name of SYSTEM_NAMESPACES) {
    if (ctx.store.get(storageKey(namespaces, undefined, name))) continue;
    await createObject(ctx, namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, options());
  }
  const services = ctx.registry.lookup('', 'v1', 'services')!;
  if (!ctx.store.get(storageKey(services, 'default', 'kubernetes'))) {
    const svc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: {
        type: 'ClusterIP',
        clusterIP: KUBERNETES_SERVICE_IP,
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
        sessionAffinity: 'None',
      },
    };
    await createObject(ctx, services, svc, options());
  }
  await bootstrapKubernetesEndpoints(api);
}

async function bootstrapKubernetesEndpoints(api: ApiServer): Promise<void> {
  const ctx = api.context;
  const endpoints = ctx.registry.lookup('', 'v1', 'endpoints');
  if (endpoints && !ctx.store.get(storageKey(endpoints, 'default', 'kubernetes'))) {
    const ep: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      // Upstream marks it so the EndpointSlice mirroring controller leaves it alone.
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: KUBERNETES_ENDPOINT_IP }], ports: [{ name: 'https', port: SECURE_PORT, protocol: 'TCP' }] }],
    };
    await createObject(ctx, endpoints, ep, options());
  }
  const slices = ctx.registry.lookup('discovery.k8s.io', 'v1', 'endpointslices');
  if (slices && !ctx.store.get(storageKey(slices, 'default', 'kubernetes'))) {
    const slice: KubeObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: [KUBERNETES_ENDPOINT_IP], conditions: { ready: true } }],
      ports: [{ name: 'https', port: SECURE_PORT, protocol: 'TCP' }],
    };
    await createObject(ctx, slices, slice, options());
  }
}
