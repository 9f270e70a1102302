// The access review kinds: what `kubectl auth can-i` (and --list) and `kubectl auth whoami`
// ask, answered from the same RBAC state that guards requests.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KUBERNETES_ADMIN, serviceAccountUser, type UserInfo } from '../../../src/emulator/apiserver/auth/user';
import { ns, rbacServer, role, roleBinding, sa, type RbacServer } from './support';

let s: RbacServer;
const viewer = serviceAccountUser('dev', 'viewer');
const AUTHZ = '/apis/authorization.k8s.io/v1';
const ssar = (resourceAttributes: Record<string, string>) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes } });

before(async () => {
  s = await rbacServer();
  await s.setup([
    ns('dev'),
    sa('dev', 'viewer'),
    role('dev', 'pod-reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]),
    roleBinding('dev', 'viewer-pods', { kind: 'Role', name: 'pod-reader' }, [{ kind: 'ServiceAccount', name: 'viewer', namespace: 'dev' }]),
  ]);
});

after(() => s.close());

test('SelfSubjectAccessReview answers for the caller, citing the binding that allows', async () => {
  const yes = await s.as(viewer, 'POST', `${AUTHZ}/selfsubjectaccessreviews`, ssar({ namespace: 'dev', verb: 'list', resource: 'pods' }));
  assert.equal(yes.status, 201);
  assert.deepEqual(yes.json.status, { allowed: true, reason: 'RBAC: allowed by RoleBinding "viewer-pods/dev" of Role "pod-reader" to ServiceAccount "viewer/dev"' });
  const no = await s.as(viewer, 'POST', `${AUTHZ}/selfsubjectaccessreviews`, ssar({ verb: 'list', resource: 'pods' }));
  assert.deepEqual(no.json.status, { allowed: false });
  const admin = await s.as(KUBERNETES_ADMIN, 'POST', `${AUTHZ}/selfsubjectaccessreviews`, ssar({ verb: 'delete', resource: 'nodes' }));
  assert.equal(admin.json.status.allowed, true);
});

test('a review needs exactly one of resourceAttributes and nonResourceAttributes', async () => {
  const r = await s.as(viewer, 'POST', `${AUTHZ}/selfsubjectaccessreviews`, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: {} });
  assert.equal(r.status, 422);
  assert.match(r.json.message, /spec\.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified/);
  const path = await s.as(viewer, 'POST', `${AUTHZ}/selfsubjectaccessreviews`, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { nonResourceAttributes: { verb: 'get', path: '/apis' } } });
  assert.equal(path.json.status.allowed, true);
});

test('SelfSubjectRulesReview lists the rules the caller has in a namespace', async () => {
  const r = await s.as(viewer, 'POST', `${AUTHZ}/selfsubjectrulesreviews`, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'dev' } });
  assert.equal(r.status, 201);
  assert.equal(r.json.status.incomplete, false);
  assert.ok(r.json.status.resourceRules.some((x: any) => x.resources.includes('pods') && x.verbs.includes('list')));
  assert.ok(r.json.status.resourceRules.some((x: any) => x.resources.includes('selfsubjectaccessreviews')));
  assert.ok(r.json.status.nonResourceRules.some((x: any) => x.nonResourceURLs.includes('/version')));
  const elsewhere = await s.as(viewer, 'POST', `${AUTHZ}/selfsubjectrulesreviews`, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'default' } });
  assert.ok(!elsewhere.json.status.resourceRules.some((x: any) => x.resources.includes('pods')));
});

test('SubjectAccessReview asks about another user, and only the admin may create one', async () => {
  const body = { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: viewer.username, groups: viewer.groups, resourceAttributes: { namespace: 'dev', verb: 'watch', resource: 'pods' } } };
  const r = await s.as(KUBERNETES_ADMIN, 'POST', `${AUTHZ}/subjectaccessreviews`, body);
  assert.equal(r.status, 201);
  assert.equal(r.json.status.allowed, true);
  const denied = await s.as(viewer, 'POST', `${AUTHZ}/subjectaccessreviews`, body);
  assert.equal(denied.status, 403);
  assert.equal(denied.json.message, 'subjectaccessreviews.authorization.k8s.io is forbidden: User "system:serviceaccount:dev:viewer" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope');
  const local = await s.as(KUBERNETES_ADMIN, 'POST', `${AUTHZ}/namespaces/default/localsubjectaccessreviews`, { ...body, kind: 'LocalSubjectAccessReview' });
  assert.equal(local.status, 422, 'the namespace of a LocalSubjectAccessReview must match its attributes');
});

test('SelfSubjectReview tells the caller who it is (kubectl auth whoami)', async () => {
  const someone: UserInfo = { username: 'jane', uid: 'u-1', groups: ['dev-team', 'system:authenticated'] };
  const r = await s.as(someone, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
  assert.equal(r.status, 201);
  assert.deepEqual(r.json.status.userInfo, { username: 'jane', uid: 'u-1', groups: ['dev-team', 'system:authenticated'] });
});

test('discovery lists the review kinds, and they are not stored', async () => {
  const r = await s.call('GET', AUTHZ);
  assert.deepEqual(r.json.resources.map((x: any) => x.name).sort(), ['localsubjectaccessreviews', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'subjectaccessreviews']);
  assert.equal((await s.call('GET', `${AUTHZ}/selfsubjectaccessreviews`)).status, 405);
});

// kubectl sends these bodies as protobuf: the Unknown envelope around the object's fields.
function field(n: number, value: Buffer | string | number): Buffer {
  if (typeof value === 'number') return Buffer.from([(n << 3) | 0, value]);
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value);
  return Buffer.concat([Buffer.from([(n << 3) | 2, bytes.length]), bytes]);
}

test('a protobuf SelfSubjectAccessReview is understood', async () => {
  const attributes = Buffer.concat([field(1, 'dev'), field(2, 'list'), field(5, 'pods')]);
  const object = Buffer.concat([field(1, Buffer.alloc(0)), field(2, field(1, attributes))]);
  const typeMeta = Buffer.concat([field(1, 'authorization.k8s.io/v1'), field(2, 'SelfSubjectAccessReview')]);
  const body = Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), field(1, typeMeta), field(2, object)]);
  const r = await s.as(viewer, 'POST', `${AUTHZ}/selfsubjectaccessreviews`, body, { 'content-type': 'application/vnd.kubernetes.protobuf' });
  assert.equal(r.status, 201);
  assert.equal(r.json.spec.resourceAttributes.resource, 'pods');
  assert.equal(r.json.status.allowed, true);
});
