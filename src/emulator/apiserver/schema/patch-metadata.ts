// Patch and apply semantics of the built-in types, written from the Kubernetes API reference and the
// struct tags of k8s.io/api (patchStrategy / patchMergeKey / +listType / +listMapKey / +mapType /
// +structType). client-node's models do not carry these, yet strategic merge patch, server-side apply
// and kubectl's client-side apply all depend on them.

export interface FieldPatchMeta {
  patchStrategy?: 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';
  patchMergeKey?: string;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
  mapType?: 'atomic' | 'granular';
}

const CORE = 'io.k8s.api.core.v1.';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const APPS = 'io.k8s.api.apps.v1.';
const BATCH = 'io.k8s.api.batch.v1.';
const CRD = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.';

/** A list merged by one key, with the same key for server-side apply. */
function mergeMap(key: string, ...more: string[]): FieldPatchMeta {
  return { patchStrategy: 'merge', patchMergeKey: key, listType: 'map', listMapKeys: [key, ...more] };
}
const atomic: FieldPatchMeta = { listType: 'atomic' };
const set: FieldPatchMeta = { listType: 'set' };
const mergeSet: FieldPatchMeta = { patchStrategy: 'merge', listType: 'set' };
const atomicMap: FieldPatchMeta = { mapType: 'atomic' };
const conditions = mergeMap('type');

/** Per definition, per JSON field name. */
export const FIELD_PATCH_META: Record<string, Record<string, FieldPatchMeta>> = {
  [META + 'ObjectMeta']: {
    finalizers: mergeSet,
    ownerReferences: mergeMap('uid'),
    managedFields: atomic,
  },
  [META + 'LabelSelector']: { matchExpressions: atomic },
  [META + 'LabelSelectorRequirement']: { values: atomic },
  [META + 'StatusDetails']: { causes: atomic },

  [CORE + 'PodSpec']: {
    volumes: { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] },
    initContainers: mergeMap('name'),
    containers: mergeMap('name'),
    ephemeralContainers: mergeMap('name'),
    imagePullSecrets: mergeMap('name'),
    tolerations: atomic,
    hostAliases: mergeMap('ip'),
    topologySpreadConstraints: { patchStrategy: 'merge', patchMergeKey: 'topologyKey', listType: 'map', listMapKeys: ['topologyKey', 'whenUnsatisfiable'] },
    readinessGates: atomic,
    schedulingGates: mergeMap('name'),
    resourceClaims: { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] },
    nodeSelector: atomicMap,
  },
  [CORE + 'Container']: containerMeta(),
  [CORE + 'EphemeralContainer']: containerMeta(),
  [CORE + 'PodStatus']: {
    conditions,
    podIPs: mergeMap('ip'),
    hostIPs: mergeMap('ip'),
    initContainerStatuses: atomic,
    containerStatuses: atomic,
    ephemeralContainerStatuses: atomic,
    resourceClaimStatuses: { patchStrategy: 'merge,retainKeys', patchMergeKey: 'name', listType: 'map', listMapKeys: ['name'] },
  },
  [CORE + 'ContainerStatus']: { volumeMounts: mergeMap('mountPath'), allocatedResourcesStatus: { listType: 'map', listMapKeys: ['name'] } },
  [CORE + 'PodDNSConfig']: { nameservers: atomic, searches: atomic, options: atomic },
  [CORE + 'PodSecurityContext']: { supplementalGroups: atomic, sysctls: atomic },
  [CORE + 'Capabilities']: { add: atomic, drop: atomic },
  [CORE + 'HostAlias']: { hostnames: atomic },
  [CORE + 'ExecAction']: { command: atomic },
  [CORE + 'HTTPGetAction']: { httpHeaders: atomic },
  [CORE + 'NodeAffinity']: { preferredDuringSchedulingIgnoredDuringExecution: atomic },
  [CORE + 'PodAffinity']: { requiredDuringSchedulingIgnoredDuringExecution: atomic, preferredDuringSchedulingIgnoredDuringExecution: atomic },
  [CORE + 'PodAntiAffinity']: { requiredDuringSchedulingIgnoredDuringExecution: atomic, preferredDuringSchedulingIgnoredDuringExecution: atomic },
  [CORE + 'PodAffinityTerm']: { namespaces: atomic, matchLabelKeys: atomic, mismatchLabelKeys: atomic },
  [CORE + 'NodeSelector']: { nodeSelectorTerms: atomic },
  [CORE + 'NodeSelectorTerm']: { matchExpressions: atomic, matchFields: atomic },
  [CORE + 'NodeSelectorRequirement']: { values: atomic },
  [CORE + 'TopologySpreadConstraint']: { matchLabelKeys: atomic },
  [CORE + 'ConfigMapVolumeSource']: { items: atomic },
  [CORE + 'SecretVolumeSource']: { items: atomic },
  [CORE + 'ConfigMapProjection']: { items: atomic },
  [CORE + 'SecretProjection']: { items: atomic },
  [CORE + 'DownwardAPIVolumeSource']: { items: atomic },
  [CORE + 'DownwardAPIProjection']: { items: atomic },
  [CORE + 'ProjectedVolumeSource']: { sources: atomic },
  [CORE + 'CephFSVolumeSource']: { monitors: atomic },
  [CORE + 'CephFSPersistentVolumeSource']: { monitors: atomic },
  [CORE + 'RBDVolumeSource']: { monitors: atomic },
  [CORE + 'RBDPersistentVolumeSource']: { monitors: atomic },
  [CORE + 'ISCSIVolumeSource']: { portals: atomic },
  [CORE + 'ISCSIPersistentVolumeSource']: { portals: atomic },
  [CORE + 'FCVolumeSource']: { targetWWNs: atomic, wwids: atomic },

  [CORE + 'NodeSpec']: { podCIDRs: mergeSet, taints: atomic },
  [CORE + 'NodeStatus']: {
    conditions,
    addresses: mergeMap('type'),
    images: atomic,
    volumesInUse: atomic,
    volumesAttached: atomic,
    runtimeHandlers: atomic,
  },
  [CORE + 'ContainerImage']: { names: atomic },

  [CORE + 'ServiceSpec']: {
    ports: { patchStrategy: 'merge', patchMergeKey: 'port', listType: 'map', listMapKeys: ['port', 'protocol'] },
    selector: atomicMap,
    clusterIPs: atomic,
    externalIPs: atomic,
    loadBalancerSourceRanges: atomic,
    ipFamilies: atomic,
  },
  [CORE + 'ServiceStatus']: { conditions },
  [CORE + 'LoadBalancerStatus']: { ingress: atomic },
  [CORE + 'LoadBalancerIngress']: { ports: atomic },

  [CORE + 'Endpoints']: { subsets: atomic },
  [CORE + 'EndpointSubset']: { addresses: atomic, notReadyAddresses: atomic, ports: atomic },

  [CORE + 'ServiceAccount']: { secrets: mergeMap('name'), imagePullSecrets: atomic },
  [CORE + 'NamespaceSpec']: { finalizers: atomic },
  [CORE + 'NamespaceStatus']: { conditions },

  [CORE + 'PersistentVolumeSpec']: { accessModes: atomic, mountOptions: atomic },
  [CORE + 'PersistentVolumeClaimSpec']: { accessModes: atomic },
  [CORE + 'PersistentVolumeClaimStatus']: { accessModes: atomic, conditions },

  [APPS + 'DeploymentStatus']: { conditions },
  [APPS + 'ReplicaSetStatus']: { conditions },
  [APPS + 'DaemonSetStatus']: { conditions },
  [APPS + 'StatefulSetStatus']: { conditions },
  [APPS + 'StatefulSetSpec']: { volumeClaimTemplates: atomic },

  [BATCH + 'JobStatus']: { conditions: { patchStrategy: 'merge', patchMergeKey: 'type', listType: 'atomic' } },
  [BATCH + 'CronJobStatus']: { active: atomic },
  [BATCH + 'PodFailurePolicy']: { rules: atomic },
  [BATCH + 'PodFailurePolicyRule']: { onPodConditions: atomic },
  [BATCH + 'PodFailurePolicyOnExitCodesRequirement']: { values: set },
  [BATCH + 'SuccessPolicy']: { rules: atomic },
  [BATCH + 'UncountedTerminatedPods']: { succeeded: set, failed: set },

  ['io.k8s.api.policy.v1.PodDisruptionBudgetStatus']: { conditions },
  ['io.k8s.api.discovery.v1.EndpointSlice']: { endpoints: atomic, ports: atomic },
  ['io.k8s.api.discovery.v1.Endpoint']: { addresses: set },
  ['io.k8s.api.discovery.v1.EndpointHints']: { forZones: atomic, forNodes: atomic },
  ['io.k8s.api.rbac.v1.Role']: { rules: atomic },
  ['io.k8s.api.rbac.v1.ClusterRole']: { rules: atomic },
  ['io.k8s.api.rbac.v1.AggregationRule']: { clusterRoleSelectors: atomic },
  ['io.k8s.api.rbac.v1.PolicyRule']: { verbs: atomic, apiGroups: atomic, resources: atomic, resourceNames: atomic, nonResourceURLs: atomic },
  ['io.k8s.api.rbac.v1.RoleBinding']: { subjects: atomic },
  ['io.k8s.api.rbac.v1.ClusterRoleBinding']: { subjects: atomic },

  [CRD + 'CustomResourceDefinitionSpec']: { versions: atomic },
  [CRD + 'CustomResourceDefinitionNames']: { shortNames: atomic, categories: atomic },
  [CRD + 'CustomResourceDefinitionStatus']: { conditions: { listType: 'map', listMapKeys: ['type'] }, storedVersions: atomic },
  [CRD + 'CustomResourceDefinitionVersion']: { additionalPrinterColumns: atomic, selectableFields: atomic },
  [CRD + 'WebhookConversion']: { conversionReviewVersions: atomic },
};

