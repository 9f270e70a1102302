import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchServerVersion, parseHealthChecks, probeHealth } from '../../../src/cluster/probes.js';
import { FakeTransport } from './fixtures/fake-transport.js';
import { READYZ_ETCD_DOWN, SEED_READYZ } from './fixtures/readyz.js';

test('the seed\'s /readyz?verbose parses into 27 passing checks and its verdict', () => {
  const { checks, verdict } = parseHealthChecks(SEED_READYZ);
  assert.equal(checks.length, 27);
  assert.ok(checks.every((c) => c.ok));
  assert.equal(checks[0].name, 'ping');
  assert.ok(checks.some((c) => c.name === 'poststarthook/rbac/bootstrap-roles'));
  assert.equal(verdict, 'readyz check passed');
});

test('failed checks come first, with their reason; excluded ones count as passing', () => {
  const { checks, verdict } = parseHealthChecks(READYZ_ETCD_DOWN.replace('[+]shutdown ok', '[+]shutdown excluded: ok'));
  assert.deepEqual(checks[0], { name: 'etcd', ok: false, reason: 'reason withheld' });
  assert.deepEqual(checks.find((c) => c.name === 'shutdown'), { name: 'shutdown', ok: true, reason: 'excluded' });
  assert.equal(verdict, 'readyz check failed');
});

test('probes go through the transport with ?verbose and report failure, forbidden or unreachable', async () => {
  const t = new FakeTransport();
  t.onList = (path) => (path === '/readyz' ? { status: 500, body: READYZ_ETCD_DOWN } : { status: 403, body: JSON.stringify({ kind: 'Status', message: 'forbidden: User "system:anonymous" cannot get path "/livez"', code: 403 }) });
  const readyz = await probeHealth(t, 'readyz');
  assert.deepEqual(t.gets[0], { path: '/readyz', query: { verbose: true } });
  assert.equal(readyz.ok, false);
  assert.equal(readyz.status, 500);
  assert.equal(readyz.checks[0].name, 'etcd');
  assert.equal(readyz.text, READYZ_ETCD_DOWN);
  const livez = await probeHealth(t, 'livez');
  assert.equal(livez.error, '/livez answered HTTP 403: forbidden: User "system:anonymous" cannot get path "/livez"');
  t.onList = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6443'));
  const down = await probeHealth(t, 'readyz');
  assert.equal(down.status, 0);
  assert.match(down.error!, /cannot reach the API server: connect ECONNREFUSED/);
});

test('/version gives the server version', async () => {
  const t = new FakeTransport();
  t.onList = () => ({ status: 200, body: JSON.stringify({ major: '1', minor: '25', gitVersion: 'v1.25.2', platform: 'linux/amd64', goVersion: 'go1.19.1' }) });
  const v = await fetchServerVersion(t);
  assert.equal(v.gitVersion, 'v1.25.2');
  assert.equal(v.minor, '25');
});
