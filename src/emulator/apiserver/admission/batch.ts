// batch/v1 validation (kube's ValidateJob, ValidateCronJob and their updates): pods that run
// to completion, selectors tied to the Job's uid, and cron schedules.

import type { KubeObject } from '../../../kube/object';
import { maxLenError } from '../../../kube/validation';
import { fieldError } from '../status';
import { validateEnum } from './containers';
import { validateLabelSelector } from './label-selector';
import { validatePodTemplateSpec } from './pod-spec';
import { cronScheduleError } from '../../../kube/cron';
import { child, goLabelSelector } from './render';
import type { Causes, Json } from './types';
import { JOB_CONTROLLER_UID_LABEL } from './workload-defaults';
import { validateNonnegative, validateSelectorMatchesTemplate } from './workloads';
import { jsonEqual } from './json';

/** CronJob names leave room for the 11 characters of the Jobs it names after itself. */
export const CRONJOB_NAME_MAX_LENGTH = 52;

/** The checks a JobSpec gets in a Job and in a CronJob's job template. */
function validateJobSpecCommon(spec: Json, path: string): Causes {
  const causes = [
    ...validateNonnegative(spec.parallelism, child(path, 'parallelism')),
    ...validateNonnegative(spec.completions, child(path, 'completions')),
    ...validateNonnegative(spec.backoffLimit, child(path, 'backoffLimit')),
    ...validateNonnegative(spec.ttlSecondsAfterFinished, child(path, 'ttlSecondsAfterFinished')),
  ];
  if (typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds <= 0) {
    causes.push(fieldError.invalid(child(path, 'activeDeadlineSeconds'), spec.activeDeadlineSeconds, 'must be greater than or equal to 0'));
  }
  if (spec.completionMode !== undefined && spec.completionMode !== 'NonIndexed' && spec.completionMode !== 'Indexed') {
    causes.push(fieldError.notSupported(child(path, 'completionMode'), spec.completionMode, ['NonIndexed', 'Indexed']));
  }
  if (spec.completionMode === 'Indexed' && spec.completions == null) causes.push(fieldError.required(child(path, 'completions'), 'when completion mode is Indexed'));
  const tPath = child(path, 'template');
  causes.push(...validatePodTemplateSpec(spec.template, tPath));
  const restartPolicy = spec.template?.spec?.restartPolicy;
  if (spec.template && restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    causes.push(fieldError.notSupported(child(tPath, 'spec.restartPolicy'), restartPolicy ?? '', ['OnFailure', 'Never']));
  }
  if (spec.template?.spec?.activeDeadlineSeconds != null) {
    causes.push(fieldError.forbidden(child(tPath, 'spec.activeDeadlineSeconds'), 'activeDeadlineSeconds in Job is not Supported'));
  }
  return causes;
}

export function validateJob(obj: KubeObject): Causes {
  const spec: Json = obj.spec ?? {};
  const causes = validateJobSpecCommon(spec, 'spec');
  if (!spec.selector) causes.push(fieldError.required('spec.selector'));
  else causes.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  causes.push(...validateSelectorMatchesTemplate(spec.selector, spec.template, 'spec.template'));
  // Without manualSelector the selector must be exactly the generated one.
  if (spec.manualSelector !== true && spec.selector) {
    const uid = obj.metadata?.uid;
    if (!uid) causes.push(fieldError.required('metadata.uid'));
    else if (!jsonEqual(spec.selector, { matchLabels: { [JOB_CONTROLLER_UID_LABEL]: uid } })) {
      causes.push(fieldError.invalidRendered('spec.selector', goLabelSelector(spec.selector), '`selector` not auto-generated'));
    }
  }
  return causes;
}

export function validateJobUpdate(obj: KubeObject, old: KubeObject): Causes {
  const next: Json = obj.spec ?? {};
  const prev: Json = old.spec ?? {};
  const causes: Causes = [];
  if (!jsonEqual(next.selector, prev.selector)) causes.push(fieldError.invalidRendered('spec.selector', goLabelSelector(next.selector), 'field is immutable'));
  if (!jsonEqual(next.completionMode, prev.completionMode)) causes.push(fieldError.invalid('spec.completionMode', next.completionMode ?? null, 'field is immutable'));
  // Indexed Jobs may scale completions together with parallelism (elastic Indexed Jobs).
  if (!jsonEqual(next.completions, prev.completions) && !(next.completionMode === 'Indexed' && next.completions === next.parallelism)) {
    causes.push(fieldError.invalid('spec.completions', next.completions ?? null, 'field is immutable'));
  }
  if (!jsonEqual(next.template, prev.template)) {
    // kube prints the whole core.PodTemplateSpec here; JSON says the same and reads better.
    causes.push(fieldError.invalid('spec.template', next.template ?? null, 'field is immutable'));
  }
  return causes;
}

export function validateCronJob(obj: KubeObject): Causes {
  const spec: Json = obj.spec ?? {};
  const causes: Causes = [];
  const name = obj.metadata?.name ?? '';
  if (name.length > CRONJOB_NAME_MAX_LENGTH) causes.push(fieldError.invalid('metadata.name', name, maxLenError(CRONJOB_NAME_MAX_LENGTH)));
  if (!spec.schedule) {
    causes.push(fieldError.required('spec.schedule'));
  } else if (/TZ/.test(spec.schedule)) {
    causes.push(fieldError.invalid('spec.schedule', spec.schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  } else {
    const err = cronScheduleError(String(spec.schedule));
    if (err) causes.push(fieldError.invalid('spec.schedule', spec.schedule, err));
  }
  if (spec.timeZone != null) causes.push(...validateTimeZone(String(spec.timeZone)));
  causes.push(...validateEnum(spec.concurrencyPolicy, 'spec.concurrencyPolicy', ['Allow', 'Forbid', 'Replace']));
  for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) causes.push(...validateNonnegative(spec[f], `spec.${f}`));
  const jt: Json | undefined = spec.jobTemplate;
  if (!jt) causes.push(fieldError.required('spec.jobTemplate'));
  else causes.push(...validateJobSpecCommon(jt.spec ?? {}, 'spec.jobTemplate.spec'));
  return causes;
}

function validateTimeZone(tz: string): Causes {
  if (tz.toLowerCase() === 'local') {
    return [fieldError.invalid('spec.timeZone', tz, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones')];
  }
  if (tz === '') return [];
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return [];
  } catch {
    return [fieldError.invalid('spec.timeZone', tz, `unknown time zone ${tz}`)];
  }
}
