// The apps/v1 and batch/v1 kinds in the admission registry.

import type { KubeObject } from '../../../kube/object';
import { validateCronJob, validateJob, validateJobUpdate } from './batch';
import type { KindAdmission } from './kind-admission';
import type { Json } from './types';
import { defaultCronJob, defaultDaemonSet, defaultDeployment, defaultJob, defaultReplicaSet, defaultStatefulSet } from './workload-defaults';
import {
  validateDaemonSetSpec,
  validateDeploymentSpec,
  validateReplicaSetSpec,
  validateSelectorImmutable,
  validateStatefulSetSpec,
  validateStatefulSetUpdate,
} from './workloads';

function onSpec(check: (spec: Json) => ReturnType<typeof validateDeploymentSpec>): (obj: KubeObject) => ReturnType<typeof validateDeploymentSpec> {
  return (obj) => check(obj.spec ?? {});
}

export const batchAdmission: Record<string, KindAdmission> = {
  'apps/Deployment': { defaults: defaultDeployment, validate: onSpec(validateDeploymentSpec), validateUpdate: validateSelectorImmutable },
  'apps/ReplicaSet': { defaults: defaultReplicaSet, validate: onSpec(validateReplicaSetSpec), validateUpdate: validateSelectorImmutable },
  'apps/DaemonSet': { defaults: defaultDaemonSet, validate: onSpec(validateDaemonSetSpec), validateUpdate: validateSelectorImmutable },
  'apps/StatefulSet': { defaults: defaultStatefulSet, validate: onSpec(validateStatefulSetSpec), validateUpdate: validateStatefulSetUpdate },
  'batch/Job': { defaults: defaultJob, validate: validateJob, validateUpdate: validateJobUpdate },
  'batch/CronJob': { defaults: defaultCronJob, validate: validateCronJob },
};
