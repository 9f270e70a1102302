import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffSides, normaliseForDiff, toDiffYaml } from '../../../src/manifests/diff';

const live = {
  status: { replicas: 2 },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } } },
  metadata: {
    uid: 'u1',
    resourceVersion: '42',
    generation: 3,
    creationTimestamp: '2026-01-01T00:00:00Z',
    managedFields: [{ manager: 'kubectl' }],
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    labels: { app: 'web' },
    name: 'web',
    namespace: 'shop',
  },
  kind: 'Deployment',
  apiVersion: 'apps/v1',
};

test('server bookkeeping is dropped, status kept, and keys come in a stable reading order', () => {
  const yaml = toDiffYaml(live);
  assert.equal(
    yaml,
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
status:
  replicas: 2
`,
  );
  assert.equal(normaliseForDiff(live, { keepStatus: false }).status, undefined);
  // The input is not changed.
  assert.equal(live.metadata.resourceVersion, '42');
});

test('a dry-run that only differs in bookkeeping shows no change; a real change shows', () => {
  const same = diffSides(live, { ...live, metadata: { ...live.metadata, resourceVersion: '43', managedFields: [] } });
  assert.equal(same.changed, false);
  const scaled = diffSides(live, { ...live, spec: { ...live.spec, replicas: 5 } });
  assert.equal(scaled.changed, true);
  assert.match(scaled.applied, /replicas: 5/);
});

test('a new object is diffed against empty', () => {
  const d = diffSides(undefined, live);
  assert.equal(d.isNew, true);
  assert.equal(d.live, '');
  assert.match(d.applied, /^apiVersion: apps\/v1\nkind: Deployment\n/);
});

const secret = (data: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'shop', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ data }) } },
  type: 'Opaque',
  data,
  ...extra,
});

test('a Secret diff never shows its values: keys stay, a changed value is marked on both sides', () => {
  const live = secret({ password: 'b2xk', user: 'YWRtaW4=' });
  const d = diffSides(live, secret({ password: 'bmV3', user: 'YWRtaW4=', token: 'dG9r' }));
  for (const side of [d.live, d.applied]) {
    assert.doesNotMatch(side, /b2xk|bmV3|YWRtaW4=|dG9r/, side);
  }
  assert.match(d.live, /data:\n {2}password: "\*\*\* \(before\)"\n {2}user: "\*\*\*"\n/);
  assert.match(d.applied, /data:\n {2}password: "\*\*\* \(after\)"\n {2}token: "\*\*\*"\n {2}user: "\*\*\*"\n/);
  assert.equal(d.changed, true);
  // The caller's objects keep their values.
  assert.equal(live.data.password, 'b2xk');
});

test('an unchanged Secret shows no change, and a new one written with stringData is masked too', () => {
  const same = diffSides(secret({ password: 'b2xk' }), secret({ password: 'b2xk' }));
  assert.equal(same.changed, false);
  assert.equal(same.live, same.applied);
  const created = diffSides(undefined, secret({}, { stringData: { password: 'hunter2' } }));
  assert.equal(created.isNew, true);
  assert.doesNotMatch(created.applied, /hunter2/);
  assert.match(created.applied, /stringData:\n {2}password: "\*\*\*"\n/);
});

test('a ConfigMap diff still shows its data', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { greeting: 'hello' } };
  assert.match(diffSides(cm, { ...cm, data: { greeting: 'bye' } }).applied, /greeting: bye/);
});
