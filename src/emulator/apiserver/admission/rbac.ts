// rbac.authorization.k8s.io/v1: the shape of rules and bindings (stored, not enforced yet).

import type { KubeObject } from '../../../kube/object';
import { isValidPathSegmentName, nameIsDNSSubdomain } from '../../../kube/validation';
import { fieldError } from '../status';
import { child, index } from './render';
import type { Causes, Json } from './types';
import { list, setDefault, values } from './json';

const RBAC_GROUP = 'rbac.authorization.k8s.io';


export function defaultBinding(obj: KubeObject): void {
  if (obj.roleRef && typeof obj.roleRef === 'object') setDefault(obj.roleRef, 'apiGroup', RBAC_GROUP);
  for (const s of list(obj.subjects)) {
    if (s.apiGroup === undefined) s.apiGroup = s.kind === 'ServiceAccount' ? '' : RBAC_GROUP;
  }
}

export function validateRole(obj: KubeObject, namespaced: boolean): Causes {
  const causes: Causes = [];
  // An aggregated ClusterRole gets its rules from others.
  if (obj.aggregationRule) return causes;
  list(obj.rules).forEach((rule, i) => {
    const p = index('rules', i);
    if (values(rule.verbs).length === 0) causes.push(fieldError.required(child(p, 'verbs'), 'verbs must contain at least one value'));
    if (values(rule.nonResourceURLs).length > 0) {
      if (namespaced) causes.push(fieldError.invalid(child(p, 'nonResourceURLs'), rule.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
      if (values(rule.apiGroups).length + values(rule.resources).length + values(rule.resourceNames).length > 0) {
        causes.push(fieldError.invalid(child(p, 'nonResourceURLs'), rule.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
      }
      return;
    }
    if (values(rule.apiGroups).length === 0) causes.push(fieldError.required(child(p, 'apiGroups'), 'resource rules must supply at least one api group'));
    if (values(rule.resources).length === 0) causes.push(fieldError.required(child(p, 'resources'), 'resource rules must supply at least one resource'));
  });
  return causes;
}

function validateSubject(s: Json, namespaced: boolean, path: string): Causes {
  const causes: Causes = [];
  if (!s.name) causes.push(fieldError.required(child(path, 'name')));
  switch (s.kind) {
    case 'ServiceAccount':
      if (s.name) for (const msg of nameIsDNSSubdomain(String(s.name), false)) causes.push(fieldError.invalid(child(path, 'name'), s.name, msg));
      if (s.apiGroup) causes.push(fieldError.notSupported(child(path, 'apiGroup'), s.apiGroup, ['']));
      if (!namespaced && !s.namespace) causes.push(fieldError.required(child(path, 'namespace')));
      break;
    case 'User':
    case 'Group':
      if (s.apiGroup !== RBAC_GROUP) causes.push(fieldError.notSupported(child(path, 'apiGroup'), s.apiGroup ?? '', [RBAC_GROUP]));
      break;
    default:
      causes.push(fieldError.notSupported(child(path, 'kind'), s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return causes;
}

export function validateBinding(obj: KubeObject, namespaced: boolean): Causes {
  const ref: Json = obj.roleRef ?? {};
  const causes: Causes = [];
  if (ref.apiGroup !== RBAC_GROUP) causes.push(fieldError.notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) causes.push(fieldError.notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) causes.push(fieldError.required('roleRef.name'));
  else for (const msg of isValidPathSegmentName(String(ref.name))) causes.push(fieldError.invalid('roleRef.name', ref.name, msg));
  list(obj.subjects).forEach((s, i) => causes.push(...validateSubject(s, namespaced, index('subjects', i))));
  return causes;
}

/** A binding grants one role for life; to grant another, make another binding. */
export function validateBindingUpdate(obj: KubeObject, old: KubeObject): Causes {
  const a: Json = obj.roleRef ?? {};
  const b: Json = old.roleRef ?? {};
  if (a.apiGroup === b.apiGroup && a.kind === b.kind && a.name === b.name) return [];
  const rendered = `rbac.RoleRef{APIGroup:${JSON.stringify(a.apiGroup ?? '')}, Kind:${JSON.stringify(a.kind ?? '')}, Name:${JSON.stringify(a.name ?? '')}}`;
  return [fieldError.invalidRendered('roleRef', rendered, 'cannot change roleRef')];
}
