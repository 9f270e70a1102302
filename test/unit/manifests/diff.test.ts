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
