// The rest of core/v1: Namespace, Node, PersistentVolume(Claim), Endpoints and Event
// defaults and validation.

import type { KubeObject } from '../../../kube/object';
import { isQualifiedName, isValidLabelValue, isValidPortName, isValidPortNum } from '../../../kube/validation';
import { fieldError } from '../status';
import { validateEnum } from './containers';
import { child, index, key } from './render';
import type { Causes, Json } from './types';
import { jsonEqual, list, setDefault, values } from './json';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];


function specOf(obj: KubeObject): Json {
  if (!obj.spec || typeof obj.spec !== 'object') obj.spec = {};
  return obj.spec as Json;
}

export function defaultNamespace(obj: KubeObject): void {
  setDefault(specOf(obj), 'finalizers', ['kubernetes']);
  setDefault(obj, 'status', {});
  setDefault(obj.status, 'phase', 'Active');
  // The NamespaceDefaultLabelName feature: always the namespace's own name, so selectors can use it.
  if (obj.metadata?.name) obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: obj.metadata.name };
}

export function validateNamespace(obj: KubeObject): Causes {
  const causes: Causes = [];
  for (const f of values(obj.spec?.finalizers)) {
    if (!String(f).includes('/')) {
      if (f !== 'kubernetes') causes.push(fieldError.invalid('spec.finalizers', f, 'name is neither a standard finalizer name nor is it fully qualified'));
    } else {
      for (const msg of isQualifiedName(String(f))) causes.push(fieldError.invalid('spec.finalizers', f, msg));
    }
  }
  return causes;
}

export function defaultNode(obj: KubeObject): void {
  specOf(obj);
  setDefault(obj, 'status', {});
  if (obj.status.capacity && !obj.status.allocatable) obj.status.allocatable = { ...obj.status.capacity };
}

export function validateNode(obj: KubeObject): Causes {
  const causes: Causes = [];
  const seen = new Set<string>();
  list(obj.spec?.taints).forEach((t, i) => {
    const p = index('spec.taints', i);
    if (!t.key) causes.push(fieldError.required(child(p, 'key')));
    else for (const msg of isQualifiedName(String(t.key))) causes.push(fieldError.invalid(child(p, 'key'), t.key, msg));
    for (const msg of isValidLabelValue(String(t.value ?? ''))) causes.push(fieldError.invalid(child(p, 'value'), t.value, msg));
    causes.push(...validateEnum(t.effect, child(p, 'effect'), TAINT_EFFECTS));
    const id = `${t.key}/${t.effect}`;
    if (seen.has(id)) causes.push(fieldError.duplicate(p, `taint key: ${t.key}, effect: ${t.effect}`));
    seen.add(id);
  });
  return causes;
}

export function validateNodeUpdate(obj: KubeObject, old: KubeObject): Causes {
  const causes: Causes = [];
  for (const f of ['podCIDR', 'providerID']) {
    const prev = old.spec?.[f];
    if (prev && obj.spec?.[f] !== prev) causes.push(fieldError.forbidden(`spec.${f}`, `node updates may not change ${f} except from "" to valid`));
  }
  return causes;
}

export function defaultPersistentVolume(obj: KubeObject): void {
  const spec = specOf(obj);
  setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setDefault(spec, 'volumeMode', 'Filesystem');
  setDefault(obj, 'status', { phase: 'Pending' });
}

function validateAccessModes(modes: unknown, path: string): Causes {
  const all: string[] = values(modes);
  if (all.length === 0) return [fieldError.required(path)];
  return all.filter((m) => !ACCESS_MODES.includes(m)).map((m) => fieldError.notSupported(path, m, ACCESS_MODES));
}

const PV_SPEC_FIELDS = new Set(['capacity', 'accessModes', 'claimRef', 'persistentVolumeReclaimPolicy', 'storageClassName', 'mountOptions', 'volumeMode', 'nodeAffinity', 'volumeAttributesClassName']);

