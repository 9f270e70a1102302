// What a request asks to do, in the terms RBAC rules speak (kube's authorizer.Attributes),
// and kube-apiserver's wording when the answer is no.
import type { RequestInfo } from '../routing.js';
import { ApiError } from '../status.js';
import type { UserInfo } from './user.js';

export interface ResourceAttributes {
  isResource: true;
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface NonResourceAttributes {
  isResource: false;
  verb: string;
  path: string;
}

export type Attributes = ResourceAttributes | NonResourceAttributes;

const NON_RESOURCE_VERBS: Record<string, string> = { GET: 'get', HEAD: 'head', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete', OPTIONS: 'options' };

/** The attributes of an HTTP request, as kube's RequestInfoFactory derives them. */
export function attributesOf(method: string, path: string, query: URLSearchParams, info: RequestInfo): Attributes {
  if (!info.isResource) return { isResource: false, verb: NON_RESOURCE_VERBS[method] ?? method.toLowerCase(), path };
  let { namespace, name } = info;
  // The namespace object is "in" itself, so a RoleBinding can grant reading its own namespace.
  if (info.resource === 'namespaces' && name !== undefined && namespace === undefined) namespace = name;
  // A list or watch of one name (fieldSelector=metadata.name=x) is checked against resourceNames.
  if ((info.verb === 'list' || info.verb === 'watch') && name === undefined) {
    const m = /^metadata\.name=([^,]+)$/.exec(query.get('fieldSelector') ?? '');
    if (m) name = m[1];
  }
  return { isResource: true, verb: info.verb, group: info.group, version: info.version, resource: info.resource, subresource: info.subresource, namespace, name };
}

function forbiddenMessage(user: UserInfo, a: Attributes): string {
  if (!a.isResource) return `User "${user.username}" cannot ${a.verb} path "${a.path}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `User "${user.username}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${scope}`;
}

/** 403 worded as kube-apiserver's authorization filter words it (responsewriters.Forbidden). */
export function forbidden(user: UserInfo, a: Attributes, reason: string): ApiError {
  const why = reason ? `${forbiddenMessage(user, a)}: ${reason}` : forbiddenMessage(user, a);
  if (!a.isResource) return new ApiError(403, 'Forbidden', `forbidden: ${why}`, {});
  const qualified = a.group ? `${a.resource}.${a.group}` : a.resource;
  const message = a.name ? `${qualified} "${a.name}" is forbidden: ${why}` : `${qualified} is forbidden: ${why}`;
  const details: { name?: string; group?: string; kind: string } = { kind: a.resource };
  if (a.name) details.name = a.name;
  if (a.group) details.group = a.group;
  return new ApiError(403, 'Forbidden', message, details);
}
