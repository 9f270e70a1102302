// Defaults of apps/v1 and batch/v1 workloads (kube's SetDefaults_Deployment, _ReplicaSet,
// _DaemonSet, _StatefulSet, _Job, _CronJob), plus the selector a Job generates for itself.

import type { KubeObject } from '../../../kube/object';
import { defaultPodTemplate } from './pod-defaults';
import type { Json } from './types';
import { list, setDefault } from './json';

export const JOB_CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_JOB_CONTROLLER_UID_LABEL = 'controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';

function specOf(obj: KubeObject): Json {
  if (!obj.spec || typeof obj.spec !== 'object') obj.spec = {};
  return obj.spec as Json;
}

export function defaultDeployment(obj: KubeObject): void {
  const spec = specOf(obj);
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'strategy', {});
  setDefault(spec.strategy, 'type', 'RollingUpdate');
  if (spec.strategy.type === 'RollingUpdate') {
    setDefault(spec.strategy, 'rollingUpdate', {});
    setDefault(spec.strategy.rollingUpdate, 'maxUnavailable', '25%');
    setDefault(spec.strategy.rollingUpdate, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(spec.template);
}

export function defaultReplicaSet(obj: KubeObject): void {
  const spec = specOf(obj);
  setDefault(spec, 'replicas', 1);
  defaultPodTemplate(spec.template);
}

export function defaultDaemonSet(obj: KubeObject): void {
  const spec = specOf(obj);
  setDefault(spec, 'updateStrategy', {});
  setDefault(spec.updateStrategy, 'type', 'RollingUpdate');
  if (spec.updateStrategy.type === 'RollingUpdate') {
    setDefault(spec.updateStrategy, 'rollingUpdate', {});
    setDefault(spec.updateStrategy.rollingUpdate, 'maxUnavailable', 1);
    setDefault(spec.updateStrategy.rollingUpdate, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(spec.template);
}

export function defaultStatefulSet(obj: KubeObject): void {
  const spec = specOf(obj);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  setDefault(spec, 'updateStrategy', {});
  setDefault(spec.updateStrategy, 'type', 'RollingUpdate');
  if (spec.updateStrategy.type === 'RollingUpdate') {
    setDefault(spec.updateStrategy, 'rollingUpdate', {});
    setDefault(spec.updateStrategy.rollingUpdate, 'partition', 0);
  }
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'persistentVolumeClaimRetentionPolicy', {});
  setDefault(spec.persistentVolumeClaimRetentionPolicy, 'whenDeleted', 'Retain');
  setDefault(spec.persistentVolumeClaimRetentionPolicy, 'whenScaled', 'Retain');
  for (const pvc of list(spec.volumeClaimTemplates)) {
    if (pvc && typeof pvc === 'object') {
      setDefault(pvc, 'spec', {});
      setDefault(pvc.spec, 'volumeMode', 'Filesystem');
      setDefault(pvc, 'status', { phase: 'Pending' });
    }
  }
  defaultPodTemplate(spec.template);
}

/** The Job's own selector and pod labels, tied to its uid (kube's generateSelector). */
function generateJobSelector(obj: KubeObject, spec: Json): void {
  const uid = obj.metadata?.uid;
  const name = obj.metadata?.name;
  if (!uid || spec.manualSelector === true) return;
  setDefault(spec, 'template', {});
  setDefault(spec.template, 'metadata', {});
  const labels: Record<string, string> = (spec.template.metadata.labels ??= {});
  for (const k of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) if (labels[k] === undefined && name) labels[k] = name;
  for (const k of [LEGACY_JOB_CONTROLLER_UID_LABEL, JOB_CONTROLLER_UID_LABEL]) if (labels[k] === undefined) labels[k] = uid;
  setDefault(spec, 'selector', {});
  setDefault(spec.selector, 'matchLabels', {});
  if (spec.selector.matchLabels[JOB_CONTROLLER_UID_LABEL] === undefined) spec.selector.matchLabels[JOB_CONTROLLER_UID_LABEL] = uid;
}

export function defaultJobSpec(spec: Json): void {
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', spec.backoffLimitPerIndex != null ? 2147483647 : 6);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'podReplacementPolicy', spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed');
  defaultPodTemplate(spec.template);
}

export function defaultJob(obj: KubeObject): void {
  const spec = specOf(obj);
  // A Job without labels of its own takes its pods' labels (before the generated ones join them).
  const templateLabels = spec.template?.metadata?.labels;
  if (templateLabels && Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...templateLabels };
  defaultJobSpec(spec);
  generateJobSelector(obj, spec);
}

export function defaultCronJob(obj: KubeObject): void {
  const spec = specOf(obj);
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  // kube defaults only the pod template inside a CronJob's job template, not the JobSpec.
  defaultPodTemplate(spec.jobTemplate?.spec?.template);
}
