// Who a request is from, as kube-apiserver's authenticators report it (user.Info).

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const SYSTEM_MASTERS = 'system:masters';
export const SYSTEM_AUTHENTICATED = 'system:authenticated';
export const SYSTEM_UNAUTHENTICATED = 'system:unauthenticated';
export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** The identity of the emulator's admin token (the kubeconfig it writes), as kubeadm's admin.conf. */
export const KUBERNETES_ADMIN: UserInfo = { username: 'kubernetes-admin', groups: [SYSTEM_MASTERS, SYSTEM_AUTHENTICATED] };

/** Requests without credentials on the paths any client may read (health, version). */
export const ANONYMOUS: UserInfo = { username: 'system:anonymous', groups: [SYSTEM_UNAUTHENTICATED] };

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

export function serviceAccountUser(namespace: string, name: string, uid?: string): UserInfo {
  const user: UserInfo = { username: serviceAccountUsername(namespace, name), groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, SYSTEM_AUTHENTICATED] };
  if (uid) user.uid = uid;
  return user;
}

export function isPrivileged(user: UserInfo): boolean {
  return user.groups.includes(SYSTEM_MASTERS);
}
