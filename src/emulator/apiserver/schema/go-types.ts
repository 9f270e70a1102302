// The Go types of built-in fields where the OpenAPI schema does not tell them: k8s.io/api's named
// types (v1.Protocol, v1.ResourceList, ...) and the MicroTime timestamps. kube-apiserver's JSON
// decoding names the Go type in its errors ("... of type v1.Protocol"); fields not listed here
// print the type their schema implies (string, int32, []v1.Container, map[string]string, ...).
import type { SchemaNode } from '../schema-types';

const CORE = 'io.k8s.api.core.v1.';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const APPS = 'io.k8s.api.apps.v1.';
const BATCH = 'io.k8s.api.batch.v1.';

export const MICRO_TIME = 'v1.MicroTime';

const RESOURCE_LIST = 'v1.ResourceList';
const CONDITION_STATUS = 'v1.ConditionStatus';

/** `<definition>.<field>` -> the field's Go type (a slice of a named type is written []v1.X). */
export const GO_FIELD_TYPES: Record<string, string> = {
  [`${CORE}Container.imagePullPolicy`]: 'v1.PullPolicy',
  [`${CORE}Container.terminationMessagePolicy`]: 'v1.TerminationMessagePolicy',
  [`${CORE}Container.restartPolicy`]: 'v1.ContainerRestartPolicy',
  [`${CORE}EphemeralContainer.imagePullPolicy`]: 'v1.PullPolicy',
  [`${CORE}EphemeralContainer.terminationMessagePolicy`]: 'v1.TerminationMessagePolicy',
  [`${CORE}ContainerPort.protocol`]: 'v1.Protocol',
  [`${CORE}ServicePort.protocol`]: 'v1.Protocol',
  [`${CORE}EndpointPort.protocol`]: 'v1.Protocol',
  ['io.k8s.api.discovery.v1.EndpointPort.protocol']: 'v1.Protocol',
  ['io.k8s.api.discovery.v1.EndpointSlice.addressType']: 'v1.AddressType',
  [`${CORE}PodSpec.restartPolicy`]: 'v1.RestartPolicy',
  [`${CORE}PodSpec.dnsPolicy`]: 'v1.DNSPolicy',
  [`${CORE}PodSpec.preemptionPolicy`]: 'v1.PreemptionPolicy',
  [`${CORE}PodSpec.overhead`]: RESOURCE_LIST,
  [`${CORE}PodStatus.phase`]: 'v1.PodPhase',
  [`${CORE}PodStatus.qosClass`]: 'v1.PodQOSClass',
  [`${CORE}PodCondition.type`]: 'v1.PodConditionType',
  [`${CORE}PodCondition.status`]: CONDITION_STATUS,
  [`${CORE}PodReadinessGate.conditionType`]: 'v1.PodConditionType',
  [`${CORE}PodOS.name`]: 'v1.OSName',
  [`${CORE}PodSecurityContext.fsGroupChangePolicy`]: 'v1.PodFSGroupChangePolicy',
  [`${CORE}SeccompProfile.type`]: 'v1.SeccompProfileType',
  [`${CORE}TopologySpreadConstraint.whenUnsatisfiable`]: 'v1.UnsatisfiableConstraintAction',
  [`${CORE}ContainerStatus.allocatedResources`]: RESOURCE_LIST,
  [`${CORE}ResourceRequirements.limits`]: RESOURCE_LIST,
  [`${CORE}ResourceRequirements.requests`]: RESOURCE_LIST,
  [`${CORE}VolumeResourceRequirements.limits`]: RESOURCE_LIST,
  [`${CORE}VolumeResourceRequirements.requests`]: RESOURCE_LIST,
  [`${CORE}NodeStatus.capacity`]: RESOURCE_LIST,
  [`${CORE}NodeStatus.allocatable`]: RESOURCE_LIST,
  [`${CORE}NodeStatus.phase`]: 'v1.NodePhase',
  [`${CORE}NodeCondition.type`]: 'v1.NodeConditionType',
  [`${CORE}NodeCondition.status`]: CONDITION_STATUS,
  [`${CORE}NodeAddress.type`]: 'v1.NodeAddressType',
  [`${CORE}NamespaceSpec.finalizers`]: '[]v1.FinalizerName',
  [`${CORE}NamespaceStatus.phase`]: 'v1.NamespacePhase',
  [`${CORE}NamespaceCondition.type`]: 'v1.NamespaceConditionType',
  [`${CORE}NamespaceCondition.status`]: CONDITION_STATUS,
  [`${CORE}PersistentVolumeSpec.capacity`]: RESOURCE_LIST,
  [`${CORE}PersistentVolumeSpec.accessModes`]: '[]v1.PersistentVolumeAccessMode',
  [`${CORE}PersistentVolumeSpec.volumeMode`]: 'v1.PersistentVolumeMode',
  [`${CORE}PersistentVolumeSpec.persistentVolumeReclaimPolicy`]: 'v1.PersistentVolumeReclaimPolicy',
  [`${CORE}PersistentVolumeStatus.phase`]: 'v1.PersistentVolumePhase',
  [`${CORE}PersistentVolumeClaimSpec.accessModes`]: '[]v1.PersistentVolumeAccessMode',
  [`${CORE}PersistentVolumeClaimSpec.volumeMode`]: 'v1.PersistentVolumeMode',
  [`${CORE}PersistentVolumeClaimStatus.phase`]: 'v1.PersistentVolumeClaimPhase',
  [`${CORE}PersistentVolumeClaimStatus.accessModes`]: '[]v1.PersistentVolumeAccessMode',
  [`${CORE}PersistentVolumeClaimStatus.capacity`]: RESOURCE_LIST,
  [`${CORE}PersistentVolumeClaimStatus.allocatedResources`]: RESOURCE_LIST,
  [`${CORE}PersistentVolumeClaimCondition.type`]: 'v1.PersistentVolumeClaimConditionType',
  [`${CORE}PersistentVolumeClaimCondition.status`]: CONDITION_STATUS,
  [`${CORE}ServiceSpec.type`]: 'v1.ServiceType',
  [`${CORE}ServiceSpec.sessionAffinity`]: 'v1.ServiceAffinity',
  [`${CORE}ServiceSpec.externalTrafficPolicy`]: 'v1.ServiceExternalTrafficPolicy',
  [`${CORE}ServiceSpec.internalTrafficPolicy`]: 'v1.ServiceInternalTrafficPolicy',
  [`${CORE}ServiceSpec.ipFamilies`]: '[]v1.IPFamily',
  [`${CORE}ServiceSpec.ipFamilyPolicy`]: 'v1.IPFamilyPolicy',
  [`${CORE}Taint.effect`]: 'v1.TaintEffect',
  [`${CORE}Toleration.operator`]: 'v1.TolerationOperator',
  [`${CORE}Toleration.effect`]: 'v1.TaintEffect',
  [`${CORE}Secret.type`]: 'v1.SecretType',
  [`${CORE}NodeSelectorRequirement.operator`]: 'v1.NodeSelectorOperator',
  [`${CORE}HTTPGetAction.scheme`]: 'v1.URIScheme',
  [`${CORE}Capabilities.add`]: '[]v1.Capability',
  [`${CORE}Capabilities.drop`]: '[]v1.Capability',
  [`${CORE}VolumeMount.mountPropagation`]: 'v1.MountPropagationMode',
  [`${CORE}HostPathVolumeSource.type`]: 'v1.HostPathType',
  [`${CORE}EmptyDirVolumeSource.medium`]: 'v1.StorageMedium',
  [`${CORE}ObjectReference.uid`]: 'types.UID',
  [`${CORE}Event.eventTime`]: MICRO_TIME,
  [`${CORE}EventSeries.lastObservedTime`]: MICRO_TIME,
  ['io.k8s.api.events.v1.Event.eventTime']: MICRO_TIME,
  ['io.k8s.api.events.v1.EventSeries.lastObservedTime']: MICRO_TIME,
  ['io.k8s.api.coordination.v1.LeaseSpec.acquireTime']: MICRO_TIME,
  ['io.k8s.api.coordination.v1.LeaseSpec.renewTime']: MICRO_TIME,
  [`${META}ObjectMeta.uid`]: 'types.UID',
  [`${META}OwnerReference.uid`]: 'types.UID',
  [`${META}LabelSelectorRequirement.operator`]: 'v1.LabelSelectorOperator',
  [`${META}ManagedFieldsEntry.operation`]: 'v1.ManagedFieldsOperationType',
  [`${META}Condition.status`]: CONDITION_STATUS,
  [`${APPS}DeploymentStrategy.type`]: 'v1.DeploymentStrategyType',
  [`${APPS}DeploymentCondition.type`]: 'v1.DeploymentConditionType',
  [`${APPS}DeploymentCondition.status`]: CONDITION_STATUS,
  [`${APPS}ReplicaSetCondition.type`]: 'v1.ReplicaSetConditionType',
  [`${APPS}ReplicaSetCondition.status`]: CONDITION_STATUS,
  [`${APPS}StatefulSetSpec.podManagementPolicy`]: 'v1.PodManagementPolicyType',
  [`${APPS}StatefulSetUpdateStrategy.type`]: 'v1.StatefulSetUpdateStrategyType',
  [`${APPS}StatefulSetCondition.type`]: 'v1.StatefulSetConditionType',
  [`${APPS}StatefulSetCondition.status`]: CONDITION_STATUS,
  [`${APPS}DaemonSetUpdateStrategy.type`]: 'v1.DaemonSetUpdateStrategyType',
  [`${APPS}DaemonSetCondition.type`]: 'v1.DaemonSetConditionType',
  [`${APPS}DaemonSetCondition.status`]: CONDITION_STATUS,
  [`${BATCH}JobCondition.type`]: 'v1.JobConditionType',
  [`${BATCH}JobCondition.status`]: CONDITION_STATUS,
  [`${BATCH}JobSpec.completionMode`]: 'v1.CompletionMode',
  [`${BATCH}JobSpec.podReplacementPolicy`]: 'v1.PodReplacementPolicy',
  [`${BATCH}CronJobSpec.concurrencyPolicy`]: 'v1.ConcurrencyPolicy',
};

