// The core/v1 kinds (and EndpointSlice, Endpoints' successor) in the admission registry.

import { defaultSecret, validateConfigMap, validateImmutableData, validateSecret, validateSecretUpdate } from './config';
import {
  defaultCoreEvent,
  defaultEndpointSlice,
  defaultEndpoints,
  defaultNamespace,
  defaultNode,
  defaultPersistentVolume,
  defaultPersistentVolumeClaim,
  validateCoreEvent,
  validateEndpointSlice,
  validateEndpoints,
  validateNamespace,
  validateNode,
  validateNodeUpdate,
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validatePersistentVolumeClaimUpdate,
} from './core-cluster';
import type { KindAdmission } from './kind-admission';
import { validatePodCreate, validatePodStatusUpdate, validatePodUpdate } from './pod';
import { admitPod, defaultPod } from './pod-admission';
import { defaultPodSpec } from './pod-defaults';
import { defaultService, validateService, validateServiceUpdate } from './service';

export const coreAdmission: Record<string, KindAdmission> = {
  '/Pod': {
    defaults: (obj) => {
      defaultPodSpec(obj.spec);
      defaultPod(obj);
    },
    admitCreate: admitPod,
    validateCreate: validatePodCreate,
    validateUpdate: validatePodUpdate,
    validateStatus: validatePodStatusUpdate,
  },
  '/Service': { defaults: defaultService, validate: validateService, validateUpdate: validateServiceUpdate },
  '/Namespace': { defaults: defaultNamespace, validate: validateNamespace },
  '/Node': { defaults: defaultNode, validate: validateNode, validateUpdate: validateNodeUpdate },
  '/ConfigMap': { validate: validateConfigMap, validateUpdate: (obj, old) => validateImmutableData(obj, old, ['data', 'binaryData']) },
  '/Secret': { defaults: defaultSecret, validate: validateSecret, validateUpdate: validateSecretUpdate },
  '/PersistentVolume': { defaults: defaultPersistentVolume, validate: validatePersistentVolume },
  '/PersistentVolumeClaim': { defaults: defaultPersistentVolumeClaim, validate: validatePersistentVolumeClaim, validateUpdate: validatePersistentVolumeClaimUpdate },
  '/Endpoints': { defaults: defaultEndpoints, validate: validateEndpoints },
  '/Event': { defaults: defaultCoreEvent, validate: validateCoreEvent },
  'discovery.k8s.io/EndpointSlice': { defaults: defaultEndpointSlice, validate: validateEndpointSlice },
};
