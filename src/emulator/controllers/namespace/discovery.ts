// The namespaced resources a namespace can hold, from API discovery (as the namespace
// controller's discovery client). Built-in group versions plus those of custom resources.
import type { KubeObject } from '../../../kube/object';
import type { LoopbackClient } from '../../client/loopback-client';
import type { ResourceRef } from '../../client/paths';

const BUILT_IN_GROUP_VERSIONS: [string, string][] = [
  ['', 'v1'],
  ['apps', 'v1'],
  ['batch', 'v1'],
  ['autoscaling', 'v2'],
  ['policy', 'v1'],
  ['networking.k8s.io', 'v1'],
  ['rbac.authorization.k8s.io', 'v1'],
  ['coordination.k8s.io', 'v1'],
  ['discovery.k8s.io', 'v1'],
  ['events.k8s.io', 'v1'],
  ['storage.k8s.io', 'v1'],
];

interface ApiResource {
  name: string;
  namespaced: boolean;
  verbs: string[];
}

export type NamespacedResource = Omit<ResourceRef, 'namespace' | 'name' | 'subresource'> & { deleteCollection: boolean };

export async function namespacedResources(client: LoopbackClient): Promise<NamespacedResource[]> {
  const groupVersions = [...BUILT_IN_GROUP_VERSIONS];
  const crds = await client.list<KubeObject>({ group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' }).catch(() => ({ items: [] as KubeObject[] }));
  for (const crd of crds.items) {
    if (crd.spec?.scope !== 'Namespaced') continue;
    const served = ((crd.spec?.versions as { name: string; served?: boolean; storage?: boolean }[] | undefined) ?? []).find((v) => v.storage) ?? crd.spec?.versions?.[0];
    if (served) groupVersions.push([crd.spec.group as string, served.name]);
  }
  const out: NamespacedResource[] = [];
  const seen = new Set<string>();
  for (const [group, version] of groupVersions) {
    let list: { resources?: ApiResource[] };
    try {
      list = await client.request<{ resources?: ApiResource[] }>('GET', { group, version, resource: '' });
    } catch {
      continue; // a group this server does not serve
    }
    for (const r of list.resources ?? []) {
      if (!r.namespaced || r.name.includes('/') || !r.verbs.includes('list') || !r.verbs.includes('delete')) continue;
      const key = `${group}/${r.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ group, version, resource: r.name, deleteCollection: r.verbs.includes('deletecollection') });
    }
  }
  return out;
}
