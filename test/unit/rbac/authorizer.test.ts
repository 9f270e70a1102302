// RBAC enforced by the API server: what a ServiceAccount or user may do follows the Roles and
// bindings in the store, changes as they change, and a refusal reads as kube-apiserver's.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KUBERNETES_ADMIN, serviceAccountUser, type UserInfo } from '../../../src/emulator/apiserver/auth/user';
import { clusterRole, clusterRoleBinding, ns, rbacServer, role, roleBinding, sa, type RbacServer } from './support';

let s: RbacServer;
const viewer = serviceAccountUser('dev', 'viewer');
const jane: UserInfo = { username: 'jane', groups: ['auditors', 'system:authenticated'] };

before(async () => {
  s = await rbacServer();
  await s.setup([
    ns('dev'),
    ns('prod'),
    sa('dev', 'viewer'),
    role('dev', 'pod-reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]),
    roleBinding('dev', 'viewer-pods', { kind: 'Role', name: 'pod-reader' }, [{ kind: 'ServiceAccount', name: 'viewer', namespace: 'dev' }]),
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'dev' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
  ]);
});

after(() => s.close());

test('a Role bound in dev lets the ServiceAccount list pods there and nowhere else', async () => {
  const inDev = await s.as(viewer, 'GET', '/api/v1/namespaces/dev/pods');
  assert.equal(inDev.status, 200);
  assert.deepEqual(inDev.json.items.map((p: any) => p.metadata.name), ['web']);
  assert.equal((await s.as(viewer, 'GET', '/api/v1/namespaces/dev/pods/web')).status, 200);
  assert.equal((await s.as(viewer, 'GET', '/api/v1/namespaces/dev/pods?watch=1')).status, 200);

  const across = await s.as(viewer, 'GET', '/api/v1/pods');
  assert.equal(across.status, 403);
  assert.deepEqual(across.json, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'pods is forbidden: User "system:serviceaccount:dev:viewer" cannot list resource "pods" in API group "" at the cluster scope',
    reason: 'Forbidden',
    details: { kind: 'pods' },
    code: 403,
  });
  const prod = await s.as(viewer, 'GET', '/api/v1/namespaces/prod/pods');
  assert.equal(prod.json.message, 'pods is forbidden: User "system:serviceaccount:dev:viewer" cannot list resource "pods" in API group "" in the namespace "prod"');
});

test('verbs come from the request: watch=1 is watch, DELETE is delete, a named object keeps its name in the message', async () => {
  const watch = await s.as(viewer, 'GET', '/api/v1/pods?watch=1');
  assert.match(watch.json.message, /cannot watch resource "pods"/);
  const del = await s.as(viewer, 'DELETE', '/api/v1/namespaces/dev/pods/web');
  assert.equal(del.status, 403);
  assert.equal(del.json.message, 'pods "web" is forbidden: User "system:serviceaccount:dev:viewer" cannot delete resource "pods" in API group "" in the namespace "dev"');
  assert.deepEqual(del.json.details, { name: 'web', kind: 'pods' });
  const log = await s.as(viewer, 'GET', '/api/v1/namespaces/dev/pods/web/log');
  assert.equal(log.json.message, 'pods "web" is forbidden: User "system:serviceaccount:dev:viewer" cannot get resource "pods/log" in API group "" in the namespace "dev"');
  const deploys = await s.as(viewer, 'POST', '/apis/apps/v1/namespaces/dev/deployments', { metadata: { name: 'x' } });
  assert.equal(deploys.json.message, 'deployments.apps is forbidden: User "system:serviceaccount:dev:viewer" cannot create resource "deployments" in API group "apps" in the namespace "dev"');
  assert.deepEqual(deploys.json.details, { group: 'apps', kind: 'deployments' });
});

test('the admin (system:masters) may do anything; requests without a user are the API server itself', async () => {
  assert.equal((await s.as(KUBERNETES_ADMIN, 'GET', '/api/v1/pods')).status, 200);
  assert.equal((await s.as(KUBERNETES_ADMIN, 'GET', '/api/v1/nodes')).status, 200);
  assert.equal((await s.call('GET', '/api/v1/secrets')).status, 200);
});

test('any authenticated user may do discovery and read /version, but not other paths', async () => {
  for (const path of ['/api', '/apis', '/api/v1', '/apis/apps/v1', '/version', '/healthz']) {
    assert.equal((await s.as(jane, 'GET', path)).status, 200, path);
  }
  const root = await s.as(jane, 'GET', '/metrics');
  assert.equal(root.status, 403);
  assert.equal(root.json.message, 'forbidden: User "jane" cannot get path "/metrics"');
});

