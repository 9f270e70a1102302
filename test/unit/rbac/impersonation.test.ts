// Impersonation (`kubectl --as`): the admin may act as anyone, so `kubectl auth can-i --as`
// answers for that user; others need the `impersonate` verb.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiError } from '../../../src/emulator/apiserver/status';
import { KUBERNETES_ADMIN, serviceAccountUser, type UserInfo } from '../../../src/emulator/apiserver/auth/user';
import { clusterRole, clusterRoleBinding, ns, rbacServer, sa, type RbacServer } from './support';

let s: RbacServer;

before(async () => {
  s = await rbacServer();
  await s.setup([
    ns('dev'),
    sa('dev', 'viewer'),
    clusterRole('impersonate-jane', [{ apiGroups: [''], resources: ['users'], verbs: ['impersonate'], resourceNames: ['jane'] }]),
    clusterRoleBinding('support-impersonates-jane', { kind: 'ClusterRole', name: 'impersonate-jane' }, [{ kind: 'User', name: 'support' }]),
  ]);
});

after(() => s.close());

test('the admin acting as a ServiceAccount gets its groups, and its access', async () => {
  const as = s.api.access.impersonate(KUBERNETES_ADMIN, { 'impersonate-user': 'system:serviceaccount:dev:viewer' });
  assert.deepEqual(as, serviceAccountUser('dev', 'viewer'));
  assert.equal((await s.as(as, 'GET', '/api/v1/pods')).status, 403);
});

test('a user with groups is also system:authenticated', () => {
  const as = s.api.access.impersonate(KUBERNETES_ADMIN, { 'impersonate-user': 'jane', 'impersonate-group': 'dev-team, ops' });
  assert.deepEqual(as, { username: 'jane', groups: ['dev-team', 'ops', 'system:authenticated'] });
});

test('without the impersonate verb the request is refused with kube\'s message; resourceNames narrow it', () => {
  const support: UserInfo = { username: 'support', groups: ['system:authenticated'] };
  assert.equal(s.api.access.impersonate(support, { 'impersonate-user': 'jane' }).username, 'jane');
  assert.throws(
    () => s.api.access.impersonate(support, { 'impersonate-user': 'bob' }),
    (e: unknown) => e instanceof ApiError && e.code === 403 && e.message === 'users "bob" is forbidden: User "support" cannot impersonate resource "users" in API group "" at the cluster scope',
  );
  assert.throws(() => s.api.access.impersonate(support, { 'impersonate-user': 'jane', 'impersonate-group': 'system:masters' }), /groups "system:masters" is forbidden/);
});

test('no impersonation headers leave the caller as it is', () => {
  const me: UserInfo = { username: 'me', groups: [] };
  assert.equal(s.api.access.impersonate(me, { accept: 'application/json' }), me);
});
