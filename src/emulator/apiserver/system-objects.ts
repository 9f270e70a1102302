// What a fresh kube-apiserver creates on its own: the system namespaces and the
// `kubernetes` Service in default (its bootstrap controller), idempotently on every start.
import type { KubeObject } from '../../kube/object.js';
import { createObject, type WriteOptions } from './persist.js';
import { storageKey } from './registry.js';
import type { ApiServer } from './server.js';
import { KUBERNETES_SERVICE_IP } from './service-allocation.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

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
}
