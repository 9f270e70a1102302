// Pod validation on create, update and status update (kube's ValidatePodCreate,
// ValidatePodUpdate, ValidatePodStatusUpdate): a running pod's spec is almost immutable.

import type { KubeObject } from '../../../kube/object';
import { inclusiveRangeError } from '../../../kube/validation';
import { fieldError } from '../status';
import { validatePodSpec, validateTolerations } from './pod-spec';
import { child, index, jsonDiffLines } from './render';
import type { Causes, Json } from './types';
import { jsonEqual, list } from './json';

const MAX_INT32 = 2147483647;

export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];


export function validatePodCreate(pod: KubeObject): Causes {
  const causes = validatePodSpec(pod.spec, 'spec');
  const spec: Json = pod.spec ?? {};
  if (list(spec.ephemeralContainers).length > 0) causes.push(fieldError.forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (spec.nodeName && list(spec.schedulingGates).length > 0) {
    causes.push(fieldError.forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  }
  return causes;
}

/** Containers may change only their image; returns stop=true when the lists differ in length. */
function validateContainerUpdates(next: Json[], prev: Json[], path: string): { causes: Causes; stop: boolean } {
  if (next.length !== prev.length) return { causes: [fieldError.forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const causes: Causes = [];
  next.forEach((c, i) => {
    if (!c.image) causes.push(fieldError.required(child(index(path, i), 'image')));
    else if (String(c.image).trim() !== c.image) causes.push(fieldError.invalid(child(index(path, i), 'image'), c.image, 'must not have leading or trailing whitespace'));
  });
  return { causes, stop: false };
}

function withoutSeconds(t: Json): Json {
  const { tolerationSeconds: _ignored, ...rest } = t ?? {};
  return rest;
}

function validateOnlyAddedTolerations(next: Json[], prev: Json[], path: string): Causes {
  for (const old of prev) {
    if (!next.some((t) => jsonEqual(withoutSeconds(old), withoutSeconds(t)))) {
      return [fieldError.forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
    }
  }
  return validateTolerations(next, path);
}

function validateActiveDeadlineUpdate(next: unknown, prev: unknown): Causes {
  const path = 'spec.activeDeadlineSeconds';
  if (next === undefined || next === null) {
    return prev === undefined || prev === null ? [] : [fieldError.invalid(path, null, 'must not update from a positive integer to nil value')];
  }
  if (typeof next !== 'number' || next < 0 || next > MAX_INT32) return [fieldError.invalid(path, next, inclusiveRangeError(0, MAX_INT32))];
  if (typeof prev === 'number' && prev < next) return [fieldError.invalid(path, next, 'must be less than or equal to previous value')];
  return [];
}

/** The spec with every field a user may change set back to its old value (shallow copies only). */
function mungedSpec(next: Json, prev: Json): Json {
  const munged: Json = { ...next };
  for (const listName of ['containers', 'initContainers']) {
    if (Array.isArray(next[listName])) munged[listName] = list(next[listName]).map((c: Json, i: number) => ({ ...c, image: prev[listName]?.[i]?.image }));
  }
  for (const f of ['activeDeadlineSeconds', 'schedulingGates', 'tolerations']) {
    if (prev[f] === undefined) delete munged[f];
    else munged[f] = prev[f];
  }
  if (typeof prev.terminationGracePeriodSeconds === 'number' && prev.terminationGracePeriodSeconds < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = prev.terminationGracePeriodSeconds;
  }
  return munged;
}

export function validatePodUpdate(pod: KubeObject, old: KubeObject): Causes {
  const causes = validatePodSpec(pod.spec, 'spec');
  const next: Json = pod.spec ?? {};
  const prev: Json = old.spec ?? {};
  for (const listName of ['containers', 'initContainers']) {
    const r = validateContainerUpdates(list(next[listName]), list(prev[listName]), `spec.${listName}`);
    causes.push(...r.causes);
    if (r.stop) return causes;
  }
  causes.push(...validateActiveDeadlineUpdate(next.activeDeadlineSeconds, prev.activeDeadlineSeconds));
  causes.push(...validateOnlyAddedTolerations(list(next.tolerations), list(prev.tolerations), 'spec.tolerations'));
  const gatesAdded = list(next.schedulingGates).filter((g) => !list(prev.schedulingGates).some((o) => o.name === g.name));
  if (gatesAdded.length > 0) causes.push(fieldError.forbidden('spec.schedulingGates', `only deletion is allowed, but found new scheduling gate '${gatesAdded[0].name}'`));
  if (jsonEqual(next, prev)) return causes;
  const munged = mungedSpec(next, prev);
  if (!jsonEqual(munged, prev)) {
    const diff = jsonDiffLines(prev, munged, 'spec').join('\n');
    causes.push(fieldError.forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${diff}`));
  }
  return causes;
}

/** Status writes (kubelet, scheduler): the node binding and QoS class are not theirs to change. */
export function validatePodStatusUpdate(pod: KubeObject, old: KubeObject): Causes {
  const causes: Causes = [];
  if ((pod.spec?.nodeName ?? '') !== (old.spec?.nodeName ?? '')) causes.push(fieldError.forbidden('status.nodeName', 'may not be changed directly'));
  const qos = pod.status?.qosClass;
  const oldQos = old.status?.qosClass;
  if (oldQos !== undefined && qos !== oldQos) causes.push(fieldError.invalid('status.qosClass', qos ?? '', 'field is immutable'));
  return causes;
}
