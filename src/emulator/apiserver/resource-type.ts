// What the API server serves: one entry per resource, data rather than a handler per kind.

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** The URL segment, e.g. "pods", "deployments". */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  /** Served subresources, e.g. "status", "scale", "binding", "log", "eviction". */
  subresources?: string[];
  /**
   * The resource whose objects this one serves, converted (kube-apiserver's cohabitating
   * resources): set for events.k8s.io events, which are core events. See storage-conversion.ts.
   */
  storageResource?: { group: string; plural: string };
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function kind(
  group: string,
  version: string,
  kindName: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType {
  return { group, version, kind: kindName, listKind: `${kindName}List`, plural, singular: kindName.toLowerCase(), namespaced, verbs: ALL_VERBS, ...extra };
}

/** The built-in kinds the emulator serves (custom resources are added when their CRD is established). */
export const BUILTIN_RESOURCES: ResourceType[] = [
  kind('', 'v1', 'Namespace', 'namespaces', false, { shortNames: ['ns'], subresources: ['status', 'finalize'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }),
  kind('', 'v1', 'Node', 'nodes', false, { shortNames: ['no'], subresources: ['status'] }),
  kind('', 'v1', 'Pod', 'pods', true, { shortNames: ['po'], categories: ['all'], subresources: ['status', 'binding', 'log', 'eviction', 'exec'] }),
  kind('', 'v1', 'Service', 'services', true, { shortNames: ['svc'], categories: ['all'], subresources: ['status'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] }),
  kind('', 'v1', 'Endpoints', 'endpoints', true, { shortNames: ['ep'], singular: 'endpoints' }),
  kind('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  kind('', 'v1', 'Secret', 'secrets', true),
  kind('', 'v1', 'ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'], subresources: ['token'] }),
  kind('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  kind('', 'v1', 'PersistentVolume', 'persistentvolumes', false, { shortNames: ['pv'], subresources: ['status'] }),
  kind('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, { shortNames: ['pvc'], subresources: ['status'] }),
  kind('apps', 'v1', 'Deployment', 'deployments', true, { shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'] }),
  kind('apps', 'v1', 'ReplicaSet', 'replicasets', true, { shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'] }),
  kind('apps', 'v1', 'DaemonSet', 'daemonsets', true, { shortNames: ['ds'], categories: ['all'], subresources: ['status'] }),
  kind('apps', 'v1', 'StatefulSet', 'statefulsets', true, { shortNames: ['sts'], categories: ['all'], subresources: ['status', 'scale'] }),
  kind('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true),
  kind('batch', 'v1', 'Job', 'jobs', true, { categories: ['all'], subresources: ['status'] }),
  kind('batch', 'v1', 'CronJob', 'cronjobs', true, { shortNames: ['cj'], categories: ['all'], subresources: ['status'] }),
  kind('coordination.k8s.io', 'v1', 'Lease', 'leases', true),
  kind('events.k8s.io', 'v1', 'Event', 'events', true, { shortNames: ['ev'], storageResource: { group: '', plural: 'events' } }),
  kind('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true),
  kind('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', false, { shortNames: ['pc'] }),
  kind('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, { shortNames: ['sc'] }),
  kind('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, { shortNames: ['pdb'], subresources: ['status'] }),
  kind('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  kind('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  kind('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  kind('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  // Create-only kinds answered from memory (auth/reviews.ts): nothing is stored.
  kind('authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', false, { verbs: ['create'] }),
  kind('authorization.k8s.io', 'v1', 'LocalSubjectAccessReview', 'localsubjectaccessreviews', true, { verbs: ['create'] }),
  kind('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, { verbs: ['create'] }),
  kind('authorization.k8s.io', 'v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', false, { verbs: ['create'] }),
  kind('authorization.k8s.io', 'v1', 'SubjectAccessReview', 'subjectaccessreviews', false, { verbs: ['create'] }),
  kind('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, { shortNames: ['crd', 'crds'], subresources: ['status'] }),
];
