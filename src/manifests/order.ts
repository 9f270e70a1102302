// The order objects are applied in, as helm installs them (and as kubectl users expect):
// Namespaces and CRDs first, so what lives in them or is made of them can be created.
import type { KubeObject } from '../kube/object';

const INSTALL_ORDER = [
  'Namespace',
  'CustomResourceDefinition',
  'PriorityClass',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];
const rank = new Map(INSTALL_ORDER.map((kind, i) => [kind, i]));

/** Stable sort into install order; unknown kinds (custom resources) go last, in file order. */
export function installOrder<T extends { object?: KubeObject }>(items: readonly T[]): T[] {
  const key = (t: T) => rank.get(t.object?.kind ?? '') ?? INSTALL_ORDER.length;
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => key(a.item) - key(b.item) || a.i - b.i)
    .map((x) => x.item);
}

/** Deletion goes the other way: dependents before what they live in. */
export function deleteOrder<T extends { object?: KubeObject }>(items: readonly T[]): T[] {
  return installOrder(items).reverse();
}
