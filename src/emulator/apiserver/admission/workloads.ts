// apps/v1 validation (kube's ValidateDeployment, ValidateReplicaSet, ValidateDaemonSet,
// ValidateStatefulSet and their updates): selectors that select their template, replica
// counts, rollout strategies, and the fields that never change.

import type { KubeObject } from '../../../kube/object';
import { isValidPercent } from '../../../kube/validation';
import { fieldError } from '../status';
import { isEmptySelector, validateLabelSelector } from './label-selector';
import { labelSelectorFromSpec, matchesLabels } from '../../../kube/selectors';
import { validatePodTemplateSpec } from './pod-spec';
import { child, goIntOrString, goLabelSelector, goStringMap } from './render';
import type { Causes, Json } from './types';
import { jsonEqual, list } from './json';

export function validateNonnegative(value: unknown, path: string): Causes {
  return typeof value === 'number' && value < 0 ? [fieldError.invalid(path, value, 'must be greater than or equal to 0')] : [];
}

/** selector present, valid, non-empty ("empty selector is invalid for <what>"). */
export function validateSelector(spec: Json, path: string, what: string): Causes {
  if (!spec.selector) return [fieldError.required(child(path, 'selector'))];
  const causes = validateLabelSelector(spec.selector, child(path, 'selector'));
  if (isEmptySelector(spec.selector)) causes.push(fieldError.invalidRendered(child(path, 'selector'), goLabelSelector(spec.selector), `empty selector is invalid for ${what}`));
  return causes;
}

/** The template's labels must be selected by the workload's own selector. */
export function validateSelectorMatchesTemplate(selector: Json | undefined, template: Json | undefined, templatePath: string): Causes {
  if (!selector || isEmptySelector(selector) || !template) return [];
  const labels = template.metadata?.labels;
  if (matchesLabels(labelSelectorFromSpec(selector), labels)) return [];
  return [fieldError.invalidRendered(child(templatePath, 'metadata.labels'), goStringMap(labels ?? {}), '`selector` does not match template `labels`')];
}

/** ValidatePodTemplateSpecForReplicaSet: the pods of a controller that keeps them running. */
function validateReplicatedTemplate(spec: Json, path: string, owner: string): Causes {
  const tPath = child(path, 'template');
  if (!spec.template) return [fieldError.required(tPath)];
  // A StatefulSet's pods get a volume per volumeClaimTemplate, so mounts may name them.
  const claimVolumes = owner === 'StatefulSet' ? list(spec.volumeClaimTemplates).map((t) => String(t?.metadata?.name ?? '')).filter(Boolean) : [];
  const causes = [...validateSelectorMatchesTemplate(spec.selector, spec.template, tPath), ...validatePodTemplateSpec(spec.template, tPath, claimVolumes)];
  const podSpec: Json = spec.template.spec ?? {};
  if (podSpec.restartPolicy && podSpec.restartPolicy !== 'Always') causes.push(fieldError.notSupported(child(tPath, 'spec.restartPolicy'), podSpec.restartPolicy, ['Always']));
  if (podSpec.activeDeadlineSeconds != null) causes.push(fieldError.forbidden(child(tPath, 'spec.activeDeadlineSeconds'), `activeDeadlineSeconds in ${owner} is not Supported`));
  return causes;
}

function percentOrInt(v: unknown): number {
  if (typeof v === 'number') return v;
  const m = /^([0-9]+)%$/.exec(String(v ?? ''));
  return m ? Number(m[1]) : 0;
}

/** maxUnavailable/maxSurge: a non-negative int or a percentage, not both zero, unavailable <= 100%. */
function validateRollingParams(ru: Json, path: string): Causes {
  const causes: Causes = [];
  for (const f of ['maxUnavailable', 'maxSurge']) {
    const v = ru[f];
    if (v === undefined || v === null) continue;
    if (typeof v === 'string') for (const msg of isValidPercent(v)) causes.push(fieldError.invalidRendered(child(path, f), goIntOrString(v), msg));
    else causes.push(...validateNonnegative(v, child(path, f)));
  }
  if (percentOrInt(ru.maxUnavailable) === 0 && percentOrInt(ru.maxSurge) === 0) {
    causes.push(fieldError.invalidRendered(child(path, 'maxUnavailable'), goIntOrString(ru.maxUnavailable ?? 0), 'may not be 0 when `maxSurge` is 0'));
  }
  if (typeof ru.maxUnavailable === 'string' && percentOrInt(ru.maxUnavailable) > 100) {
    causes.push(fieldError.invalidRendered(child(path, 'maxUnavailable'), goIntOrString(ru.maxUnavailable), 'must not be greater than 100%'));
  }
  return causes;
}

