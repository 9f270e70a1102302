// A user who may create Roles and RoleBindings may not grant more than it holds: a namespace
// admin can hand out view in its namespace, not cluster-admin, nor a Role reading nodes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { UserInfo } from '../../../src/emulator/apiserver/auth/user';
import { ns, rbacServer, role, roleBinding, type RbacServer } from './support';

let s: RbacServer;
const ops: UserInfo = { username: 'ops', groups: ['system:authenticated'] };
const RBAC = '/apis/rbac.authorization.k8s.io/v1/namespaces/prod';

before(async () => {
  s = await rbacServer();
  await s.setup([ns('prod'), roleBinding('prod', 'ops-admin', { kind: 'ClusterRole', name: 'admin' }, [{ kind: 'User', name: 'ops' }])]);
});

after(() => s.close());

test('binding a role whose permissions the user holds is allowed', async () => {
  const r = await s.as(ops, 'POST', `${RBAC}/rolebindings`, roleBinding('prod', 'dev-view', { kind: 'ClusterRole', name: 'view' }, [{ kind: 'User', name: 'dev' }]));
  assert.equal(r.status, 201, r.text);
  const own = await s.as(ops, 'POST', `${RBAC}/roles`, role('prod', 'pod-reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]));
  assert.equal(own.status, 201, own.text);
});

test('binding cluster-admin, or a Role with rights the user lacks, is forbidden with what is missing', async () => {
  const bind = await s.as(ops, 'POST', `${RBAC}/rolebindings`, roleBinding('prod', 'me-root', { kind: 'ClusterRole', name: 'cluster-admin' }, [{ kind: 'User', name: 'ops' }]));
  assert.equal(bind.status, 403);
  assert.match(bind.json.message, /^rolebindings\.rbac\.authorization\.k8s\.io "me-root" is forbidden: user "ops" \(groups=\["system:authenticated"\]\) is attempting to grant RBAC permissions not currently held:\n\{APIGroups:\["\*"\], Resources:\["\*"\], Verbs:\["\*"\]\}/);
  const nodes = await s.as(ops, 'POST', `${RBAC}/roles`, role('prod', 'nodes', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }]));
  assert.equal(nodes.status, 403);
  assert.match(nodes.json.message, /not currently held:\n\{APIGroups:\[""\], Resources:\["nodes"\], Verbs:\["get"\]\}$/);
  assert.equal((await s.call('GET', `${RBAC}/rolebindings/me-root`)).status, 404, 'nothing was stored');
});

test('the bind verb on a role lets a user bind it without holding it', async () => {
  await s.setup([
    role('prod', 'can-bind-admin', [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['cluster-admin'] }]),
    roleBinding('prod', 'ops-bind', { kind: 'Role', name: 'can-bind-admin' }, [{ kind: 'User', name: 'ops' }]),
  ]);
  const r = await s.as(ops, 'POST', `${RBAC}/rolebindings`, roleBinding('prod', 'ci-root', { kind: 'ClusterRole', name: 'cluster-admin' }, [{ kind: 'User', name: 'ci' }]));
  assert.equal(r.status, 201, r.text);
});
