import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests } from '../../../src/manifests/documents';
import { buildPlan, validateAll } from '../../../src/manifests/apply-plan';
import { applyAll, describeResult, unfinished } from '../../../src/manifests/apply-all';
import { discovery, FakeManifestApi, status } from './fake-manifest-api';

const configMaps = (n: number) =>
  Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  k: "${i}"\n`).join('---\n');
const plan = (text: string) => buildPlan([{ uri: 'file:///m.yaml', documents: parseManifests(text) }], { discovery, defaultNamespace: 'default' });

test('each object is reported created, configured or unchanged, as kubectl reports them', async () => {
  const api = new FakeManifestApi();
  const first = await validateAll(plan(configMaps(3)), api);
  const created = await applyAll(first, api);
  assert.deepEqual(created.results.map((r) => r.outcome), ['created', 'created', 'created']);
  assert.equal(describeResult(created.results[0]), 'configmap/cm-0 created');

  const changed = plan(configMaps(3).replace('k: "1"', 'k: "changed"'));
  const second = await applyAll(await validateAll(changed, api), api);
  assert.deepEqual(second.results.map((r) => r.outcome), ['unchanged', 'configured', 'unchanged']);
  assert.equal(second.complete, true);

  // A server that bumps resourceVersion for a field-ownership change alone: nothing the user wrote changed.
  api.bumpOnEveryApply = true;
  const third = await applyAll(await validateAll(changed, api), api);
  assert.deepEqual(third.results.map((r) => r.outcome), ['unchanged', 'unchanged', 'unchanged']);
});

test('Namespaces go first and the next kind waits until the previous kind is done', async () => {
  const api = new FakeManifestApi();
  const text = `${configMaps(2)}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n`;
  const order: string[] = [];
  api.afterApply = (ref) => order.push(ref.kind);
  const report = await applyAll(await validateAll(plan(text), api), api, { concurrency: 4 });
  assert.equal(report.complete, true);
  assert.deepEqual(order, ['Namespace', 'ConfigMap', 'ConfigMap', 'Deployment']);
});

test('cancelling stops between objects and reports what was and was not applied', async () => {
  const api = new FakeManifestApi();
  const v = await validateAll(plan(configMaps(5)), api);
  const token = { isCancellationRequested: false };
  const progress: number[] = [];
  api.afterApply = (ref) => {
    if (ref.name === 'cm-1') token.isCancellationRequested = true;
  };
  const report = await applyAll(v, api, { token, concurrency: 1, onProgress: (done) => progress.push(done) });
  assert.equal(report.cancelled, true);
  assert.equal(report.complete, false);
  assert.deepEqual(report.results.map((r) => r.outcome), ['created', 'created', 'not-applied', 'not-applied', 'not-applied']);
  assert.deepEqual(api.applied(), ['cm-0', 'cm-1']);
  assert.deepEqual(progress, [1, 2]);
  assert.equal(report.stoppedBy, 'cancelled');
});

test('losing the cluster mid-apply stops, naming the object that failed and the ones not applied', async () => {
  const api = new FakeManifestApi();
  const v = await validateAll(plan(configMaps(4)), api);
  api.refuse = (ref, _o, opts) => (!opts.dryRun && ref.name === 'cm-2' ? new Error('socket hang up') : undefined);
  const report = await applyAll(v, api, { concurrency: 1 });
  assert.deepEqual(report.results.map((r) => r.outcome), ['created', 'created', 'failed', 'not-applied']);
  assert.equal(report.results[2].message, 'could not reach the cluster: socket hang up');
  assert.deepEqual(unfinished(report).map((e) => e.ref.name), ['cm-2', 'cm-3']);
});

test('a conflict at apply time is a structured result; retrying it with force finishes the rest', async () => {
  const api = new FakeManifestApi();
  const v = await validateAll(plan(configMaps(3)), api);
  api.refuse = (ref, _o, opts) =>
    !opts.dryRun && !opts.force && ref.name === 'cm-1'
      ? status(409, 'Conflict', 'Apply failed with 1 conflict: conflict with "helm" using v1: .data.k', { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "helm" using v1', field: '.data.k' }] })
      : undefined;
  const report = await applyAll(v, api, { concurrency: 1 });
  assert.deepEqual(report.results.map((r) => r.outcome), ['created', 'conflict', 'not-applied']);
  assert.deepEqual(report.results[1].managers, [{ manager: '"helm" using v1', name: 'helm', fields: ['.data.k'] }]);
  // The diagnostic sits on the conflicting field in the second document: `  k: "1"`, zero-based line 12.
  assert.equal(report.problems[0].problem.range.start.line, 12);
  const retry = await applyAll(v, api, { force: true, only: unfinished(report) });
  assert.deepEqual(retry.results.map((r) => [r.entry.ref.name, r.outcome]), [['cm-1', 'created'], ['cm-2', 'created']]);
  assert.equal(retry.complete, true);
});