function validateDeploymentStrategy(strategy: Json | undefined, path: string): Causes {
  const s = strategy ?? {};
  if (s.type === 'Recreate') return s.rollingUpdate ? [fieldError.forbidden(child(path, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")] : [];
  if (s.type === 'RollingUpdate') return s.rollingUpdate ? validateRollingParams(s.rollingUpdate, child(path, 'rollingUpdate')) : [fieldError.required(child(path, 'rollingUpdate'), 'this should be defaulted and never be nil')];
  return [fieldError.notSupported(child(path, 'type'), s.type ?? '', ['Recreate', 'RollingUpdate'])];
}

export function validateDeploymentSpec(spec: Json): Causes {
  const causes = [
    ...validateNonnegative(spec.replicas, 'spec.replicas'),
    ...validateSelector(spec, 'spec', 'deployment'),
    ...validateReplicatedTemplate(spec, 'spec', 'ReplicaSet'),
    ...validateDeploymentStrategy(spec.strategy, 'spec.strategy'),
    ...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
  ];
  if (typeof spec.progressDeadlineSeconds === 'number') {
    causes.push(...validateNonnegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      causes.push(fieldError.invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return causes;
}

export function validateReplicaSetSpec(spec: Json): Causes {
  return [
    ...validateNonnegative(spec.replicas, 'spec.replicas'),
    ...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...validateSelector(spec, 'spec', 'deployment'),
    ...validateReplicatedTemplate(spec, 'spec', 'ReplicaSet'),
  ];
}

export function validateDaemonSetSpec(spec: Json): Causes {
  const causes = [
    ...validateSelector(spec, 'spec', 'daemonset'),
    ...validateReplicatedTemplate(spec, 'spec', 'DaemonSet'),
    ...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
  ];
  const us: Json = spec.updateStrategy ?? {};
  if (us.type === 'RollingUpdate') {
    if (us.rollingUpdate) causes.push(...validateRollingParams(us.rollingUpdate, 'spec.updateStrategy.rollingUpdate'));
  } else if (us.type !== 'OnDelete') {
    causes.push(fieldError.notSupported('spec.updateStrategy.type', us.type ?? '', ['OnDelete', 'RollingUpdate']));
  }
  return causes;
}

export function validateStatefulSetSpec(spec: Json): Causes {
  const causes = [
    ...validateNonnegative(spec.replicas, 'spec.replicas'),
    ...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
    ...validateSelector(spec, 'spec', 'statefulset'),
    ...validateReplicatedTemplate(spec, 'spec', 'StatefulSet'),
  ];
  const pmp = spec.podManagementPolicy;
  if (!pmp) causes.push(fieldError.required('spec.podManagementPolicy'));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') causes.push(fieldError.invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  const us: Json = spec.updateStrategy ?? {};
  if (!us.type) causes.push(fieldError.required('spec.updateStrategy'));
  else if (us.type === 'OnDelete' && us.rollingUpdate) {
    causes.push(fieldError.invalid('spec.updateStrategy.rollingUpdate', us.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (us.type === 'RollingUpdate') {
    causes.push(...validateNonnegative(us.rollingUpdate?.partition, 'spec.updateStrategy.rollingUpdate.partition'));
  } else if (us.type !== 'OnDelete') {
    causes.push(fieldError.invalid('spec.updateStrategy', us, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  for (const f of ['whenDeleted', 'whenScaled']) {
    const v = spec.persistentVolumeClaimRetentionPolicy?.[f];
    if (v !== undefined && v !== 'Retain' && v !== 'Delete') causes.push(fieldError.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, v, ['Retain', 'Delete']));
  }
  return causes;
}

/** Controllers find their pods by selector, so it is fixed for life. */
export function validateSelectorImmutable(obj: KubeObject, old: KubeObject): Causes {
  const next = obj.spec?.selector;
  if (jsonEqual(next, old.spec?.selector)) return [];
  return [fieldError.invalidRendered('spec.selector', goLabelSelector(next), 'field is immutable')];
}

const STATEFULSET_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

export function validateStatefulSetUpdate(obj: KubeObject, old: KubeObject): Causes {
  const strip = (spec: Json | undefined): Json => Object.fromEntries(Object.entries(spec ?? {}).filter(([k]) => !STATEFULSET_MUTABLE.includes(k)));
  if (jsonEqual(strip(obj.spec), strip(old.spec))) return [];
  return [
    fieldError.forbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}