export function validatePersistentVolume(obj: KubeObject): Causes {
  const spec: Json = obj.spec ?? {};
  const causes = validateAccessModes(spec.accessModes, 'spec.accessModes');
  if (!spec.capacity || Object.keys(spec.capacity).length === 0) causes.push(fieldError.required('spec.capacity'));
  else if (spec.capacity.storage === undefined) causes.push(fieldError.notSupported('spec.capacity', Object.keys(spec.capacity)[0], ['storage']));
  const sources = Object.keys(spec).filter((k) => !PV_SPEC_FIELDS.has(k) && spec[k] != null);
  if (sources.length === 0) causes.push(fieldError.required('spec', 'must specify a volume type'));
  for (const extra of sources.slice(1)) causes.push(fieldError.forbidden(child('spec', extra), 'may not specify more than 1 volume type'));
  if (spec.persistentVolumeReclaimPolicy) causes.push(...validateEnum(spec.persistentVolumeReclaimPolicy, 'spec.persistentVolumeReclaimPolicy', ['Delete', 'Recycle', 'Retain']));
  return causes;
}

export function defaultPersistentVolumeClaim(obj: KubeObject): void {
  setDefault(specOf(obj), 'volumeMode', 'Filesystem');
  setDefault(obj, 'status', { phase: 'Pending' });
}

export function validatePersistentVolumeClaim(obj: KubeObject): Causes {
  const spec: Json = obj.spec ?? {};
  const causes = validateAccessModes(spec.accessModes, 'spec.accessModes');
  if (spec.resources?.requests?.storage === undefined) causes.push(fieldError.required(key('spec.resources', 'storage')));
  return causes;
}

/** A claim's spec is fixed once created, except its storage request and its binding. */
export function validatePersistentVolumeClaimUpdate(obj: KubeObject, old: KubeObject): Causes {
  const strip = (spec: Json | undefined): Json => {
    const s = structuredClone(spec ?? {});
    delete s.resources;
    delete s.volumeAttributesClassName;
    if (!old.spec?.volumeName) delete s.volumeName;
    return s;
  };
  if (jsonEqual(strip(obj.spec), strip(old.spec))) return [];
  return [fieldError.forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims')];
}

export function defaultEndpoints(obj: KubeObject): void {
  for (const subset of list(obj.subsets)) for (const port of list(subset.ports)) setDefault(port, 'protocol', 'TCP');
}

export function validateEndpoints(obj: KubeObject): Causes {
  const causes: Causes = [];
  list(obj.subsets).forEach((subset, i) => {
    list(subset.ports).forEach((port, j) => {
      const p = index(child(index('subsets', i), 'ports'), j);
      if (port.name) for (const msg of isValidPortName(String(port.name))) causes.push(fieldError.invalid(child(p, 'name'), port.name, msg));
      for (const msg of isValidPortNum(port.port)) causes.push(fieldError.invalid(child(p, 'port'), port.port ?? 0, msg));
      causes.push(...validateEnum(port.protocol, child(p, 'protocol'), ['SCTP', 'TCP', 'UDP']));
    });
  });
  return causes;
}

/** core/v1 Event fields that serialize even when empty. */
export function defaultCoreEvent(obj: KubeObject): void {
  if (!('eventTime' in obj)) obj.eventTime = null;
  setDefault(obj, 'reportingComponent', '');
  setDefault(obj, 'reportingInstance', '');
}

/** An event about a namespaced object lives in that object's namespace. */
export function validateCoreEvent(obj: KubeObject): Causes {
  const involved: Json = obj.involvedObject ?? {};
  const ns = obj.metadata?.namespace ?? '';
  const mismatch = involved.namespace ? involved.namespace !== ns : ns !== '' && ns !== 'default';
  return mismatch ? [fieldError.invalid('involvedObject.namespace', involved.namespace ?? '', 'does not match event.namespace')] : [];
}

/** discovery.k8s.io/v1 EndpointSlice: ports default to TCP, the address type is one of three. */
export function defaultEndpointSlice(obj: KubeObject): void {
  for (const port of list(obj.ports)) {
    setDefault(port, 'protocol', 'TCP');
    setDefault(port, 'name', '');
  }
}

export function validateEndpointSlice(obj: KubeObject): Causes {
  const causes = validateEnum(obj.addressType, 'addressType', ['IPv4', 'IPv6', 'FQDN']);
  list(obj.ports).forEach((port, i) => {
    const p = index('ports', i);
    if (port.port != null) for (const msg of isValidPortNum(port.port)) causes.push(fieldError.invalid(child(p, 'port'), port.port, msg));
    causes.push(...validateEnum(port.protocol, child(p, 'protocol'), ['SCTP', 'TCP', 'UDP']));
  });
  return causes;
}
