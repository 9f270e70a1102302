// An in-process API server with access control on (as the HTTPS server turns it on), and
// calls made as a given user, the way the HTTPS adapter passes the authenticated user.
import { testServer, type Reply, type TestServer } from '../apiserver/support';
import type { UserInfo } from '../../../src/emulator/apiserver/auth/user';

export const ADMIN_TOKEN = 'unit-test-admin-token';

export interface RbacServer extends TestServer {
  as(user: UserInfo, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** Creates namespace, ServiceAccount, Role and RoleBinding as the admin (in-process, trusted). */
  setup(objects: unknown[]): Promise<void>;
}

const PATHS: Record<string, (o: any) => string> = {
  Namespace: () => '/api/v1/namespaces',
  ServiceAccount: (o) => `/api/v1/namespaces/${o.metadata.namespace}/serviceaccounts`,
  Pod: (o) => `/api/v1/namespaces/${o.metadata.namespace}/pods`,
  Role: (o) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${o.metadata.namespace}/roles`,
  RoleBinding: (o) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${o.metadata.namespace}/rolebindings`,
  ClusterRole: () => '/apis/rbac.authorization.k8s.io/v1/clusterroles',
  ClusterRoleBinding: () => '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
};

export async function rbacServer(): Promise<RbacServer> {
  const server = await testServer();
  await server.api.access.enable(ADMIN_TOKEN);
  const as = (user: UserInfo, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply> => server.call(method, path, body, headers, user);
  const setup = async (objects: unknown[]): Promise<void> => {
    for (const o of objects as any[]) {
      const r = await server.call('POST', PATHS[o.kind](o), o);
      if (r.status !== 201) throw new Error(`creating ${o.kind} ${o.metadata.name}: ${r.status} ${r.text}`);
    }
  };
  return { ...server, as, setup };
}

export const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
export const sa = (namespace: string, name: string) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
export const role = (namespace: string, name: string, rules: unknown[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace }, rules });
export const clusterRole = (name: string, rules: unknown[], extra: Record<string, unknown> = {}) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}) }, rules, ...(extra.aggregationRule ? { aggregationRule: extra.aggregationRule } : {}) });
export const roleBinding = (namespace: string, name: string, roleRef: { kind: string; name: string }, subjects: unknown[]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name, namespace },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
  subjects,
});
export const clusterRoleBinding = (name: string, roleRef: { kind: string; name: string }, subjects: unknown[]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
  subjects,
});
