// storage.k8s.io/v1 StorageClass: defaults and validation as in k8s.io/kubernetes
// pkg/apis/storage (reclaimPolicy Delete, volumeBindingMode Immediate; provisioner required).
import type { KubeObject } from '../../../kube/object';
import { fieldError } from '../status';
import { setDefault } from './json';
import type { Causes } from './types';

const RECLAIM_POLICIES = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];

export function defaultStorageClass(obj: KubeObject): void {
  setDefault(obj, 'reclaimPolicy', 'Delete');
  setDefault(obj, 'volumeBindingMode', 'Immediate');
}

export function validateStorageClass(obj: KubeObject): Causes {
  const causes: Causes = [];
  if (typeof obj.provisioner !== 'string' || obj.provisioner === '') causes.push(fieldError.required('provisioner'));
  if (obj.reclaimPolicy != null && !RECLAIM_POLICIES.includes(obj.reclaimPolicy)) causes.push(fieldError.notSupported('reclaimPolicy', obj.reclaimPolicy, RECLAIM_POLICIES));
  if (obj.volumeBindingMode != null && !BINDING_MODES.includes(obj.volumeBindingMode)) causes.push(fieldError.notSupported('volumeBindingMode', obj.volumeBindingMode, BINDING_MODES));
  return causes;
}

export function validateStorageClassUpdate(obj: KubeObject, old: KubeObject): Causes {
  const causes: Causes = [];
  for (const field of ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode'] as const) {
    if (JSON.stringify(obj[field] ?? null) !== JSON.stringify(old[field] ?? null)) causes.push(fieldError.forbidden(field, `updates to ${field} are forbidden.`));
  }
  return causes;
}
