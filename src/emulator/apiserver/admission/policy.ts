// scheduling.k8s.io PriorityClass, policy PodDisruptionBudget and coordination.k8s.io Lease:
// defaults and validation.

import type { KubeObject } from '../../../kube/object';
import { isValidPercent } from '../../../kube/validation';
import { fieldError } from '../status';
import { validateEnum } from './containers';
import { validateLabelSelector } from './label-selector';
import { SYSTEM_PRIORITY_CLASSES } from './pod-admission';
import { goIntOrString } from './render';
import type { Causes, Json } from './types';
import { validateNonnegative } from './workloads';
import { setDefault } from './json';

/** The highest priority a user-defined PriorityClass may have. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000;
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];

export function defaultPriorityClass(obj: KubeObject): void {
  setDefault(obj, 'preemptionPolicy', 'PreemptLowerPriority');
}

export function validatePriorityClass(obj: KubeObject): Causes {
  const name = obj.metadata?.name ?? '';
  const causes: Causes = [];
  if (name.startsWith('system-')) {
    const known = SYSTEM_PRIORITY_CLASSES[name];
    const error =
      known === undefined ? `${name} is not a known system priority class` : obj.value !== known ? `value of ${name} PriorityClass must be ${known}` : undefined;
    if (error) causes.push(fieldError.forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${error}`));
  } else if (typeof obj.value === 'number' && obj.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    causes.push(fieldError.forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (obj.preemptionPolicy != null) causes.push(...validateEnum(obj.preemptionPolicy, 'preemptionPolicy', PREEMPTION_POLICIES));
  return causes;
}

export function validatePriorityClassUpdate(obj: KubeObject, old: KubeObject): Causes {
  const causes: Causes = [];
  if (obj.value !== old.value) causes.push(fieldError.forbidden('value', 'may not be changed in an update.'));
  if ((obj.preemptionPolicy ?? null) !== (old.preemptionPolicy ?? null)) causes.push(fieldError.invalid('preemptionPolicy', obj.preemptionPolicy ?? null, 'field is immutable'));
  return causes;
}

function validateIntOrPercent(v: unknown, path: string): Causes {
  if (v === undefined || v === null) return [];
  if (typeof v === 'number') return validateNonnegative(v, path);
  const causes = isValidPercent(String(v)).map((msg) => fieldError.invalidRendered(path, goIntOrString(v), msg));
  if (causes.length === 0 && Number(String(v).slice(0, -1)) > 100) causes.push(fieldError.invalidRendered(path, goIntOrString(v), 'must not be greater than 100%'));
  return causes;
}

export function validatePodDisruptionBudget(obj: KubeObject): Causes {
  const spec: Json = obj.spec ?? {};
  const causes: Causes = [];
  // kube prints the whole spec struct here; JSON carries the same information.
  if (spec.minAvailable != null && spec.maxUnavailable != null) causes.push(fieldError.invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  causes.push(...validateIntOrPercent(spec.minAvailable, 'spec.minAvailable'));
  causes.push(...validateIntOrPercent(spec.maxUnavailable, 'spec.maxUnavailable'));
  causes.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  if (spec.unhealthyPodEvictionPolicy != null) causes.push(...validateEnum(spec.unhealthyPodEvictionPolicy, 'spec.unhealthyPodEvictionPolicy', ['AlwaysAllow', 'IfHealthyBudget']));
  return causes;
}

export function validateLease(obj: KubeObject): Causes {
  const spec: Json = obj.spec ?? {};
  const causes: Causes = [];
  if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0) {
    causes.push(fieldError.invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  causes.push(...validateNonnegative(spec.leaseTransitions, 'spec.leaseTransitions'));
  return causes;
}