function containerMeta(): Record<string, FieldPatchMeta> {
  return {
    ports: { patchStrategy: 'merge', patchMergeKey: 'containerPort', listType: 'map', listMapKeys: ['containerPort', 'protocol'] },
    env: mergeMap('name'),
    envFrom: atomic,
    volumeMounts: mergeMap('mountPath'),
    volumeDevices: mergeMap('devicePath'),
    command: atomic,
    args: atomic,
    resizePolicy: atomic,
    restartPolicyRules: atomic,
  };
}

/** Types that are replaced as a whole by apply (x-kubernetes-map-type: atomic on the definition). */
export const ATOMIC_STRUCTS = new Set<string>([
  META + 'LabelSelector',
  META + 'OwnerReference',
  CORE + 'ObjectReference',
  CORE + 'LocalObjectReference',
  CORE + 'TypedLocalObjectReference',
  CORE + 'NodeSelector',
  CORE + 'NodeSelectorTerm',
  CORE + 'TopologySelectorTerm',
  CORE + 'SecretKeySelector',
  CORE + 'ConfigMapKeySelector',
  CORE + 'ObjectFieldSelector',
  CORE + 'ResourceFieldSelector',
  CORE + 'EndpointAddress',
  CORE + 'SecretReference',
  'io.k8s.api.rbac.v1.RoleRef',
  'io.k8s.api.rbac.v1.Subject',
]);
