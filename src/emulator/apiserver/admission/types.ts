// Shared shapes of the admission chain: what the API server core passes in, and the one
// kind of refusal that is not a 422 (admission plugins answer 403 Forbidden).

import type { StatusCause } from '../status';

/** A PriorityClass as the Priority admission plugin needs it. */
export interface PriorityClassInfo {
  value: number;
  preemptionPolicy?: string;
}

/** Lookups the core provides so admission can resolve references to other objects. */
export interface AdmissionContext {
  /** The PriorityClass named `name`, or undefined when none exists. Preferred over priorityClassValue. */
  priorityClass?(name: string): PriorityClassInfo | undefined;
  /** Only the value of the PriorityClass named `name`, or undefined when none exists. */
  priorityClassValue?(name: string): number | undefined;
  /** The PriorityClass marked globalDefault, if any (used when a pod names none). */
  globalDefaultPriorityClass?(): (PriorityClassInfo & { name: string }) | undefined;
  /**
   * The ServiceAccount a new pod names, or undefined when it does not exist (the pod is then
   * refused, as kube-apiserver does). Without this hook every account counts as existing.
   */
  serviceAccount?(namespace: string, name: string): { automountServiceAccountToken?: boolean } | undefined;
  /** false: do not add the kube-api-access-xxxxx token volume to new pods (default: add it). */
  mountServiceAccountToken?: boolean;
}

/**
 * An admission plugin's refusal: kube-apiserver answers 403 Forbidden with
 * `pods "x" is forbidden: <message>`. The core raises it with ApiError.forbidden(target, message).
 */
export interface AdmissionDenial {
  code: 403;
  reason: 'Forbidden';
  message: string;
}

export type Causes = StatusCause[];

/** Any JSON object inside a KubeObject (spec, containers, ...). */
export type Json = Record<string, any>;
