// Impersonation (`kubectl --as=<user> --as-group=<group>`): the Impersonate-User/-Group/-Uid
// headers replace the request's user, if RBAC lets the real user `impersonate` each of them,
// as kube-apiserver's impersonation filter does. Without it `kubectl auth can-i --as=...`
// would silently answer for the admin instead.
import type { Attributes } from './attributes.js';
import { forbidden } from './attributes.js';
import type { RbacAuthorizer } from './rbac-authorizer.js';
import { ANONYMOUS, SERVICE_ACCOUNT_PREFIX, serviceAccountUser, SYSTEM_AUTHENTICATED, type UserInfo } from './user.js';

function split(value: string | undefined): string[] {
  return value ? value.split(',').map((v) => v.trim()).filter((v) => v !== '') : [];
}

/** The user a request acts as; throws 403 when the caller may not impersonate it. */
export function impersonatedUser(authorizer: RbacAuthorizer, caller: UserInfo, headers: Record<string, string | undefined>): UserInfo {
  const username = headers['impersonate-user']?.trim();
  const groups = split(headers['impersonate-group']);
  const uid = headers['impersonate-uid']?.trim();
  if (!username) {
    if (groups.length > 0 || uid) throw forbidden(caller, { isResource: false, verb: 'impersonate', path: '' }, 'requested impersonation without a user');
    return caller;
  }
  const check = (a: Attributes): void => {
    const d = authorizer.authorize(caller, a);
    if (!d.allowed) throw forbidden(caller, a, d.reason);
  };
  let user: UserInfo;
  if (username.startsWith(SERVICE_ACCOUNT_PREFIX) && username.split(':').length === 4) {
    const [, , namespace, name] = username.split(':');
    check({ isResource: true, verb: 'impersonate', group: '', version: 'v1', resource: 'serviceaccounts', namespace, name });
    user = serviceAccountUser(namespace, name);
    user.groups = [...new Set([...user.groups, ...groups])];
  } else {
    check({ isResource: true, verb: 'impersonate', group: '', version: 'v1', resource: 'users', name: username });
    user = { username, groups: [...groups] };
    if (username !== ANONYMOUS.username && !user.groups.includes(SYSTEM_AUTHENTICATED)) user.groups.push(SYSTEM_AUTHENTICATED);
  }
  for (const g of groups) check({ isResource: true, verb: 'impersonate', group: '', version: 'v1', resource: 'groups', name: g });
  if (uid) {
    check({ isResource: true, verb: 'impersonate', group: 'authentication.k8s.io', version: 'v1', resource: 'uids', name: uid });
    user.uid = uid;
  }
  return user;
}
