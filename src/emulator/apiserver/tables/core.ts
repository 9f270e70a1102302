// Tables of the core (v1) kinds other than pods and nodes.
import { humanTimeSince } from '../../../kube/duration';
import type { KubeObject } from '../../../kube/object';
import { age, ageColumn, column, formatLabels, int, list, nameColumn, str, wide, type Printer } from './printer';

const CORE = 'io.k8s.api.core.v1.';

function servicePorts(ports: unknown): string {
  const text = list(ports)
    .map((p) => (p?.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p?.port}/${p?.protocol ?? 'TCP'}`))
    .join(',');
  return text || '<none>';
}

function serviceExternalIP(svc: KubeObject): string {
  const spec = svc.spec ?? {};
  const externalIPs: string[] = list(spec.externalIPs);
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = list(svc.status?.loadBalancer?.ingress).map((i: any) => i?.ip || i?.hostname).filter(Boolean);
      const all = [...lb, ...externalIPs];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

export const servicePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Type', 'string', `${CORE}ServiceSpec#type`),
    column('Cluster-IP', 'string', `${CORE}ServiceSpec#clusterIP`),
    column('External-IP', 'string', `${CORE}ServiceSpec#externalIPs`),
    column('Port(s)', 'string', `${CORE}ServiceSpec#ports`),
    ageColumn(),
    column('Selector', 'string', `${CORE}ServiceSpec#selector`, wide),
  ],
  row(svc, now) {
    const spec = svc.spec ?? {};
    const clusterIP = spec.clusterIPs?.[0] ?? spec.clusterIP ?? '<none>';
    return { cells: [svc.metadata?.name ?? '', spec.type ?? '', clusterIP || '<none>', serviceExternalIP(svc), servicePorts(spec.ports), age(svc, now), formatLabels(spec.selector)] };
  },
};

/** Up to three "ip:port" entries, then "+ N more...", as kubectl shows endpoints. */
export function formatEndpoints(ep: KubeObject): string {
  const subsets = list(ep.subsets);
  if (!subsets.length) return '<none>';
  const max = 3;
  const shown: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = list(ss?.addresses);
    const ports = list(ss?.ports);
    if (!ports.length) {
      count += addresses.length;
      for (const a of addresses) {
        if (shown.length === max) {
          more = true;
          break;
        }
        shown.push(a?.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (shown.length === max) {
          more = true;
          break;
        }
        shown.push(String(a?.ip).includes(':') ? `[${a.ip}]:${port?.port}` : `${a?.ip}:${port?.port}`);
      }
    }
  }
  const text = shown.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

export const endpointsPrinter: Printer = {
  columns: [nameColumn(), column('Endpoints', 'string', `${CORE}Endpoints#subsets`), ageColumn()],
  row: (ep, now) => ({ cells: [ep.metadata?.name ?? '', formatEndpoints(ep), age(ep, now)] }),
};

export const configMapPrinter: Printer = {
  columns: [nameColumn(), column('Data', 'string', `${CORE}ConfigMap#data`), ageColumn()],
  row: (cm, now) => ({ cells: [cm.metadata?.name ?? '', Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, age(cm, now)] }),
};

export const secretPrinter: Printer = {
  columns: [nameColumn(), column('Type', 'string', `${CORE}Secret#type`), column('Data', 'string', `${CORE}Secret#data`), ageColumn()],
  row: (s, now) => ({ cells: [s.metadata?.name ?? '', str(s.type), Object.keys(s.data ?? {}).length, age(s, now)] }),
};

export const serviceAccountPrinter: Printer = {
  columns: [nameColumn(), column('Secrets', 'string', `${CORE}ServiceAccount#secrets`), ageColumn()],
  row: (sa, now) => ({ cells: [sa.metadata?.name ?? '', Array.isArray(sa.secrets) ? sa.secrets.length : 0, age(sa, now)] }),
};

export const namespacePrinter: Printer = {
  columns: [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()],
  row: (ns, now) => ({ cells: [ns.metadata?.name ?? '', str(ns.status?.phase), age(ns, now)] }),
};

/** The event fields kubectl prints, whichever API (core/v1 or events.k8s.io/v1) the event came through. */
function eventFields(e: KubeObject) {
  const events = e.apiVersion === 'events.k8s.io/v1' || ('regarding' in e && !('involvedObject' in e));
  return events
    ? {
      first: e.deprecatedFirstTimestamp, last: e.deprecatedLastTimestamp, count: e.deprecatedCount, eventTime: e.eventTime, series: e.series,
      target: e.regarding ?? {}, message: e.note, component: e.deprecatedSource?.component, host: e.deprecatedSource?.host, reporter: e.reportingController,
    }
    : {
      first: e.firstTimestamp, last: e.lastTimestamp, count: e.count, eventTime: e.eventTime, series: e.series,
      target: e.involvedObject ?? {}, message: e.message, component: e.source?.component, host: e.source?.host, reporter: e.reportingComponent,
    };
}

export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'string', `${CORE}Event#lastTimestamp`),
    column('Type', 'string', `${CORE}Event#type`),
    column('Reason', 'string', `${CORE}Event#reason`),
    column('Object', 'string', `${CORE}Event#involvedObject`),
    column('Subobject', 'string', `${CORE}ObjectReference#fieldPath`, wide),
    column('Source', 'string', `${CORE}Event#source`, wide),
    column('Message', 'string', `${CORE}Event#message`),
    column('First Seen', 'string', `${CORE}Event#firstTimestamp`, wide),
    column('Count', 'string', `${CORE}Event#count`, wide),
    column('Name', 'string', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta#name', { format: 'name', priority: 1 }),
  ],
  row(e, now) {
    const f = eventFields(e);
    const first = f.first ? humanTimeSince(f.first, now) : humanTimeSince(f.eventTime, now);
    let last = f.last ? humanTimeSince(f.last, now) : first;
    let count = int(f.count);
    if (f.series) {
      last = humanTimeSince(f.series.lastObservedTime, now);
      count = int(f.series.count);
    } else if (count === 0) {
      count = 1; // singleton events of the new API carry no count
    }
    const kind = str(f.target.kind).toLowerCase();
    const target = f.target.name ? `${kind}/${f.target.name}` : kind;
    const component = f.component || str(f.reporter);
    const host = f.host || str(e.reportingInstance);
    const source = host ? `${component}, ${host}` : component;
    return { cells: [last, str(e.type), str(e.reason), target, str(f.target.fieldPath), source, str(f.message).trim(), first, count, e.metadata?.name ?? ''] };
  },
};

