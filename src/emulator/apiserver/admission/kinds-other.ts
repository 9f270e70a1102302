// The kinds of the smaller API groups in the admission registry.

import { defaultCustomResourceDefinition, validateCustomResourceDefinition, validateCustomResourceDefinitionUpdate } from './crd';
import { validateEventsV1, validateEventsV1Update } from './events-v1';
import type { KindAdmission } from './kind-admission';
import {
  defaultPriorityClass,
  validateLease,
  validatePodDisruptionBudget,
  validatePriorityClass,
  validatePriorityClassUpdate,
} from './policy';
import { defaultBinding, validateBinding, validateBindingUpdate, validateRole } from './rbac';
import { defaultStorageClass, validateStorageClass, validateStorageClassUpdate } from './storage';

const RBAC = 'rbac.authorization.k8s.io';

export const otherAdmission: Record<string, KindAdmission> = {
  'scheduling.k8s.io/PriorityClass': { defaults: defaultPriorityClass, validate: validatePriorityClass, validateUpdate: validatePriorityClassUpdate },
  'storage.k8s.io/StorageClass': { defaults: defaultStorageClass, validate: validateStorageClass, validateUpdate: validateStorageClassUpdate },
  'policy/PodDisruptionBudget': { validate: validatePodDisruptionBudget },
  'coordination.k8s.io/Lease': { validate: validateLease },
  'events.k8s.io/Event': { validateCreate: validateEventsV1, validateUpdate: validateEventsV1Update },
  [`${RBAC}/Role`]: { validate: (obj) => validateRole(obj, true) },
  [`${RBAC}/ClusterRole`]: { validate: (obj) => validateRole(obj, false) },
  [`${RBAC}/RoleBinding`]: { defaults: defaultBinding, validate: (obj) => validateBinding(obj, true), validateUpdate: validateBindingUpdate },
  [`${RBAC}/ClusterRoleBinding`]: { defaults: defaultBinding, validate: (obj) => validateBinding(obj, false), validateUpdate: validateBindingUpdate },
  'apiextensions.k8s.io/CustomResourceDefinition': {
    defaults: defaultCustomResourceDefinition,
    validateCreate: (obj) => validateCustomResourceDefinition(obj),
    // Ratcheted schema rules need the old object.
    validateUpdate: (obj, old) => [...validateCustomResourceDefinition(obj, old), ...validateCustomResourceDefinitionUpdate(obj, old)],
  },
};
