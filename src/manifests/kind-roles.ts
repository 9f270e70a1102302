// Which components act on each built-in kind, in the product's own words: the text of the
// `kind:` hover. One entry per kind; the chain says what the object leads to in the cluster.

export interface KindActor {
  /** The component as users see it named (kube-controller-manager, kube-scheduler, kubelet, ...). */
  component: string;
  /** What it does with objects of this kind. */
  does: string;
}

export interface KindRole {
  summary: string;
  actors: KindActor[];
  /** What one object of this kind leads to, e.g. Deployment → ReplicaSet → Pod → node. */
  chain?: string;
}

const API = 'kube-apiserver';
const KCM = 'kube-controller-manager';
const SCHED = 'kube-scheduler';
const KUBELET = 'kubelet';
const PROXY = 'kube-proxy';
const CCM = 'cloud-controller-manager';

const stores = (what: string): KindActor => ({ component: API, does: `validates and stores ${what} in etcd; every other component watches it there` });

const POD_PATH = 'Pod → kube-scheduler picks a node → the kubelet on that node starts its containers through the container runtime';

export const KIND_ROLES: Record<string, KindRole> = {
  Pod: {
    summary: 'The unit that runs: one or more containers sharing a network namespace and volumes, on one node.',
    actors: [
      stores('the Pod (admission fills defaults, the service account token, resource limits from LimitRanges)'),
      { component: SCHED, does: 'filters the nodes that can run it, scores the rest, and binds it to the best (sets spec.nodeName)' },
      { component: KUBELET, does: 'on the chosen node, pulls images, starts the containers through the container runtime, runs probes and reports status' },
      { component: KCM, does: 'the garbage collector deletes it when its owner goes; the node lifecycle controller evicts it from unreachable nodes' },
    ],
    chain: POD_PATH,
  },
  Deployment: {
    summary: 'Declares a replicated, rolling-updated set of Pods.',
    actors: [
      stores('the Deployment'),
      { component: KCM, does: 'the Deployment controller makes one ReplicaSet per Pod template revision and scales old and new ones to roll out (maxSurge, maxUnavailable)' },
      { component: KCM, does: 'the ReplicaSet controller then creates or deletes Pods until the count matches' },
      { component: SCHED, does: 'places each new Pod on a node' },
      { component: KUBELET, does: 'runs the Pods on their nodes' },
    ],
    chain: `Deployment → ReplicaSet → ${POD_PATH}`,
  },
  ReplicaSet: {
    summary: 'Keeps a number of identical Pods running.',
    actors: [
      stores('the ReplicaSet'),
      { component: KCM, does: 'the ReplicaSet controller creates Pods from the template (or deletes extras) until spec.replicas match' },
      { component: SCHED, does: 'places each new Pod' },
      { component: KUBELET, does: 'runs them' },
    ],
    chain: `ReplicaSet → ${POD_PATH}`,
  },
  ReplicationController: {
    summary: 'The older form of ReplicaSet (equality-based selector only).',
    actors: [stores('the ReplicationController'), { component: KCM, does: 'the replication controller keeps spec.replicas Pods running' }, { component: SCHED, does: 'places each Pod' }, { component: KUBELET, does: 'runs them' }],
    chain: `ReplicationController → ${POD_PATH}`,
  },
  StatefulSet: {
    summary: 'Pods with stable names (web-0, web-1, …) and their own PersistentVolumeClaims, created and updated in order.',
    actors: [
      stores('the StatefulSet'),
      { component: KCM, does: 'the StatefulSet controller creates Pods one ordinal at a time, and a PersistentVolumeClaim per volumeClaimTemplate per Pod' },
      { component: KCM, does: 'the PersistentVolume controller binds those claims to volumes' },
      { component: SCHED, does: 'places each Pod where its volumes can be reached (VolumeBinding)' },
      { component: KUBELET, does: 'runs them' },
    ],
    chain: `StatefulSet → Pods + PersistentVolumeClaims → ${POD_PATH}`,
  },
  DaemonSet: {
    summary: 'One Pod on every node (or every node a selector picks).',
    actors: [
      stores('the DaemonSet'),
      { component: KCM, does: 'the DaemonSet controller creates one Pod per eligible node, pinned there with node affinity, and adds tolerations for not-ready and unreachable nodes' },
      { component: SCHED, does: 'binds each Pod to its node (the affinity leaves one choice)' },
      { component: KUBELET, does: 'runs it' },
    ],
    chain: `DaemonSet → one Pod per node → kubelet`,
  },
  Job: {
    summary: 'Pods that run to completion, retried up to backoffLimit.',
    actors: [stores('the Job'), { component: KCM, does: 'the Job controller creates Pods until spec.completions succeed (spec.parallelism at a time) and marks the Job Complete or Failed' }, { component: SCHED, does: 'places each Pod' }, { component: KUBELET, does: 'runs it until its containers exit' }],
    chain: `Job → ${POD_PATH}`,
  },
  CronJob: {
    summary: 'Creates a Job on a schedule.',
    actors: [stores('the CronJob'), { component: KCM, does: 'the CronJob controller creates a Job at each scheduled time, honouring concurrencyPolicy and history limits' }, { component: KCM, does: 'the Job controller then creates its Pods' }],
    chain: `CronJob → Job → ${POD_PATH}`,
  },
  Service: {
    summary: 'A stable virtual IP and DNS name in front of the Pods its selector matches.',
    actors: [
      stores('the Service and allocates its ClusterIP (and NodePorts)'),
      { component: KCM, does: 'the EndpointSlice controller lists the ready Pods that match the selector' },
      { component: PROXY, does: 'on every node, programs iptables/IPVS/nftables rules that send the ClusterIP to those endpoints' },
      { component: CCM, does: 'for type LoadBalancer, the service controller asks the cloud for a load balancer' },
    ],
    chain: 'Service → EndpointSlices → kube-proxy rules on every node',
  },
  Endpoints: { summary: 'The legacy list of addresses behind a Service.', actors: [stores('Endpoints'), { component: KCM, does: 'the Endpoints controller keeps it in sync with the Service\'s ready Pods' }, { component: PROXY, does: 'older proxies read it' }] },
  EndpointSlice: { summary: 'A slice of the addresses behind a Service.', actors: [stores('the EndpointSlice'), { component: KCM, does: 'the EndpointSlice controller writes them for Services with a selector' }, { component: PROXY, does: 'routes Service traffic to the addresses in them' }] },
  Ingress: { summary: 'HTTP routing rules from outside the cluster to Services.', actors: [stores('the Ingress'), { component: 'ingress controller', does: 'an add-on (not part of Kubernetes itself) that matches its IngressClass reads the rules and configures its proxy' }] },
  IngressClass: { summary: 'Names an ingress controller that Ingresses can choose.', actors: [stores('the IngressClass'), { component: 'ingress controller', does: 'claims Ingresses of its class' }] },
  NetworkPolicy: { summary: 'Which Pods may talk to which.', actors: [stores('the NetworkPolicy'), { component: 'network plugin (CNI)', does: 'enforces it on every node; without a plugin that supports policies it has no effect' }] },
  ConfigMap: { summary: 'Configuration data for Pods.', actors: [stores('the ConfigMap'), { component: KUBELET, does: 'projects it into Pods as files or environment variables (files refresh, environment does not)' }] },
  Secret: { summary: 'Sensitive data for Pods (base64 in the API, optionally encrypted at rest).', actors: [stores('the Secret'), { component: KUBELET, does: 'mounts it into Pods on tmpfs or sets environment variables; image pull secrets authenticate registries' }] },
  ServiceAccount: { summary: 'An identity for the processes in a Pod.', actors: [stores('the ServiceAccount'), { component: API, does: 'the ServiceAccount admission plugin sets Pods\' service account and token volume' }, { component: KUBELET, does: 'requests short-lived tokens and mounts them into the Pod' }] },
  Namespace: { summary: 'A scope for names, policies and quotas.', actors: [stores('the Namespace'), { component: KCM, does: 'the namespace controller deletes everything inside when the Namespace is deleted, then removes its finalizer' }, { component: KCM, does: 'the service account controller creates its default ServiceAccount' }] },
  Node: { summary: 'A machine that runs Pods.', actors: [{ component: KUBELET, does: 'registers the Node, reports capacity and conditions, and renews its Lease as a heartbeat' }, { component: KCM, does: 'the node lifecycle controller taints and evicts from Nodes that stop heartbeating' }, { component: SCHED, does: 'places Pods on it according to its allocatable resources, labels and taints' }, { component: CCM, does: 'the node controller fills cloud addresses and removes Nodes whose instance is gone' }] },
  PersistentVolumeClaim: { summary: 'A request for storage by a Pod.', actors: [stores('the claim'), { component: KCM, does: 'the PersistentVolume controller binds it to a matching volume, or a provisioner creates one for its StorageClass' }, { component: SCHED, does: 'VolumeBinding places Pods where their claims can be bound' }, { component: KUBELET, does: 'mounts the volume into the Pod' }] },
  PersistentVolume: { summary: 'A piece of storage in the cluster.', actors: [stores('the volume'), { component: KCM, does: 'the PersistentVolume controller binds it to a claim and reclaims it (Retain/Delete) when released' }, { component: KCM, does: 'the attach/detach controller attaches it to the Pod\'s node' }] },
  StorageClass: { summary: 'A kind of storage that claims can ask for, and who provisions it.', actors: [stores('the StorageClass'), { component: 'CSI provisioner', does: 'creates volumes for claims of this class' }, { component: SCHED, does: 'with volumeBindingMode WaitForFirstConsumer, the volume follows the Pod\'s node choice' }] },
  Role: { summary: 'Permissions inside one namespace.', actors: [stores('the Role'), { component: API, does: 'the RBAC authorizer allows requests the Role grants to its bound subjects' }] },
  ClusterRole: { summary: 'Permissions across the cluster (or reusable in namespaces).', actors: [stores('the ClusterRole'), { component: API, does: 'the RBAC authorizer allows what it grants; the clusterrole-aggregation controller in kube-controller-manager merges aggregated roles' }] },
  RoleBinding: { summary: 'Grants a Role or ClusterRole to subjects in one namespace.', actors: [stores('the binding'), { component: API, does: 'the RBAC authorizer reads it on every request' }] },
  ClusterRoleBinding: { summary: 'Grants a ClusterRole to subjects cluster-wide.', actors: [stores('the binding'), { component: API, does: 'the RBAC authorizer reads it on every request' }] },
  ResourceQuota: { summary: 'Caps what one namespace may use.', actors: [stores('the quota'), { component: API, does: 'the ResourceQuota admission plugin rejects creates that would exceed it' }, { component: KCM, does: 'the resource quota controller recalculates status.used' }] },
  LimitRange: { summary: 'Default and bounds for container resources in a namespace.', actors: [stores('the LimitRange'), { component: API, does: 'the LimitRanger admission plugin fills default requests and limits into new Pods and rejects ones out of bounds' }] },
  HorizontalPodAutoscaler: { summary: 'Scales a Deployment, StatefulSet or ReplicaSet on metrics.', actors: [stores('the autoscaler'), { component: KCM, does: 'the horizontal pod autoscaler controller reads metrics (metrics-server) and sets the target\'s replicas' }] },
  PodDisruptionBudget: { summary: 'How many Pods of a set may be down for voluntary disruptions.', actors: [stores('the budget'), { component: KCM, does: 'the disruption controller computes how many Pods may be disrupted' }, { component: API, does: 'the eviction API refuses evictions (drains) that would break it' }, { component: SCHED, does: 'preemption prefers victims whose budgets allow it' }] },
  PriorityClass: { summary: 'A named priority for Pods.', actors: [stores('the PriorityClass'), { component: API, does: 'the Priority admission plugin turns priorityClassName into spec.priority' }, { component: SCHED, does: 'orders its queue by priority and preempts lower-priority Pods to place higher ones' }, { component: KUBELET, does: 'evicts lower priorities first under node pressure' }] },
  RuntimeClass: { summary: 'A container runtime configuration Pods can choose.', actors: [stores('the RuntimeClass'), { component: API, does: 'adds its overhead and scheduling constraints to Pods that use it' }, { component: KUBELET, does: 'starts the Pod with that runtime handler' }] },
  Lease: { summary: 'A lightweight lock and heartbeat.', actors: [stores('the Lease'), { component: KUBELET, does: 'renews its node\'s Lease in kube-node-lease as a heartbeat' }, { component: KCM, does: 'uses Leases for leader election (kube-scheduler does too)' }] },
  Event: { summary: 'A record of something that happened to an object.', actors: [{ component: 'every component', does: 'kube-scheduler, the controllers and the kubelet report what they did as Events' }, stores('Events for a limited time (one hour by default)')] },
  CustomResourceDefinition: { summary: 'Adds a new kind to the API.', actors: [stores('the definition'), { component: API, does: 'starts serving the new resource (REST paths, discovery, OpenAPI, validation from its schema)' }, { component: 'operator', does: 'a controller you install watches the custom resources and acts on them' }] },
  APIService: { summary: 'Registers an API group served by another server (e.g. metrics-server).', actors: [stores('the APIService'), { component: API, does: 'the aggregation layer proxies that group\'s requests to the backing Service' }] },
  MutatingWebhookConfiguration: { summary: 'Webhooks that may change objects before they are stored.', actors: [stores('the configuration'), { component: API, does: 'calls the webhooks during admission, before validation' }] },
  ValidatingWebhookConfiguration: { summary: 'Webhooks that may reject objects before they are stored.', actors: [stores('the configuration'), { component: API, does: 'calls the webhooks during admission, after mutation' }] },
  ValidatingAdmissionPolicy: { summary: 'CEL rules that may reject objects, evaluated in the API server.', actors: [stores('the policy'), { component: API, does: 'evaluates it during admission for the resources its bindings select' }] },
  ValidatingAdmissionPolicyBinding: { summary: 'Applies a ValidatingAdmissionPolicy to resources.', actors: [stores('the binding'), { component: API, does: 'evaluates the bound policy during admission' }] },
  CertificateSigningRequest: { summary: 'A request for a signed certificate.', actors: [stores('the request'), { component: KCM, does: 'the CSR approving and signing controllers approve kubelet requests and sign approved ones' }] },
  PodTemplate: { summary: 'A stored Pod template (rarely used directly).', actors: [stores('the template')] },
  ControllerRevision: { summary: 'An immutable snapshot of a StatefulSet\'s or DaemonSet\'s template, for rollbacks.', actors: [{ component: KCM, does: 'the StatefulSet and DaemonSet controllers write and prune them' }] },
  VolumeAttachment: { summary: 'A volume attached to a node.', actors: [{ component: KCM, does: 'the attach/detach controller creates it' }, { component: 'CSI external-attacher', does: 'attaches the volume and marks it attached' }] },
  CSIDriver: { summary: 'Describes a CSI storage driver.', actors: [stores('the driver description'), { component: KUBELET, does: 'calls the driver as it describes (attach required, pod info on mount)' }] },
  CSINode: { summary: 'The CSI drivers installed on one node.', actors: [{ component: KUBELET, does: 'writes it when drivers register' }, { component: SCHED, does: 'reads per-driver volume limits' }] },
  FlowSchema: { summary: 'Classifies API requests for API priority and fairness.', actors: [stores('the FlowSchema'), { component: API, does: 'sorts each request into a priority level by these rules' }] },
  PriorityLevelConfiguration: { summary: 'Concurrency shares for a class of API requests.', actors: [stores('the configuration'), { component: API, does: 'queues and limits requests of that level' }] },
};