function accessModes(modes: unknown): string {
  const given = list(modes);
  const short: [string, string][] = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];
  return short.filter(([m]) => given.includes(m)).map(([, s]) => s).join(',');
}

const STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

function storageClass(obj: KubeObject): string {
  return obj.metadata?.annotations?.[STORAGE_CLASS_ANNOTATION] ?? str(obj.spec?.storageClassName);
}

export const persistentVolumePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Capacity', 'string', `${CORE}PersistentVolumeSpec#capacity`),
    column('Access Modes', 'string', `${CORE}PersistentVolumeSpec#accessModes`),
    column('Reclaim Policy', 'string', `${CORE}PersistentVolumeSpec#persistentVolumeReclaimPolicy`),
    column('Status', 'string', `${CORE}PersistentVolumeStatus#phase`),
    column('Claim', 'string', `${CORE}PersistentVolumeSpec#claimRef`),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', `${CORE}PersistentVolumeStatus#reason`),
    ageColumn(),
    column('VolumeMode', 'string', `${CORE}PersistentVolumeSpec#volumeMode`, wide),
  ],
  row(pv, now) {
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${str(spec.claimRef.namespace)}/${str(spec.claimRef.name)}` : '';
    const phase = pv.metadata?.deletionTimestamp ? 'Terminating' : str(pv.status?.phase);
    return {
      cells: [
        pv.metadata?.name ?? '',
        str(spec.capacity?.storage ?? '0'),
        accessModes(spec.accessModes),
        str(spec.persistentVolumeReclaimPolicy),
        phase,
        claim,
        storageClass(pv),
        spec.volumeAttributesClassName ?? '<unset>',
        str(pv.status?.reason),
        age(pv, now),
        spec.volumeMode ?? '<unset>',
      ],
    };
  },
};

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'string', `${CORE}PersistentVolumeClaimStatus#phase`),
    column('Volume', 'string', `${CORE}PersistentVolumeClaimSpec#volumeName`),
    column('Capacity', 'string', `${CORE}PersistentVolumeClaimStatus#capacity`),
    column('Access Modes', 'string', `${CORE}PersistentVolumeClaimStatus#accessModes`),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn(),
    column('VolumeMode', 'string', `${CORE}PersistentVolumeClaimSpec#volumeMode`, wide),
  ],
  row(pvc, now) {
    const spec = pvc.spec ?? {};
    const status = pvc.status ?? {};
    const phase = pvc.metadata?.deletionTimestamp ? 'Terminating' : str(status.phase);
    // Capacity and access modes are shown only once the claim is bound to a volume.
    const bound = Boolean(spec.volumeName);
    return {
      cells: [
        pvc.metadata?.name ?? '',
        phase,
        str(spec.volumeName),
        bound ? str(status.capacity?.storage ?? '0') : '',
        bound ? accessModes(status.accessModes) : '',
        storageClass(pvc),
        status.currentVolumeAttributesClassName ?? '<unset>',
        age(pvc, now),
        spec.volumeMode ?? '<unset>',
      ],
    };
  },
};
