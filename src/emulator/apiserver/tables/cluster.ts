// Tables of the non-core built-ins: leases, priority classes, disruption budgets, endpoint slices and
// RBAC bindings; and the default "Name, Created At" table kube-apiserver gives kinds without a printer.
import type { KubeObject } from '../../../kube/object';
import { age, ageColumn, column, int, list, META, nameColumn, str, wide, type Printer } from './printer';

export const leasePrinter: Printer = {
  columns: [nameColumn(), column('Holder', 'string', 'io.k8s.api.coordination.v1.LeaseSpec#holderIdentity'), ageColumn()],
  row: (l, now) => ({ cells: [l.metadata?.name ?? '', str(l.spec?.holderIdentity), age(l, now)] }),
};

export const storageClassPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Provisioner', 'string', 'Indicates the type of the provisioner.'),
    column('ReclaimPolicy', 'string', 'Indicates the type of the reclaim policy.'),
    column('VolumeBindingMode', 'string', 'Indicates how PersistentVolumeClaims should be provisioned and bound.'),
    column('AllowVolumeExpansion', 'string', 'Indicates whether the storage class allow volume expand.'),
    ageColumn(),
  ],
  row: (sc, now) => ({
    cells: [sc.metadata?.name ?? '', str(sc.provisioner), str(sc.reclaimPolicy ?? 'Delete'), str(sc.volumeBindingMode ?? 'Immediate'), String(sc.allowVolumeExpansion === true), age(sc, now)],
  }),
};

export const priorityClassPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Value', 'integer', 'io.k8s.api.scheduling.v1.PriorityClass#value'),
    column('Global-Default', 'boolean', 'io.k8s.api.scheduling.v1.PriorityClass#globalDefault'),
    ageColumn(),
    column('PreemptionPolicy', 'string', 'io.k8s.api.scheduling.v1.PriorityClass#preemptionPolicy'),
  ],
  row: (pc, now) => ({ cells: [pc.metadata?.name ?? '', int(pc.value), pc.globalDefault === true, age(pc, now), str(pc.preemptionPolicy)] }),
};

function intOrPercent(v: unknown): string {
  return v === undefined || v === null ? 'N/A' : String(v);
}

export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn(),
  ],
  row: (pdb, now) => ({
    cells: [pdb.metadata?.name ?? '', intOrPercent(pdb.spec?.minAvailable), intOrPercent(pdb.spec?.maxUnavailable), int(pdb.status?.disruptionsAllowed), age(pdb, now)],
  }),
};

/** Up to three items, then "+ N more...", or "<unset>" when empty. */
function listWithMore(items: string[]): string {
  const max = 3;
  const text = items.slice(0, max).join(',');
  if (items.length > max) return `${text} + ${items.length - max} more...`;
  return text || '<unset>';
}

export const endpointSlicePrinter: Printer = {
  columns: [
    nameColumn(),
    column('AddressType', 'string', 'io.k8s.api.discovery.v1.EndpointSlice#addressType'),
    column('Ports', 'string', 'io.k8s.api.discovery.v1.EndpointSlice#ports'),
    column('Endpoints', 'string', 'io.k8s.api.discovery.v1.EndpointSlice#endpoints'),
    ageColumn(),
  ],
  row(slice, now) {
    const ports = list(slice.ports).map((p: any) => (typeof p?.port === 'number' ? String(p.port) : p?.name ?? '*'));
    const addresses = list(slice.endpoints).flatMap((e: any) => list(e?.addresses).map(String));
    return { cells: [slice.metadata?.name ?? '', str(slice.addressType), listWithMore(ports), listWithMore(addresses), age(slice, now)] };
  },
};

function subjects(binding: KubeObject, kind: string): string {
  return list(binding.subjects)
    .filter((s: any) => s?.kind === kind)
    .map((s: any) => (kind === 'ServiceAccount' ? `${str(s.namespace)}/${str(s.name)}` : str(s.name)))
    .join(', ');
}

function bindingPrinter(kind: string): Printer {
  const word = kind === 'RoleBinding' ? 'roleBinding' : 'clusterRoleBinding';
  return {
    columns: [
      nameColumn(),
      column('Role', 'string', `io.k8s.api.rbac.v1.${kind}#roleRef`),
      ageColumn(),
      column('Users', 'string', `Users in the ${word}`, wide),
      column('Groups', 'string', `Groups in the ${word}`, wide),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${word}`, wide),
    ],
    row: (b, now) => ({
      cells: [b.metadata?.name ?? '', `${str(b.roleRef?.kind)}/${str(b.roleRef?.name)}`, age(b, now), subjects(b, 'User'), subjects(b, 'Group'), subjects(b, 'ServiceAccount')],
    }),
  };
}

export const roleBindingPrinter = bindingPrinter('RoleBinding');
export const clusterRoleBindingPrinter = bindingPrinter('ClusterRoleBinding');

/** RFC 3339 without fractions, as Go's time.RFC3339 prints a UTC time. */
export function rfc3339(timestamp: string | undefined): string {
  if (!timestamp) return '';
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? timestamp : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** kube-apiserver's default table for kinds without a printer (e.g. CRDs, Roles). */
export const defaultPrinter: Printer = {
  columns: [nameColumn(), column('Created At', 'date', `${META}#creationTimestamp`)],
  row: (obj) => ({ cells: [obj.metadata?.name ?? '', rfc3339(obj.metadata?.creationTimestamp)] }),
};
