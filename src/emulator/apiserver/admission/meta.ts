// metadata validation every kind shares (apimachinery's ValidateObjectMeta and
// ValidateObjectMetaUpdate): names, namespace, labels, annotations, owners, finalizers.

import type { KubeObject, ObjectMeta } from '../../../kube/object';
import {
  isQualifiedName,
  isValidLabelValue,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameIsPathSegment,
  type NameCheck,
} from '../../../kube/validation';
import type { ResourceType } from '../resource-type';
import { fieldError } from '../status';
import { child, goStringSlice } from './render';
import { list, record, values } from './json';
import type { Causes } from './types';

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Which name format a kind's objects must have (kube's per-strategy ValidateNameFunc). */
export function nameCheckFor(resource: ResourceType): NameCheck {
  if (resource.group === '' && resource.kind === 'Namespace') return nameIsDNSLabel;
  // kube-apiserver checks Service names as DNS-1035 labels (they become DNS names and env vars).
  if (resource.group === '' && resource.kind === 'Service') return nameIsDNS1035Label;
  if (resource.group === RBAC_GROUP) return nameIsPathSegment;
  return nameIsDNSSubdomain;
}

// Label keys and values (and annotation keys) already found valid: the same few recur on
// every object of a kind (app, pod-template-hash, ...), and each check runs regular
// expressions. Only valid texts are kept, so the messages for invalid ones are unchanged.
const VALID_TEXTS_LIMIT = 10_000;
const NO_MESSAGES: readonly string[] = [];

function validOnce(valid: Set<string>, text: string, check: (t: string) => string[]): readonly string[] {
  if (valid.has(text)) return NO_MESSAGES;
  const msgs = check(text);
  if (msgs.length === 0) {
    if (valid.size >= VALID_TEXTS_LIMIT) valid.clear();
    valid.add(text);
  }
  return msgs;
}

const validQualifiedNames = new Set<string>();
const validNamespaceNames = new Set<string>();
const namespaceNameErrors = (ns: string): string[] => nameIsDNSLabel(ns, false);
const validLabelValues = new Set<string>();

export function validateLabels(labels: Record<string, string> | undefined, path: string): Causes {
  const causes: Causes = [];
  for (const [k, v] of Object.entries(record(labels))) {
    for (const msg of validOnce(validQualifiedNames, k, isQualifiedName)) causes.push(fieldError.invalid(path, k, msg));
    for (const msg of validOnce(validLabelValues, String(v), isValidLabelValue)) causes.push(fieldError.invalid(path, v, msg));
  }
  return causes;
}

