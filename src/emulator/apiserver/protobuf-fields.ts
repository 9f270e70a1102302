// Protobuf field numbers of the built-in types typed clients send (kubectl create/run), from the
// `protobuf:"bytes,N,opt,name=..."` tags of k8s.io/api and apimachinery. The schema graph has the
// field names and types; only the numbers live here. Keys drop the `io.k8s.api.` /
// `io.k8s.apimachinery.pkg.apis.` prefix; values are "jsonName=number" pairs.
const FIELDS: Record<string, string> = {
  'meta.v1.ObjectMeta':
    'name=1 generateName=2 namespace=3 selfLink=4 uid=5 resourceVersion=6 generation=7 creationTimestamp=8 deletionTimestamp=9 deletionGracePeriodSeconds=10 labels=11 annotations=12 ownerReferences=13 finalizers=14 managedFields=17',
  'meta.v1.OwnerReference': 'kind=1 name=3 uid=4 apiVersion=5 controller=6 blockOwnerDeletion=7',
  'meta.v1.ManagedFieldsEntry': 'manager=1 operation=2 apiVersion=3 time=4 fieldsType=6 fieldsV1=7 subresource=8',
  'meta.v1.LabelSelector': 'matchLabels=1 matchExpressions=2',
  'meta.v1.LabelSelectorRequirement': 'key=1 operator=2 values=3',
  'meta.v1.DeleteOptions': 'gracePeriodSeconds=1 preconditions=2 orphanDependents=3 propagationPolicy=4 dryRun=5 ignoreStoreReadErrorWithClusterBreakingPotential=6',
  'meta.v1.Preconditions': 'uid=1 resourceVersion=2',
  'meta.v1.Condition': 'type=1 status=2 observedGeneration=3 lastTransitionTime=4 reason=5 message=6',

  'core.v1.Namespace': 'metadata=1 spec=2 status=3',
  'core.v1.NamespaceSpec': 'finalizers=1',
  'core.v1.NamespaceStatus': 'phase=1',
  'core.v1.ConfigMap': 'metadata=1 data=2 binaryData=3 immutable=4',
  'core.v1.Secret': 'metadata=1 data=2 type=3 stringData=4 immutable=5',
  'core.v1.ServiceAccount': 'metadata=1 secrets=2 imagePullSecrets=3 automountServiceAccountToken=4',
  'core.v1.ObjectReference': 'kind=1 namespace=2 name=3 uid=4 apiVersion=5 resourceVersion=6 fieldPath=7',
  'core.v1.LocalObjectReference': 'name=1',
  'core.v1.Pod': 'metadata=1 spec=2 status=3',
  'core.v1.PodTemplateSpec': 'metadata=1 spec=2',
  'core.v1.PodSpec':
    'volumes=1 containers=2 restartPolicy=3 terminationGracePeriodSeconds=4 activeDeadlineSeconds=5 dnsPolicy=6 nodeSelector=7 serviceAccountName=8 serviceAccount=9 nodeName=10 hostNetwork=11 hostPID=12 hostIPC=13 securityContext=14 imagePullSecrets=15 hostname=16 subdomain=17 affinity=18 schedulerName=19 initContainers=20 automountServiceAccountToken=21 tolerations=22 hostAliases=23 priorityClassName=24 priority=25 dnsConfig=26 shareProcessNamespace=27 readinessGates=28 runtimeClassName=29 enableServiceLinks=30 preemptionPolicy=31 overhead=32 topologySpreadConstraints=33 ephemeralContainers=34 setHostnameAsFQDN=35 os=36 hostUsers=37 schedulingGates=38 resourceClaims=39 resources=40 hostnameOverride=41',
  'core.v1.Container':
    'name=1 image=2 command=3 args=4 workingDir=5 ports=6 env=7 resources=8 volumeMounts=9 livenessProbe=10 readinessProbe=11 lifecycle=12 terminationMessagePath=13 imagePullPolicy=14 securityContext=15 stdin=16 stdinOnce=17 tty=18 envFrom=19 terminationMessagePolicy=20 volumeDevices=21 startupProbe=22 resizePolicy=23 restartPolicy=24',
  'core.v1.ContainerPort': 'name=1 hostPort=2 containerPort=3 protocol=4 hostIP=5',
  'core.v1.EnvVar': 'name=1 value=2 valueFrom=3',
  'core.v1.EnvVarSource': 'fieldRef=1 resourceFieldRef=2 configMapKeyRef=3 secretKeyRef=4',
  'core.v1.ObjectFieldSelector': 'apiVersion=1 fieldPath=2',
  'core.v1.ConfigMapKeySelector': 'key=2 optional=3',
  'core.v1.SecretKeySelector': 'key=2 optional=3',
  'core.v1.ResourceRequirements': 'limits=1 requests=2 claims=3',
  'core.v1.VolumeMount': 'name=1 readOnly=2 mountPath=3 subPath=4 mountPropagation=5 subPathExpr=6 recursiveReadOnly=7',
  'core.v1.Volume': 'name=1',
  'core.v1.EmptyDirVolumeSource': 'medium=1 sizeLimit=2',
  'core.v1.ConfigMapVolumeSource': 'items=2 defaultMode=3 optional=4',
  'core.v1.SecretVolumeSource': 'secretName=1 items=2 defaultMode=3 optional=4',
  'core.v1.PersistentVolumeClaimVolumeSource': 'claimName=1 readOnly=2',
  'core.v1.KeyToPath': 'key=1 path=2 mode=3',
  'core.v1.Toleration': 'key=1 operator=2 value=3 effect=4 tolerationSeconds=5',
  'core.v1.Probe': 'initialDelaySeconds=2 timeoutSeconds=3 periodSeconds=4 successThreshold=5 failureThreshold=6 terminationGracePeriodSeconds=7',
  'core.v1.ExecAction': 'command=1',
  'core.v1.HTTPGetAction': 'path=1 port=2 host=3 scheme=4 httpHeaders=5',
  'core.v1.TCPSocketAction': 'port=1 host=2',
  'core.v1.PodStatus': 'phase=1 conditions=2 message=3 reason=4 hostIP=5 podIP=6 startTime=7 qosClass=9',
  'core.v1.Service': 'metadata=1 spec=2 status=3',
  'core.v1.ServiceSpec':
    'ports=1 selector=2 clusterIP=3 type=4 externalIPs=5 sessionAffinity=7 loadBalancerIP=8 loadBalancerSourceRanges=9 externalName=10 externalTrafficPolicy=11 healthCheckNodePort=12 publishNotReadyAddresses=13 sessionAffinityConfig=14 ipFamilyPolicy=17 clusterIPs=18 ipFamilies=19 allocateLoadBalancerNodePorts=20 loadBalancerClass=21 internalTrafficPolicy=22 trafficDistribution=23',
  'core.v1.ServicePort': 'name=1 protocol=2 port=3 targetPort=4 nodePort=5 appProtocol=6',
  'core.v1.ServiceStatus': 'loadBalancer=1 conditions=2',

  'apps.v1.Deployment': 'metadata=1 spec=2 status=3',
  'apps.v1.DeploymentSpec': 'replicas=1 selector=2 template=3 strategy=4 minReadySeconds=5 revisionHistoryLimit=6 paused=7 progressDeadlineSeconds=9',
  'apps.v1.DeploymentStrategy': 'type=1 rollingUpdate=2',
  'apps.v1.RollingUpdateDeployment': 'maxUnavailable=1 maxSurge=2',
  'apps.v1.DeploymentStatus': 'observedGeneration=1 replicas=2 updatedReplicas=3 availableReplicas=4 unavailableReplicas=5 readyReplicas=7 collisionCount=8',

  'batch.v1.Job': 'metadata=1 spec=2 status=3',
  'batch.v1.JobSpec':
    'parallelism=1 completions=2 activeDeadlineSeconds=3 selector=4 manualSelector=5 template=6 backoffLimit=7 ttlSecondsAfterFinished=8 completionMode=9 suspend=10 podFailurePolicy=11 backoffLimitPerIndex=12 maxFailedIndexes=13 podReplacementPolicy=14 managedBy=15 successPolicy=16',
  'batch.v1.JobStatus': 'startTime=2 completionTime=3 active=4 succeeded=5 failed=6',
  'batch.v1.CronJob': 'metadata=1 spec=2 status=3',
  'batch.v1.CronJobSpec': 'schedule=1 startingDeadlineSeconds=2 concurrencyPolicy=3 suspend=4 jobTemplate=5 successfulJobsHistoryLimit=6 failedJobsHistoryLimit=7 timeZone=8',
  'batch.v1.JobTemplateSpec': 'metadata=1 spec=2',

  'scheduling.v1.PriorityClass': 'metadata=1 value=2 globalDefault=3 description=4 preemptionPolicy=5',
  'policy.v1.PodDisruptionBudget': 'metadata=1 spec=2 status=3',
  'policy.v1.PodDisruptionBudgetSpec': 'minAvailable=1 selector=2 maxUnavailable=3 unhealthyPodEvictionPolicy=4',
  'rbac.v1.Role': 'metadata=1 rules=2',
  'rbac.v1.ClusterRole': 'metadata=1 rules=2 aggregationRule=3',
  'rbac.v1.AggregationRule': 'clusterRoleSelectors=1',
  'rbac.v1.PolicyRule': 'verbs=1 apiGroups=2 resources=3 resourceNames=4 nonResourceURLs=5',
  'rbac.v1.RoleBinding': 'metadata=1 subjects=2 roleRef=3',
  'rbac.v1.ClusterRoleBinding': 'metadata=1 subjects=2 roleRef=3',
  'rbac.v1.Subject': 'kind=1 apiGroup=2 name=3 namespace=4',
  'rbac.v1.RoleRef': 'apiGroup=1 kind=2 name=3',
};

