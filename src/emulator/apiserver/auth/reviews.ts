// The review kinds a client creates to ask about access (authorization.k8s.io/v1
// SelfSubjectAccessReview, SelfSubjectRulesReview, SubjectAccessReview,
// LocalSubjectAccessReview; authentication.k8s.io/v1 SelfSubjectReview). Nothing is stored:
// the answer is written into the object's status and returned, as kube-apiserver does.
import type { Attributes } from './attributes.js';
import type { RbacAuthorizer } from './rbac-authorizer.js';
import { ApiError, fieldError, type StatusCause } from '../status.js';
import type { UserInfo } from './user.js';

export const AUTHORIZATION_GROUP = 'authorization.k8s.io';
export const AUTHENTICATION_GROUP = 'authentication.k8s.io';

type Body = Record<string, any>;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** spec.resourceAttributes / spec.nonResourceAttributes -> authorizer attributes. */
function attributesOfSpec(kind: string, spec: Body, group: string): Attributes {
  const ra = spec.resourceAttributes as Body | undefined;
  const nra = spec.nonResourceAttributes as Body | undefined;
  const causes: StatusCause[] = [];
  if (ra && nra) causes.push(fieldError.invalidRendered('spec.nonResourceAttributes', JSON.stringify(nra), 'cannot be specified in combination with resourceAttributes'));
  if (!ra && !nra) causes.push(fieldError.invalidRendered('spec.resourceAttributes', 'null', 'exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  if (causes.length > 0) throw ApiError.invalid(kind, '', group, causes);
  if (nra) return { isResource: false, verb: str(nra.verb), path: str(nra.path) };
  return {
    isResource: true,
    verb: str(ra!.verb),
    group: str(ra!.group),
    version: str(ra!.version),
    resource: str(ra!.resource),
    subresource: str(ra!.subresource) || undefined,
    namespace: str(ra!.namespace) || undefined,
    name: str(ra!.name) || undefined,
  };
}

function reviewed(body: Body, status: Body): Body {
  return { kind: body.kind, apiVersion: body.apiVersion, metadata: { ...(body.metadata ?? {}), creationTimestamp: null }, spec: body.spec ?? {}, status };
}

function accessStatus(authorizer: RbacAuthorizer, user: UserInfo, a: Attributes): Body {
  const d = authorizer.authorize(user, a);
  const status: Body = { allowed: d.allowed };
  if (d.reason) status.reason = d.reason;
  return status;
}

export function selfSubjectAccessReview(authorizer: RbacAuthorizer, user: UserInfo, body: Body): Body {
  const spec = (body.spec ?? {}) as Body;
  return reviewed(body, accessStatus(authorizer, user, attributesOfSpec('SelfSubjectAccessReview', spec, AUTHORIZATION_GROUP)));
}

/** SubjectAccessReview (cluster) and LocalSubjectAccessReview (`namespace` set: it must match the spec's). */
export function subjectAccessReview(authorizer: RbacAuthorizer, body: Body, namespace?: string): Body {
  const kind = namespace === undefined ? 'SubjectAccessReview' : 'LocalSubjectAccessReview';
  const spec = (body.spec ?? {}) as Body;
  const groups: string[] = Array.isArray(spec.groups) ? spec.groups.filter((g: unknown): g is string => typeof g === 'string') : [];
  if (!str(spec.user) && groups.length === 0) throw ApiError.invalid(kind, '', AUTHORIZATION_GROUP, [fieldError.invalidRendered('spec.user', '""', 'at least one of user or group must be specified')]);
  const a = attributesOfSpec(kind, spec, AUTHORIZATION_GROUP);
  if (namespace !== undefined && (!a.isResource || (a.namespace ?? '') !== namespace)) {
    throw ApiError.invalid(kind, '', AUTHORIZATION_GROUP, [fieldError.invalidRendered('spec.resourceAttributes.namespace', JSON.stringify(a.isResource ? (a.namespace ?? '') : ''), 'must match metadata.namespace')]);
  }
  const user: UserInfo = { username: str(spec.user), groups };
  if (spec.uid) user.uid = str(spec.uid);
  return reviewed(body, accessStatus(authorizer, user, a));
}

export function selfSubjectRulesReview(authorizer: RbacAuthorizer, user: UserInfo, body: Body): Body {
  const spec = (body.spec ?? {}) as Body;
  const namespace = str(spec.namespace) || undefined;
  const { rules, errors } = authorizer.rulesFor(user, namespace);
  const resourceRules = rules
    .filter((r) => r.resources !== undefined || r.apiGroups !== undefined)
    .map((r) => {
      const out: Body = { verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources ?? [] };
      if (r.resourceNames) out.resourceNames = r.resourceNames;
      return out;
    });
  const nonResourceRules = rules.filter((r) => r.nonResourceURLs !== undefined).map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs }));
  const status: Body = { resourceRules, nonResourceRules, incomplete: errors.length > 0 };
  if (errors.length > 0) status.evaluationError = errors.join(', ');
  return reviewed(body, status);
}

export function selfSubjectReview(user: UserInfo, body: Body): Body {
  const userInfo: Body = { username: user.username, groups: user.groups };
  if (user.uid) userInfo.uid = user.uid;
  if (user.extra) userInfo.extra = user.extra;
  return { kind: body.kind ?? 'SelfSubjectReview', apiVersion: body.apiVersion ?? `${AUTHENTICATION_GROUP}/v1`, metadata: { creationTimestamp: null }, status: { userInfo } };
}
