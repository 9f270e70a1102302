// Server-side printing (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`): the columns and
// row cells kube-apiserver returns for each kind, so `kubectl get` looks the same as on a real cluster.
import type { KubeObject } from '../../../kube/object';
import { BUILTIN_RESOURCES, type ResourceType } from '../resource-type';
import {
  clusterRoleBindingPrinter,
  defaultPrinter,
  endpointSlicePrinter,
  leasePrinter,
  podDisruptionBudgetPrinter,
  priorityClassPrinter,
  roleBindingPrinter,
  storageClassPrinter,
} from './cluster';
import {
  configMapPrinter,
  endpointsPrinter,
  eventPrinter,
  namespacePrinter,
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  secretPrinter,
  serviceAccountPrinter,
  servicePrinter,
} from './core';
import { customResourcePrinter, type PrinterColumn } from './custom-resource';
import { nodePrinter } from './nodes';
import { podPrinter } from './pods';
import type { ColumnDefinition, PrintedRow, Printer } from './printer';
import {
  controllerRevisionPrinter,
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  jobPrinter,
  replicaSetPrinter,
  statefulSetPrinter,
} from './workloads';

export type { ColumnDefinition, PrintedRow, TableRowCondition } from './printer';
export { printerColumnsOf, type PrinterColumn } from './custom-resource';
export { summarizePod } from './pods';

/** group/kind -> printer, for the built-in kinds kube-apiserver has printers for. */
const PRINTERS: Record<string, Printer> = {
  '/Pod': podPrinter,
  '/Node': nodePrinter,
  '/Service': servicePrinter,
  '/Endpoints': endpointsPrinter,
  '/ConfigMap': configMapPrinter,
  '/Secret': secretPrinter,
  '/ServiceAccount': serviceAccountPrinter,
  '/Event': eventPrinter,
  'events.k8s.io/Event': eventPrinter,
  '/Namespace': namespacePrinter,
  '/PersistentVolume': persistentVolumePrinter,
  '/PersistentVolumeClaim': persistentVolumeClaimPrinter,
  'apps/Deployment': deploymentPrinter,
  'apps/ReplicaSet': replicaSetPrinter,
  'apps/DaemonSet': daemonSetPrinter,
  'apps/StatefulSet': statefulSetPrinter,
  'apps/ControllerRevision': controllerRevisionPrinter,
  'batch/Job': jobPrinter,
  'batch/CronJob': cronJobPrinter,
  'coordination.k8s.io/Lease': leasePrinter,
  'discovery.k8s.io/EndpointSlice': endpointSlicePrinter,
  'scheduling.k8s.io/PriorityClass': priorityClassPrinter,
  'storage.k8s.io/StorageClass': storageClassPrinter,
  'policy/PodDisruptionBudget': podDisruptionBudgetPrinter,
  'rbac.authorization.k8s.io/RoleBinding': roleBindingPrinter,
  'rbac.authorization.k8s.io/ClusterRoleBinding': clusterRoleBindingPrinter,
};

const BUILTIN_KINDS = new Set(BUILTIN_RESOURCES.map((r) => `${r.group}/${r.kind}`));

/** A served resource; custom resources may carry their CRD version's printer columns. */
export type PrintableResource = ResourceType & { additionalPrinterColumns?: PrinterColumn[] };

const customPrinters = new WeakMap<PrintableResource, Printer>();

function printerFor(resource: PrintableResource): Printer {
  const key = `${resource.group}/${resource.kind}`;
  const builtin = PRINTERS[key];
  if (builtin) return builtin;
  if (BUILTIN_KINDS.has(key)) return defaultPrinter;
  let printer = customPrinters.get(resource);
  if (!printer) {
    printer = customResourcePrinter(resource.additionalPrinterColumns ?? []);
    customPrinters.set(resource, printer);
  }
  return printer;
}

export function tableColumns(resource: PrintableResource): ColumnDefinition[] {
  return printerFor(resource).columns;
}

/** The row of one object; `now` (ms since the epoch) is the reference for AGE and the like. */
export function tableRow(resource: PrintableResource, obj: KubeObject, now: number): PrintedRow {
  // A stored object is always an object; anything else prints as an empty row rather than throwing.
  const safe = obj && typeof obj === 'object' && !Array.isArray(obj) ? obj : ({ metadata: {} } as KubeObject);
  return printerFor(resource).row(safe, now);
}