/** Marks a field node built for `<definition>.<field>` with its Go type, where the table names one. */
export function markGoType(definition: string, field: string, node: SchemaNode): void {
  const goType = GO_FIELD_TYPES[`${definition}.${field}`];
  if (!goType || node.ref) return;
  node.goType = goType;
  if (goType.startsWith('[]') && node.items && !node.items.ref) node.items.goType = goType.slice(2);
}

/** The Go type of a value of `schema`, as reflect's Type.String() prints it. */
export function goTypeOf(schema: SchemaNode): string {
  if (schema.goType) return schema.goType;
  switch (schema.type) {
    case 'object':
      return schema.ref ? goStructType(schema.ref) : 'map[string]interface {}';
    case 'array':
      return `[]${schema.items ? goTypeOf(schema.items) : 'interface {}'}`;
    case 'map':
      return `map[string]${schema.additionalProperties ? goTypeOf(schema.additionalProperties) : 'interface {}'}`;
    case 'string':
      if (schema.format === 'byte') return '[]uint8';
      if (schema.format === 'date-time') return 'v1.Time';
      return 'string';
    case 'integer':
      return schema.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'int-or-string':
      return 'intstr.IntOrString';
    case 'quantity':
      return 'resource.Quantity';
    default:
      return 'runtime.RawExtension';
  }
}

/** io.k8s.api.core.v1.PodSpec -> v1.PodSpec (package name, then type name). */
export function goStructType(ref: string): string {
  const dot = ref.lastIndexOf('.');
  const pkgDot = ref.lastIndexOf('.', dot - 1);
  return ref.slice(pkgDot + 1);
}

/** io.k8s.api.core.v1.PodSpec -> PodSpec: the struct name encoding/json reports with a field. */
export function goStructName(ref: string): string {
  return ref.slice(ref.lastIndexOf('.') + 1);
}
