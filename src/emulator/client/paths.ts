// REST paths of the Kubernetes API, as client-go builds them.

export interface ResourceRef {
  group: string;
  version: string;
  /** The plural resource name, e.g. "pods". */
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export function resourcePath(ref: ResourceRef): string {
  const base = ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`;
  let path = ref.namespace !== undefined ? `${base}/namespaces/${encodeURIComponent(ref.namespace)}/${ref.resource}` : `${base}/${ref.resource}`;
  if (ref.name !== undefined) path += `/${encodeURIComponent(ref.name)}`;
  if (ref.subresource !== undefined) path += `/${ref.subresource}`;
  return path;
}

/** Frequently used resources, so control loops name them once. */
export const R = {
  pods: { group: '', version: 'v1', resource: 'pods' },
  nodes: { group: '', version: 'v1', resource: 'nodes' },
  namespaces: { group: '', version: 'v1', resource: 'namespaces' },
  services: { group: '', version: 'v1', resource: 'services' },
  endpoints: { group: '', version: 'v1', resource: 'endpoints' },
  events: { group: '', version: 'v1', resource: 'events' },
  serviceAccounts: { group: '', version: 'v1', resource: 'serviceaccounts' },
  secrets: { group: '', version: 'v1', resource: 'secrets' },
  configMaps: { group: '', version: 'v1', resource: 'configmaps' },
  persistentVolumes: { group: '', version: 'v1', resource: 'persistentvolumes' },
  persistentVolumeClaims: { group: '', version: 'v1', resource: 'persistentvolumeclaims' },
  deployments: { group: 'apps', version: 'v1', resource: 'deployments' },
  replicaSets: { group: 'apps', version: 'v1', resource: 'replicasets' },
  daemonSets: { group: 'apps', version: 'v1', resource: 'daemonsets' },
  statefulSets: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  controllerRevisions: { group: 'apps', version: 'v1', resource: 'controllerrevisions' },
  jobs: { group: 'batch', version: 'v1', resource: 'jobs' },
  cronJobs: { group: 'batch', version: 'v1', resource: 'cronjobs' },
  leases: { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' },
  endpointSlices: { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' },
  priorityClasses: { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses' },
  podDisruptionBudgets: { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' },
  storageClasses: { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' },
} satisfies Record<string, Omit<ResourceRef, 'namespace' | 'name' | 'subresource'>>;

export type KnownResource = (typeof R)[keyof typeof R];
