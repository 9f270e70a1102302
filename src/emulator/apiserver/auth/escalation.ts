// RBAC's escalation check: a user may create or replace a Role or binding only with
// permissions it already holds (unless it has the `escalate` verb on roles or `bind` on the
// referenced role), so `create rolebindings` alone cannot hand out cluster-admin.
// Worded as kube's rbac registry words it. Patches are not checked (see the report).
import type { KubeObject } from '../../../kube/object.js';
import { ApiError } from '../status.js';
import type { ResourceAttributes } from './attributes.js';
import { nonResourceUrlMatches, normalizeRule, type PolicyRule } from './policy-rule.js';
import type { RbacAuthorizer } from './rbac-authorizer.js';
import type { RbacIndex } from './rbac-index.js';
import type { UserInfo } from './user.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const ALL = '*';

/** One verb on one group/resource(/name), or one verb on one URL. */
function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        if (rule.resourceNames) for (const name of rule.resourceNames) out.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [name] });
        else out.push({ verbs: [verb], apiGroups: [group], resources: [resource] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs) out.push({ verbs: [verb], nonResourceURLs: [url] });
  return out;
}

const hasAll = (set: string[] | undefined, wanted: string[] | undefined): boolean => (wanted ?? []).every((w) => (set ?? []).includes(w));

function covers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = owner.verbs.includes(ALL) || hasAll(owner.verbs, sub.verbs);
  const groups = (owner.apiGroups ?? []).includes(ALL) || hasAll(owner.apiGroups, sub.apiGroups);
  const resources =
    (owner.resources ?? []).includes(ALL) ||
    (sub.resources ?? []).every((r) => (owner.resources ?? []).includes(r) || (r.includes('/') && (owner.resources ?? []).includes(`${r.split('/')[0]}/*`)));
  const urls = (sub.nonResourceURLs ?? []).every((u) => nonResourceUrlMatches(owner.nonResourceURLs, u));
  const names = !owner.resourceNames || (sub.resourceNames !== undefined && hasAll(owner.resourceNames, sub.resourceNames));
  return verbs && groups && resources && urls && names;
}

/** Go's %+v of a compacted PolicyRule, as kube lists the permissions not held. */
function describe(rule: PolicyRule): string {
  const list = (values: string[]) => `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
  const parts: string[] = [];
  if (rule.apiGroups) parts.push(`APIGroups:${list(rule.apiGroups)}`);
  if (rule.resources) parts.push(`Resources:${list(rule.resources)}`);
  if (rule.resourceNames) parts.push(`ResourceNames:${list(rule.resourceNames)}`);
  if (rule.nonResourceURLs) parts.push(`NonResourceURLs:${list(rule.nonResourceURLs)}`);
  parts.push(`Verbs:${list(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}

function rulesOf(obj: KubeObject): PolicyRule[] {
  return (Array.isArray(obj.rules) ? obj.rules : []).map(normalizeRule).filter((r: PolicyRule | undefined): r is PolicyRule => r !== undefined);
}

/**
 * Throws 403 when `obj` (a Role, ClusterRole, RoleBinding or ClusterRoleBinding being created
 * or replaced by `user`) would grant permissions the user does not hold.
 */
export function confirmNoEscalation(authorizer: RbacAuthorizer, index: RbacIndex, user: UserInfo, a: ResourceAttributes, obj: KubeObject): void {
  const namespace = a.namespace;
  const name = String(obj.metadata?.name ?? a.name ?? '');
  let granted: PolicyRule[];
  if (a.resource === 'roles' || a.resource === 'clusterroles') {
    if (authorizer.authorize(user, { ...a, verb: 'escalate', name }).allowed) return;
    granted = rulesOf(obj);
  } else {
    const ref = obj.roleRef ?? {};
    const refResource = ref.kind === 'ClusterRole' ? 'clusterroles' : 'roles';
    if (authorizer.authorize(user, { isResource: true, verb: 'bind', group: RBAC_GROUP, version: 'v1', resource: refResource, namespace, name: String(ref.name ?? '') }).allowed) return;
    const bound = index.rulesOf({ kind: a.resource === 'rolebindings' ? 'RoleBinding' : 'ClusterRoleBinding', name, namespace, roleRef: { kind: String(ref.kind ?? ''), name: String(ref.name ?? '') }, subjects: [] });
    // A missing role grants nothing, so binding it escalates nothing (kube allows it too).
    granted = bound.rules;
  }
  const { rules: owned, errors } = authorizer.rulesFor(user, namespace);
  const missing = granted.flatMap(breakdown).filter((sub) => !owned.some((o) => covers(o, sub)));
  if (missing.length === 0) return;
  let why = `user "${user.username}" (groups=[${user.groups.map((g) => JSON.stringify(g)).join(' ')}]) is attempting to grant RBAC permissions not currently held:\n${missing.map(describe).join('\n')}`;
  if (errors.length > 0) why += `; resolution errors: [${errors.join(' ')}]`;
  throw new ApiError(403, 'Forbidden', `${a.resource}.${RBAC_GROUP} "${name}" is forbidden: ${why}`, { name, group: RBAC_GROUP, kind: a.resource });
}
