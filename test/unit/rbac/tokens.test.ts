// ServiceAccount tokens from the TokenRequest API (`kubectl create token`): they authenticate
// as the ServiceAccount until they expire or the ServiceAccount is gone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN_TOKEN, ns, rbacServer, sa, type RbacServer } from './support';

let s: RbacServer;
const TOKEN_PATH = '/api/v1/namespaces/dev/serviceaccounts/viewer/token';
const request = (spec: Record<string, unknown> = {}) => ({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec });

before(async () => {
  s = await rbacServer();
  await s.setup([ns('dev'), sa('dev', 'viewer')]);
});

after(() => s.close());

test('the admin token is kubernetes-admin in system:masters; unknown tokens are nobody', () => {
  assert.deepEqual(s.api.access.authenticate(`Bearer ${ADMIN_TOKEN}`), { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] });
  assert.equal(s.api.access.authenticate('Bearer nope'), undefined);
  assert.equal(s.api.access.authenticate(undefined), undefined);
  assert.equal(s.api.access.authenticate(`Basic ${ADMIN_TOKEN}`), undefined);
});

test('a TokenRequest returns a token for the ServiceAccount, valid one hour by default', async () => {
  const r = await s.call('POST', TOKEN_PATH, request());
  assert.equal(r.status, 201);
  assert.equal(r.json.kind, 'TokenRequest');
  assert.equal(r.json.spec.expirationSeconds, 3600);
  assert.equal(r.json.status.expirationTimestamp, new Date(s.clock.now() + 3600_000).toISOString().replace('.000Z', 'Z'));
  const user = s.api.access.authenticate(`Bearer ${r.json.status.token}`);
  const uid = (await s.call('GET', '/api/v1/namespaces/dev/serviceaccounts/viewer')).json.metadata.uid;
  assert.deepEqual(user, { username: 'system:serviceaccount:dev:viewer', uid, groups: ['system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated'] });
});

test('a token stops working when it expires', async () => {
  const r = await s.call('POST', TOKEN_PATH, request({ expirationSeconds: 600 }));
  const header = `Bearer ${r.json.status.token}`;
  s.clock.advance(599_000);
  assert.ok(s.api.access.authenticate(header));
  s.clock.advance(1_000);
  assert.equal(s.api.access.authenticate(header), undefined);
});

test('a token for another audience does not authenticate to the API server', async () => {
  const r = await s.call('POST', TOKEN_PATH, request({ audiences: ['vault'] }));
  assert.deepEqual(r.json.spec.audiences, ['vault']);
  assert.equal(s.api.access.authenticate(`Bearer ${r.json.status.token}`), undefined);
  const both = await s.call('POST', TOKEN_PATH, request({ audiences: ['vault', 'https://kubernetes.default.svc.cluster.local'] }));
  assert.ok(s.api.access.authenticate(`Bearer ${both.json.status.token}`));
});

test('a tampered token, or one signed under another admin secret, is rejected', async () => {
  const token: string = (await s.call('POST', TOKEN_PATH, request())).json.status.token;
  const [h, p, sig] = token.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  claims['kubernetes.io'].serviceaccount.name = 'admin';
  assert.equal(s.api.access.authenticate(`Bearer ${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`), undefined);
  const other = await rbacServer();
  try {
    await other.api.access.enable('another-secret');
    await other.setup([ns('dev'), sa('dev', 'viewer')]);
    assert.equal(other.api.access.authenticate(`Bearer ${token}`), undefined);
  } finally {
    await other.close();
  }
});

test('deleting the ServiceAccount revokes its tokens, even if one of that name comes back', async () => {
  await s.setup([sa('dev', 'temp')]);
  const token = (await s.call('POST', '/api/v1/namespaces/dev/serviceaccounts/temp/token', request())).json.status.token;
  assert.ok(s.api.access.authenticate(`Bearer ${token}`));
  await s.call('DELETE', '/api/v1/namespaces/dev/serviceaccounts/temp');
  assert.equal(s.api.access.authenticate(`Bearer ${token}`), undefined);
  await s.setup([sa('dev', 'temp')]);
  assert.equal(s.api.access.authenticate(`Bearer ${token}`), undefined);
});

test('TokenRequest validation and errors are worded as kube-apiserver words them', async () => {
  const short = await s.call('POST', TOKEN_PATH, request({ expirationSeconds: 60 }));
  assert.equal(short.status, 422);
  assert.equal(short.json.message, 'TokenRequest.authentication.k8s.io "viewer" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes');
  const missing = await s.call('POST', '/api/v1/namespaces/dev/serviceaccounts/ghost/token', request());
  assert.equal(missing.status, 404);
  assert.equal(missing.json.message, 'serviceaccounts "ghost" not found');
  assert.equal((await s.call('GET', TOKEN_PATH)).status, 405);
});