export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): Causes {
  const causes: Causes = [];
  let size = 0;
  for (const [k, v] of Object.entries(record(annotations))) {
    // Annotation keys are qualified names except that case does not matter.
    for (const msg of validOnce(validQualifiedNames, k.toLowerCase(), isQualifiedName)) causes.push(fieldError.invalid(path, k, msg));
    size += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) causes.push(fieldError.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return causes;
}

function validateOwnerReferences(meta: ObjectMeta, path: string): Causes {
  const causes: Causes = [];
  let controller = '';
  for (const ref of list(meta.ownerReferences)) {
    const version = ref.apiVersion ? String(ref.apiVersion).split('/').pop() : '';
    if (!version) causes.push(fieldError.invalid(child(path, 'apiVersion'), ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) causes.push(fieldError.invalid(child(path, 'kind'), ref.kind ?? '', 'must not be empty'));
    if (!ref.name) causes.push(fieldError.invalid(child(path, 'name'), ref.name ?? '', 'must not be empty'));
    if (!ref.uid) causes.push(fieldError.invalid(child(path, 'uid'), ref.uid ?? '', 'must not be empty'));
    if (ref.apiVersion === 'v1' && ref.kind === 'Event') causes.push(fieldError.invalid(path, ref.name, '/v1, Kind=Event is disallowed from being an owner'));
    if (ref.controller) {
      const current = `${ref.kind}/${ref.name}`;
      if (controller) {
        causes.push(fieldError.invalid(path, ref.name, `Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${current}`));
      } else {
        controller = current;
      }
    }
  }
  return causes;
}

function validateFinalizers(input: unknown, path: string): Causes {
  const causes: Causes = [];
  const finalizers = values(input);
  for (const f of finalizers) for (const msg of isQualifiedName(f)) causes.push(fieldError.invalid(path, f, msg));
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    causes.push(fieldError.invalid(path, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return causes;
}

/** The parts checked on create and again on every update. */
function validateMetaCommon(meta: ObjectMeta): Causes {
  return [
    ...(meta.generation !== undefined && meta.generation < 0 ? [fieldError.invalid('metadata.generation', meta.generation, 'must be greater than or equal to 0')] : []),
    ...validateLabels(meta.labels, 'metadata.labels'),
    ...validateAnnotations(meta.annotations, 'metadata.annotations'),
    ...validateOwnerReferences(meta, 'metadata.ownerReferences'),
    ...validateFinalizers(meta.finalizers, 'metadata.finalizers'),
  ];
}

const STRING_META_FIELDS = ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp'] as const;

/**
 * metadata fields of the wrong JSON type (kube fails these while decoding). Checked first so
 * the rest of admission can rely on the types.
 */
export function validateMetaTypes(obj: KubeObject): Causes {
  const meta: unknown = obj?.metadata;
  if (meta === undefined) return [];
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return [fieldError.invalid('metadata', meta, 'must be an object')];
  const m = meta as Record<string, unknown>;
  // Runs twice per write (defaulting, validation): named reads and no entry arrays for the
  // well-typed case, which is nearly every request; the general loop below reports errors.
  if (
    isStringOrAbsent(m.name) &&
    isStringOrAbsent(m.generateName) &&
    isStringOrAbsent(m.namespace) &&
    isStringOrAbsent(m.uid) &&
    isStringOrAbsent(m.resourceVersion) &&
    isStringOrAbsent(m.creationTimestamp) &&
    isStringOrAbsent(m.deletionTimestamp) &&
    isStringMapOrAbsent(m.labels) &&
    isStringMapOrAbsent(m.annotations)
  ) {
    return NO_CAUSES;
  }
  const causes: Causes = [];
  for (const f of STRING_META_FIELDS) {
    if (m[f] !== undefined && m[f] !== null && typeof m[f] !== 'string') causes.push(fieldError.invalid(`metadata.${f}`, m[f], 'must be a string'));
  }
  for (const f of ['labels', 'annotations']) {
    const map = m[f];
    if (map === undefined || map === null) continue;
    if (typeof map !== 'object' || Array.isArray(map)) causes.push(fieldError.invalid(`metadata.${f}`, map, 'must be a map of strings'));
    else for (const [k, v] of Object.entries(map)) if (typeof v !== 'string') causes.push(fieldError.invalid(`metadata.${f}[${k}]`, v, 'must be a string'));
  }
  return causes;
}

/** Shared empty result of validateMetaTypes (callers only read its length and items). */
const NO_CAUSES: Causes = Object.freeze([]) as unknown as Causes;

function isStringOrAbsent(v: unknown): boolean {
  return v === undefined || v === null || typeof v === 'string';
}

function isStringMapOrAbsent(map: unknown): boolean {
  if (map === undefined || map === null) return true;
  if (typeof map !== 'object' || Array.isArray(map)) return false;
  const o = map as Record<string, unknown>;
  for (const k in o) if (typeof o[k] !== 'string') return false;
  return true;
}

/**
 * ValidateObjectMeta on create. When the core has not generated a name yet (name empty,
 * generateName set), generateName is checked as a prefix instead of requiring a name.
 */
export function validateObjectMeta(resource: ResourceType, obj: KubeObject, check: NameCheck = nameCheckFor(resource)): Causes {
  const meta = obj.metadata ?? {};
  const causes: Causes = [];
  if (meta.generateName) for (const msg of check(meta.generateName, true)) causes.push(fieldError.invalid('metadata.generateName', meta.generateName, msg));
  if (!meta.name) {
    if (!meta.generateName) causes.push(fieldError.required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of check(meta.name, false)) causes.push(fieldError.invalid('metadata.name', meta.name, msg));
  }
  if (resource.namespaced) {
    if (!meta.namespace) causes.push(fieldError.required('metadata.namespace'));
    else for (const msg of validOnce(validNamespaceNames, meta.namespace, namespaceNameErrors)) causes.push(fieldError.invalid('metadata.namespace', meta.namespace, msg));
  } else if (meta.namespace) {
    causes.push(fieldError.forbidden('metadata.namespace', 'not allowed on this type'));
  }
  return [...causes, ...validateMetaCommon(meta)];
}

/** ValidateObjectMetaUpdate: identity fields stay, and a deleting object gains no finalizers. */
export function validateObjectMetaUpdate(obj: KubeObject, old: KubeObject): Causes {
  const meta = obj.metadata ?? {};
  const prev = old.metadata ?? {};
  const causes: Causes = [];
  if (prev.deletionTimestamp) {
    const added = [...new Set(values(meta.finalizers))].filter((f) => !values(prev.finalizers).includes(f)).sort();
    if (added.length > 0) {
      causes.push(fieldError.forbidden('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(added)}`));
    }
  }
  // Only compare what the request carries: the core copies system fields from the old object.
  for (const f of ['name', 'namespace', 'uid', 'creationTimestamp'] as const) {
    if (meta[f] !== undefined && prev[f] !== undefined && meta[f] !== prev[f]) causes.push(fieldError.invalid(`metadata.${f}`, meta[f], 'field is immutable'));
  }
  return [...causes, ...validateMetaCommon(meta)];
}
