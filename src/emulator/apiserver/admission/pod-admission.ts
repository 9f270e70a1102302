// What kube-apiserver adds to a Pod (never to a template) when it is created: requests
// defaulted from limits, the ServiceAccount (with its token volume), DefaultTolerationSeconds
// and Priority admission plugins, and the initial status (Pending, with the QoS class).

import { hash } from 'node:crypto';
import type { KubeObject } from '../../../kube/object';
import { podQOSClass } from './pod-defaults';
import type { AdmissionContext, AdmissionDenial, Json, PriorityClassInfo } from './types';
import { list, setDefault } from './json';

export const DEFAULT_TOLERATION_SECONDS = 300;
export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';

/** The classes kube-apiserver creates at start; their names are reserved. */
export const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-cluster-critical': 2000000000,
  'system-node-critical': 2000001000,
};

function forbidden(message: string): AdmissionDenial {
  return { code: 403, reason: 'Forbidden', message };
}

/** SetDefaults_Pod: a container that sets only limits requests exactly that much. */
function defaultRequestsFromLimits(spec: Json): void {
  for (const listName of ['containers', 'initContainers']) {
    for (const c of list(spec[listName])) {
      const limits = c?.resources?.limits;
      if (!limits || typeof limits !== 'object') continue;
      const requests = (c.resources.requests ??= {});
      for (const [name, q] of Object.entries(limits)) if (requests[name] === undefined) requests[name] = q;
    }
  }
}

export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
// kube's utilrand alphabet: no vowels, no look-alikes.
const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** kube-api-access-xxxxx, the suffix derived from the pod's uid so defaulting stays deterministic. */
function tokenVolumeName(uid: string): string {
  // One-shot hash: no Hash object per pod (createHash().update().digest() was ~4 % of a create).
  const digest = hash('sha1', uid, 'buffer');
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_SUFFIX_ALPHABET[digest[i] % NAME_SUFFIX_ALPHABET.length];
  return `kube-api-access-${suffix}`;
}

/** The projected volume kube-apiserver gives every pod: a bound token, the cluster CA, the namespace. */
function serviceAccountTokenVolume(name: string): Json {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

function mountServiceAccountToken(pod: KubeObject, spec: Json): void {
  if (spec.automountServiceAccountToken === false) return;
  const containers = [...list(spec.containers), ...list(spec.initContainers)];
  // Someone who mounts something at the token path has their own plan for it.
  if (containers.some((c) => list(c.volumeMounts).some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH))) return;
  const name = tokenVolumeName(pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`);
  if (list(spec.volumes).some((v) => v.name === name)) return;
  spec.volumes = [...list(spec.volumes), serviceAccountTokenVolume(name)];
  for (const c of containers) c.volumeMounts = [...list(c.volumeMounts), { name, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH }];
}

/** The ServiceAccount admission plugin: every pod runs as some account that exists, with its token mounted. */
function admitServiceAccount(pod: KubeObject, spec: Json, context: AdmissionContext | undefined): AdmissionDenial | undefined {
  setDefault(spec, 'serviceAccountName', 'default');
  setDefault(spec, 'serviceAccount', spec.serviceAccountName);
  let automount = true;
  if (context?.serviceAccount) {
    const ns = pod.metadata.namespace ?? '';
    const sa = context.serviceAccount(ns, spec.serviceAccountName);
    if (!sa) return forbidden(`error looking up service account ${ns}/${spec.serviceAccountName}: serviceaccount "${spec.serviceAccountName}" not found`);
    automount = sa.automountServiceAccountToken !== false;
  }
  if (automount && context?.mountServiceAccountToken !== false) mountServiceAccountToken(pod, spec);
  return undefined;
}

function tolerates(tolerations: Json[], taintKey: string): boolean {
  return tolerations.some((t) => (t?.key === taintKey || !t?.key) && (t?.effect === 'NoExecute' || !t?.effect));
}

/** DefaultTolerationSeconds: pods leave a NotReady/unreachable node after 300 s, unless they say otherwise. */
function admitDefaultTolerationSeconds(spec: Json): void {
  const tolerations: Json[] = list(spec.tolerations);
  const added: Json[] = [];
  for (const taint of [NOT_READY_TAINT, UNREACHABLE_TAINT]) {
    if (!tolerates(tolerations, taint)) added.push({ key: taint, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  if (added.length > 0) spec.tolerations = [...tolerations, ...added];
}

function lookupPriorityClass(name: string, context: AdmissionContext | undefined): PriorityClassInfo | undefined {
  if (name in SYSTEM_PRIORITY_CLASSES) return { value: SYSTEM_PRIORITY_CLASSES[name], preemptionPolicy: 'PreemptLowerPriority' };
  if (context?.priorityClass) return context.priorityClass(name);
  const value = context?.priorityClassValue?.(name);
  return value === undefined ? undefined : { value };
}

/** Priority admission: resolve priorityClassName into spec.priority and spec.preemptionPolicy. */
function admitPriority(spec: Json, context: AdmissionContext | undefined): AdmissionDenial | undefined {
  let resolved: PriorityClassInfo;
  if (!spec.priorityClassName) {
    const globalDefault = context?.globalDefaultPriorityClass?.();
    if (globalDefault) spec.priorityClassName = globalDefault.name;
    resolved = globalDefault ?? { value: 0, preemptionPolicy: 'PreemptLowerPriority' };
  } else {
    const found = lookupPriorityClass(spec.priorityClassName, context);
    if (!found) return forbidden(`no PriorityClass with name ${spec.priorityClassName} was found`);
    resolved = found;
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== resolved.value) {
    return forbidden(
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${resolved.value} from the given PriorityClass name`,
    );
  }
  spec.priority = resolved.value;
  const policy = resolved.preemptionPolicy ?? 'PreemptLowerPriority';
  if (spec.preemptionPolicy && spec.preemptionPolicy !== policy) {
    return forbidden(
      `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
    );
  }
  spec.preemptionPolicy = policy;
  return undefined;
}

/** Scheme defaults for a Pod itself (SetDefaults_Pod), on every write. */
export function defaultPod(pod: KubeObject): void {
  if (!pod.spec || typeof pod.spec !== 'object') return;
  defaultRequestsFromLimits(pod.spec as Json);
}

/**
 * The mutating admission plugins a new Pod goes through (ServiceAccount,
 * DefaultTolerationSeconds, Priority) and its initial status. kube-apiserver runs them after
 * the field manager, so what they add belongs to no manager.
 */
export function admitPod(pod: KubeObject, context: AdmissionContext | undefined): AdmissionDenial | undefined {
  if (!pod.spec || typeof pod.spec !== 'object') return undefined;
  const spec = pod.spec as Json;
  const refused = admitServiceAccount(pod, spec, context);
  if (refused) return refused;
  admitDefaultTolerationSeconds(spec);
  const denial = admitPriority(spec, context);
  if (denial) return denial;
  // A new pod's status is the API server's to set, as PrepareForCreate does.
  pod.status = { phase: 'Pending', qosClass: podQOSClass(spec) };
  return undefined;
}
