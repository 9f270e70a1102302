// One entry per built-in kind: which defaults and validations apply to it.

import type { KubeObject } from '../../../kube/object';
import type { AdmissionContext, AdmissionDenial, Causes } from './types';

export interface KindAdmission {
  /** Fills in defaults in place; may refuse the object (403). */
  defaults?(obj: KubeObject, creating: boolean, context: AdmissionContext | undefined): AdmissionDenial | undefined | void;
  /**
   * Mutating admission of a create (kube-apiserver's admission plugins), after the field
   * manager has recorded the client's fields; may refuse the object (403).
   */
  admitCreate?(obj: KubeObject, context: AdmissionContext | undefined): AdmissionDenial | undefined;
  /** Checks that apply on create and on every update (kind-specific, metadata aside). */
  validate?(obj: KubeObject): Causes;
  /** Checks only on create. */
  validateCreate?(obj: KubeObject): Causes;
  /** Checks only on update: what may not change. */
  validateUpdate?(obj: KubeObject, old: KubeObject): Causes;
  /** Checks on writes to the status subresource. */
  validateStatus?(obj: KubeObject, old: KubeObject): Causes;
}