/**
 * Go structs embedded inline (their JSON fields sit in the parent, but protobuf nests them
 * under one field number): parent -> field number -> the embedded struct's fields.
 */
const INLINE: Record<string, Record<number, string>> = {
  'core.v1.Probe': { 1: 'exec=1 httpGet=2 tcpSocket=3 grpc=4' },
  'core.v1.Volume': { 2: 'hostPath=1 emptyDir=2 secret=6 nfs=7 persistentVolumeClaim=10 downwardAPI=16 configMap=19 projected=26 csi=28 ephemeral=29 image=30' },
  'core.v1.ConfigMapVolumeSource': { 1: 'name=1' },
  'core.v1.ConfigMapKeySelector': { 1: 'name=1' },
  'core.v1.SecretKeySelector': { 1: 'name=1' },
};

/** One message's fields: number -> JSON name, or an inline struct's fields nested the same way. */
export interface ProtobufFields {
  [field: number]: string | ProtobufFields;
}

function parse(pairs: string): Record<number, string> {
  const out: Record<number, string> = {};
  for (const pair of pairs.split(' ')) {
    const [name, n] = pair.split('=');
    out[Number(n)] = name;
  }
  return out;
}

const cache = new Map<string, ProtobufFields | undefined>();

function shortName(definition: string): string {
  return definition.replace(/^io\.k8s\.api\./, '').replace(/^io\.k8s\.apimachinery\.pkg\.apis\./, '');
}

/** The field numbers of a definition (full OpenAPI name), or undefined when we have none. */
export function protobufFieldsOf(definition: string): ProtobufFields | undefined {
  if (cache.has(definition)) return cache.get(definition);
  const key = shortName(definition);
  let fields: ProtobufFields | undefined;
  if (FIELDS[key] !== undefined || INLINE[key]) {
    fields = FIELDS[key] ? parse(FIELDS[key]) : {};
    for (const [n, pairs] of Object.entries(INLINE[key] ?? {})) fields[Number(n)] = parse(pairs);
  }
  cache.set(definition, fields);
  return fields;
}
