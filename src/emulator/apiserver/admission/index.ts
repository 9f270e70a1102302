// The emulator's admission chain for built-in kinds: defaulting (kube's SetDefaults_*), the
// mutating plugins ServiceAccount, DefaultTolerationSeconds and Priority, and validation
// (kube's ValidateXxx) with kube's field paths and wording. The API server core calls
// applyDefaults (phase 'defaults', then managedFields, then phase 'admission'), then validate,
// and turns causes into 422 Invalid / denials into 403 Forbidden.

import type { KubeObject } from '../../../kube/object';
import type { ResourceType } from '../resource-type';
import { batchAdmission } from './kinds-batch-apps';
import { coreAdmission } from './kinds-core';
import { otherAdmission } from './kinds-other';
import type { KindAdmission } from './kind-admission';
import { validateMetaTypes, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import type { AdmissionContext, AdmissionDenial, Causes } from './types';
import { validateNonnegative } from './workloads';

export type { AdmissionContext, AdmissionDenial, PriorityClassInfo } from './types';
export { SYSTEM_PRIORITY_CLASSES } from './pod-admission';

/** What the core tells admission about the request, beyond the object. */
export interface DefaultingContext extends AdmissionContext {
  /** CREATE runs the create-only plugins (ServiceAccount, tolerations, Priority, initial status). */
  operation?: 'CREATE' | 'UPDATE';
  /**
   * 'defaults': scheme defaulting only; 'admission': the mutating admission plugins only
   * (creates). kube-apiserver records managedFields between the two. Unset: both.
   */
  phase?: 'defaults' | 'admission';
}

const KINDS: Record<string, KindAdmission> = { ...coreAdmission, ...batchAdmission, ...otherAdmission };

function kindOf(resource: ResourceType): KindAdmission | undefined {
  return KINDS[`${resource.group}/${resource.kind}`];
}

/**
 * Fills in defaults in place (pods and every pod template included). Returns a denial when an
 * admission plugin refuses the object (e.g. an unknown priorityClassName): raise it as
 * 403 Forbidden. Without `context.operation`, an object without resourceVersion counts as new.
 * Cluster-scoped objects lose any metadata.namespace, as kube-apiserver drops it.
 */
export function applyDefaults(resource: ResourceType, obj: KubeObject, context?: DefaultingContext): AdmissionDenial | undefined {
  if (!obj || typeof obj !== 'object') return undefined;
  if (obj.metadata === undefined) obj.metadata = {};
  // Ill-typed metadata is validate's to report; defaulting would only trip over it.
  if (validateMetaTypes(obj).length > 0) return undefined;
  if (!resource.namespaced && obj.metadata.namespace !== undefined) delete obj.metadata.namespace;
  const creating = context?.operation ? context.operation === 'CREATE' : !obj.metadata.resourceVersion;
  const kind = kindOf(resource);
  try {
    if (context?.phase !== 'admission') {
      const denial = kind?.defaults?.(obj, creating, context);
      if (denial) return denial;
    }
    if (context?.phase !== 'defaults' && creating) return kind?.admitCreate?.(obj, context) ?? undefined;
    return undefined;
  } catch (err) {
    // A field of the wrong JSON type (kube rejects those while decoding): validate reports it.
    if (err instanceof TypeError) return undefined;
    throw err;
  }
}

/**
 * Validation causes for a create (`old` undefined) or an update; empty means valid. For the
 * status subresource only metadata and status rules apply; `scale` checks the replica count.
 */
export function validate(resource: ResourceType, obj: KubeObject, old: KubeObject | undefined, subresource?: string): Causes {
  const kind = kindOf(resource);
  const typeErrors = validateMetaTypes(obj);
  if (typeErrors.length > 0) return typeErrors;
  try {
    return validateChecked(resource, kind, obj, old, subresource);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    // Last resort for JSON of a shape no check expected: a 422 rather than a crashed request.
    return [{ reason: 'FieldValueInvalid', message: `Invalid value: the object does not have the shape of a ${resource.kind}: ${err.message}` }];
  }
}

function validateChecked(resource: ResourceType, kind: KindAdmission | undefined, obj: KubeObject, old: KubeObject | undefined, subresource?: string): Causes {
  if (subresource === 'scale') return validateNonnegative(obj?.spec?.replicas, 'spec.replicas');
  if (subresource === 'status') return old ? [...validateObjectMetaUpdate(obj, old), ...(kind?.validateStatus?.(obj, old) ?? [])] : [];
  if (subresource) return [];
  if (!old) return [...validateObjectMeta(resource, obj), ...(kind?.validate?.(obj) ?? []), ...(kind?.validateCreate?.(obj) ?? [])];
  return [...validateObjectMetaUpdate(obj, old), ...(kind?.validate?.(obj) ?? []), ...(kind?.validateUpdate?.(obj, old) ?? [])];
}
