// The resources the garbage collector follows (upstream discovers every deletable resource;
// the emulator follows the kinds that own or are owned in practice) and, from an
// ownerReference's apiVersion and kind, where to find the owner.
import { parseApiVersion, type OwnerReference } from '../../../kube/object';
import { R, type ResourceRef } from '../../client/paths';

export interface MonitoredResource {
  ref: Omit<ResourceRef, 'namespace' | 'name' | 'subresource'>;
  kind: string;
  namespaced: boolean;
}

const m = (ref: MonitoredResource['ref'], kind: string, namespaced = true): MonitoredResource => ({ ref, kind, namespaced });

export const MONITORED: MonitoredResource[] = [
  m(R.pods, 'Pod'),
  m(R.replicaSets, 'ReplicaSet'),
  m(R.deployments, 'Deployment'),
  m(R.daemonSets, 'DaemonSet'),
  m(R.statefulSets, 'StatefulSet'),
  m(R.controllerRevisions, 'ControllerRevision'),
  m(R.jobs, 'Job'),
  m(R.cronJobs, 'CronJob'),
  m(R.services, 'Service'),
  m(R.endpoints, 'Endpoints'),
  m(R.endpointSlices, 'EndpointSlice'),
  m(R.configMaps, 'ConfigMap'),
  m(R.secrets, 'Secret'),
  m(R.serviceAccounts, 'ServiceAccount'),
  m(R.persistentVolumeClaims, 'PersistentVolumeClaim'),
  m(R.podDisruptionBudgets, 'PodDisruptionBudget'),
  m(R.nodes, 'Node', false),
];

const BY_GROUP_KIND = new Map(MONITORED.map((r) => [`${r.ref.group}/${r.kind}`, r]));

/** The monitored resource an ownerReference points to, or undefined for kinds not followed. */
export function resourceOfOwner(ref: OwnerReference): MonitoredResource | undefined {
  return BY_GROUP_KIND.get(`${parseApiVersion(ref.apiVersion).group}/${ref.kind}`);
}
