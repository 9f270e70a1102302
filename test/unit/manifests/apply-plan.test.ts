import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests } from '../../../src/manifests/documents';
import { buildPlan, validateAll } from '../../../src/manifests/apply-plan';
import { applyAll, ValidationNotPassedError } from '../../../src/manifests/apply-all';
import { discovery, FakeManifestApi, status } from './fake-manifest-api';

const plan = (text: string) => buildPlan([{ uri: 'file:///app.yaml', documents: parseManifests(text) }], { discovery, defaultNamespace: 'default' });

const app = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: web
          image: nginx
          foo: bar
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: "1"
`;

test('every document is dry-run with Strict validation as cluster-anatomy, in install order', async () => {
  const api = new FakeManifestApi();
  const v = await validateAll(plan(app), api, { concurrency: 1 });
  assert.equal(v.ok, true);
  const dryRuns = api.calls.filter((c) => c.verb === 'apply');
  assert.deepEqual(dryRuns.map((c) => c.name), ['shop', 'settings', 'web']);
  assert.ok(dryRuns.every((c) => c.dryRun === true && c.fieldValidation === 'Strict' && c.fieldManager === 'cluster-anatomy' && c.force === false));
  assert.deepEqual(api.applied(), []);
  assert.equal(v.checked.find((c) => c.entry.ref.name === 'web')?.dryRun?.spec.replicas, 2);
});

test('one document the server refuses blocks the whole apply, with the problem at its line', async () => {
  const api = new FakeManifestApi();
  // fieldValidation=Strict: kube-apiserver's wording for an unknown field.
  api.refuse = (ref, _o, opts) => (ref.name === 'web' && opts.dryRun ? status(400, 'BadRequest', 'strict decoding error: unknown field "spec.template.spec.containers[0].foo"') : undefined);
  const v = await validateAll(plan(app), api);
  assert.equal(v.ok, false);
  assert.equal(v.problems.length, 1);
  const { problem, uri } = v.problems[0];
  assert.equal(uri, 'file:///app.yaml');
  assert.equal(problem.message, 'unknown field "spec.template.spec.containers[0].foo"');
  assert.deepEqual(problem.range.start, { line: 11, character: 15 });
  await assert.rejects(applyAll(v, api), ValidationNotPassedError);
  assert.deepEqual(api.applied(), []);
});

test('422 causes land on their fields, including list items selected by key', async () => {
  const api = new FakeManifestApi();
  api.refuse = (ref) =>
    ref.name === 'web'
      ? status(422, 'Invalid', 'Deployment.apps "web" is invalid: [spec.template.spec.containers[0].image: Required value, spec.replicas: Invalid value: 2: must be odd]', {
          name: 'web',
          group: 'apps',
          kind: 'Deployment',
          causes: [
            { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.template.spec.containers[0].image' },
            { reason: 'FieldValueInvalid', message: 'Invalid value: 2: must be odd', field: 'spec.replicas' },
          ],
        })
      : undefined;
  const v = await validateAll(plan(app), api);
  const byLine = v.problems.map((p) => [p.problem.range.start.line, p.problem.message]);
  assert.deepEqual(byLine, [
    [10, 'spec.template.spec.containers[0].image: Required value'],
    [5, 'spec.replicas: Invalid value: 2: must be odd'],
  ]);
});

test('a dry-run conflict names the managers and their fields, and Force clears it', async () => {
  const api = new FakeManifestApi();
  api.refuse = (ref, _o, opts) =>
    ref.name === 'web' && !opts.force
      ? status(409, 'Conflict', 'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="web"].image', {
          causes: [
            { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' },
            { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.template.spec.containers[name="web"].image' },
          ],
        })
      : undefined;
  const p = plan(app);
  const v = await validateAll(p, api);
  assert.equal(v.ok, false);
  assert.equal(v.conflicts.length, 1);
  assert.deepEqual(v.conflicts[0].managers, [
    { manager: '"kubectl-client-side-apply" using apps/v1', name: 'kubectl-client-side-apply', fields: ['.spec.replicas', '.spec.template.spec.containers[name="web"].image'] },
  ]);
  assert.deepEqual(v.problems.map((x) => x.problem.range.start.line), [5, 10]);
  const forced = await validateAll(p, api, { force: true });
  assert.equal(forced.ok, true);
  const report = await applyAll(forced, api);
  assert.equal(report.complete, true);
  assert.ok(api.calls.filter((c) => c.verb === 'apply' && !c.dryRun).every((c) => c.force === true));
});

test('objects in a namespace this apply creates are not blocked by the dry-run\'s "not found"', async () => {
  const api = new FakeManifestApi();
  api.refuse = (ref, _o, opts) => (opts.dryRun && ref.namespace === 'shop' && ref.kind !== 'Namespace' ? status(404, 'NotFound', 'namespaces "shop" not found', { name: 'shop', kind: 'namespaces' }) : undefined);
  const v = await validateAll(plan('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n'), api);
  assert.equal(v.ok, true);
  assert.match(v.checked.find((c) => c.entry.ref.name === 'c')?.dryRunSkipped ?? '', /namespace "shop" is created by this apply/);
  // A namespace that nothing creates is a real problem.
  const missing = await validateAll(plan('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\n'), api);
  assert.equal(missing.ok, false);
  assert.equal(missing.problems[0].problem.message, 'namespaces "shop" not found');
});

test('an unreachable cluster during validation leaves it incomplete and nothing applied', async () => {
  const api = new FakeManifestApi();
  api.refuse = () => new Error('connect ECONNREFUSED 127.0.0.1:6443');
  const v = await validateAll(plan(app), api);
  assert.equal(v.ok, false);
  assert.match(v.incomplete ?? '', /could not reach the cluster: connect ECONNREFUSED/);
  await assert.rejects(applyAll(v, api), ValidationNotPassedError);
});

test('a locally broken document sends nothing to the server, not even a dry-run', async () => {
  const api = new FakeManifestApi();
  const v = await validateAll(plan(`${app}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n`), api);
  assert.equal(v.ok, false);
  assert.deepEqual(api.calls, []);
  // The unterminated `[broken` on zero-based line 28 is reported there or where the parser gives up.
  assert.ok(v.problems.some((p) => p.problem.range.start.line >= 28 && p.problem.severity === 'error'));
});
