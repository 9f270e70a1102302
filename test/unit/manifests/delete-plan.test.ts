import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests } from '../../../src/manifests/documents';
import { buildPlan } from '../../../src/manifests/apply-plan';
import { buildDeletePlan, deleteAll } from '../../../src/manifests/delete-plan';
import { discovery, FakeManifestApi, status } from './fake-manifest-api';

const text = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
`;
const plan = () => buildPlan([{ uri: 'file:///m.yaml', documents: parseManifests(text) }], { discovery, defaultNamespace: 'default' });

test('delete lists what will go in reverse install order and deletes with foreground propagation', async () => {
  const del = buildDeletePlan(plan());
  assert.deepEqual(del.summary, ['deployments.apps/web (namespace shop)', 'configmaps/settings (namespace shop)', 'namespaces/shop']);
  const api = new FakeManifestApi();
  for (const e of del.entries) if (e.ref.kind !== 'ConfigMap') api.seed(e.ref, e.object);
  const report = await deleteAll(del, api);
  assert.deepEqual(report.results.map((r) => r.outcome), ['deleted', 'not-found', 'deleted']);
  assert.ok(api.calls.every((c) => c.propagationPolicy === 'Foreground'));
});

test('a refused delete stops the rest, which are reported as not deleted', async () => {
  const del = buildDeletePlan(plan());
  const api = new FakeManifestApi();
  api.refuse = (ref) => (ref.name === 'settings' ? status(403, 'Forbidden', 'configmaps "settings" is forbidden: User "dev" cannot delete resource') : undefined);
  const report = await deleteAll(del, api);
  assert.deepEqual(report.results.map((r) => r.outcome), ['not-found', 'failed', 'not-deleted']);
  assert.match(report.stoppedBy ?? '', /forbidden/);
});