test('a ClusterRoleBinding to a group grants cluster-wide, and removing it takes the grant away', async () => {
  assert.equal((await s.as(jane, 'GET', '/api/v1/nodes')).status, 403);
  await s.setup([
    clusterRole('node-reader', [{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }]),
    clusterRoleBinding('auditors-nodes', { kind: 'ClusterRole', name: 'node-reader' }, [{ kind: 'Group', name: 'auditors' }]),
  ]);
  assert.equal((await s.as(jane, 'GET', '/api/v1/nodes')).status, 200);
  assert.equal((await s.call('DELETE', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/auditors-nodes')).status, 200);
  assert.equal((await s.as(jane, 'GET', '/api/v1/nodes')).status, 403);
});

test('the default view ClusterRole, bound in one namespace, aggregates the read rules it advertises', async () => {
  const ann: UserInfo = { username: 'ann', groups: ['system:authenticated'] };
  await s.setup([roleBinding('prod', 'ann-view', { kind: 'ClusterRole', name: 'view' }, [{ kind: 'User', name: 'ann' }])]);
  assert.equal((await s.as(ann, 'GET', '/apis/apps/v1/namespaces/prod/deployments')).status, 200);
  assert.equal((await s.as(ann, 'GET', '/api/v1/namespaces/prod/pods')).status, 200);
  assert.equal((await s.as(ann, 'GET', '/api/v1/namespaces/prod/secrets')).status, 403, 'view does not read secrets');
  assert.equal((await s.as(ann, 'GET', '/api/v1/namespaces/dev/pods')).status, 403, 'the binding is in prod only');
  // A new role labelled aggregate-to-view extends view at once.
  await s.setup([clusterRole('secrets-view', [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }], { labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } })]);
  assert.equal((await s.as(ann, 'GET', '/api/v1/namespaces/prod/secrets')).status, 200);
});

test('a binding to a missing role grants nothing and says so, as kube does', async () => {
  const bob: UserInfo = { username: 'bob', groups: ['system:authenticated'] };
  await s.setup([roleBinding('dev', 'bob-ghost', { kind: 'Role', name: 'ghost' }, [{ kind: 'User', name: 'bob' }])]);
  const r = await s.as(bob, 'GET', '/api/v1/namespaces/dev/configmaps');
  assert.equal(r.json.message, 'configmaps is forbidden: User "bob" cannot list resource "configmaps" in API group "" in the namespace "dev": RBAC: role.rbac.authorization.k8s.io "ghost" not found');
});

test('resourceNames rules allow get of the named object and a list narrowed to it by fieldSelector', async () => {
  const cara: UserInfo = { username: 'cara', groups: ['system:authenticated'] };
  await s.setup([
    role('dev', 'one-pod', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'], resourceNames: ['web'] }]),
    roleBinding('dev', 'cara-one', { kind: 'Role', name: 'one-pod' }, [{ kind: 'User', name: 'cara' }]),
  ]);
  assert.equal((await s.as(cara, 'GET', '/api/v1/namespaces/dev/pods/web')).status, 200);
  assert.equal((await s.as(cara, 'GET', '/api/v1/namespaces/dev/pods/other')).status, 403);
  assert.equal((await s.as(cara, 'GET', '/api/v1/namespaces/dev/pods')).status, 403);
  assert.equal((await s.as(cara, 'GET', '/api/v1/namespaces/dev/pods?fieldSelector=metadata.name%3Dweb')).status, 200);
});

test('a RoleBinding can grant reading its own Namespace object', async () => {
  const dan: UserInfo = { username: 'dan', groups: ['system:authenticated'] };
  await s.setup([
    role('dev', 'ns-reader', [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get'] }]),
    roleBinding('dev', 'dan-ns', { kind: 'Role', name: 'ns-reader' }, [{ kind: 'User', name: 'dan' }]),
  ]);
  assert.equal((await s.as(dan, 'GET', '/api/v1/namespaces/dev')).status, 200);
  assert.equal((await s.as(dan, 'GET', '/api/v1/namespaces/prod')).status, 403);
});

test('admin gathers edit, which gathers view: a namespace admin reads, writes and manages roles there', async () => {
  const ops: UserInfo = { username: 'ops', groups: ['system:authenticated'] };
  await s.setup([roleBinding('prod', 'ops-admin', { kind: 'ClusterRole', name: 'admin' }, [{ kind: 'User', name: 'ops' }])]);
  assert.equal((await s.as(ops, 'GET', '/api/v1/namespaces/prod/pods')).status, 200, 'view, through edit');
  assert.equal((await s.as(ops, 'GET', '/api/v1/namespaces/prod/secrets')).status, 200, 'edit');
  assert.equal((await s.as(ops, 'GET', '/apis/rbac.authorization.k8s.io/v1/namespaces/prod/roles')).status, 200, 'admin');
  assert.equal((await s.as(ops, 'GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles')).status, 403);
});
