import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests } from '../../../src/manifests/documents';
import { buildPlan } from '../../../src/manifests/apply-plan';
import { discovery } from './fake-manifest-api';

const plan = (text: string, defaultNamespace = 'team-a') => buildPlan([{ uri: 'file:///m.yaml', documents: parseManifests(text) }], { discovery, defaultNamespace });

test('missing apiVersion, kind and name are reported at their lines (a missing field at its document)', () => {
  const p = plan('kind: ConfigMap\nmetadata:\n  labels: {a: b}\n---\napiVersion: v1\nmetadata:\n  name: x\n');
  const messages = p.problems.map((x) => `${x.problem.range.start.line}: ${x.problem.message}`);
  assert.deepEqual(messages, ['0: apiVersion not set', '1: metadata.name: Required value: name or generateName is required', '4: kind not set']);
  assert.equal(p.entries.length, 0);
});

test('a malformed name gets kube-apiserver\'s wording at the name\'s line', () => {
  const p = plan('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: My_Config\n');
  assert.equal(p.problems.length, 1);
  assert.equal(p.problems[0].problem.range.start.line, 3);
  assert.match(p.problems[0].problem.message, /^metadata\.name: Invalid value: "My_Config": a lowercase RFC 1123 subdomain must consist of/);
});

test('Services need DNS-1035 labels, so a name starting with a digit is refused', () => {
  const p = plan('apiVersion: v1\nkind: Service\nmetadata:\n  name: 1web\n');
  assert.match(p.problems[0].problem.message, /DNS-1035 label/);
});

test('a kind the cluster does not serve is named, with the versions it does serve', () => {
  const p = plan('apiVersion: apps/v1beta1\nkind: Deployment\nmetadata:\n  name: web\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n');
  assert.equal(p.problems[0].problem.message, 'no matches for kind "Deployment" in version "apps/v1beta1": the cluster serves Deployment in apps/v1');
  assert.equal(p.problems[0].problem.range.start.line, 1);
  assert.match(p.problems[1].problem.message, /no matches for kind "Widget" in version "example.com\/v1": ensure CRDs are installed first/);
});

test('a custom resource whose CRD is in the same file is accepted, after the CRD', () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets}
  versions: [{name: v1, served: true, storage: true}]
`;
  const p = plan(`apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n---\n${crd}`);
  assert.deepEqual(p.problems, []);
  assert.deepEqual(p.entries.map((e) => e.ref.kind), ['CustomResourceDefinition', 'Widget']);
  assert.equal(p.entries[1].definedByPlan, true);
  assert.deepEqual(p.entries[1].ref, { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespace: 'team-a', name: 'w' });
});

test('namespaced objects default to the context namespace; the document itself is untouched', () => {
  const p = plan('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n  namespace: shop\n');
  assert.deepEqual(p.entries.map((e) => e.ref.namespace), ['team-a', 'shop']);
  assert.equal(p.entries[0].object.metadata.namespace, 'team-a');
  assert.equal(p.entries[0].document.object?.metadata.namespace, undefined);
});

test('a namespace on a cluster-scoped kind is a warning that does not block, and is not sent', () => {
  const p = plan('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  namespace: default\n');
  assert.equal(p.problems.length, 1);
  assert.equal(p.problems[0].problem.severity, 'warning');
  assert.equal(p.problems[0].problem.range.start.line, 4);
  assert.match(p.problems[0].problem.message, /Namespace is cluster-scoped/);
  assert.equal(p.entries[0].ref.namespace, undefined);
  assert.equal(p.entries[0].object.metadata.namespace, undefined);
});

test('generateName alone cannot be applied, and a duplicate object is flagged', () => {
  const p = plan('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: job-\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
  assert.match(p.problems[0].problem.message, /server-side apply needs metadata.name/);
  assert.equal(p.problems[1].problem.severity, 'warning');
  assert.match(p.problems[1].problem.message, /ConfigMap "a" is also defined at line 6/);
});

test('YAML syntax errors keep their position and the document is not planned', () => {
  const p = plan('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n');
  assert.equal(p.entries.length, 0);
  assert.ok(p.problems[0].problem.range.start.line >= 3);
  assert.equal(p.problems[0].problem.severity, 'error');
});

test('a v1 List is applied item by item, with problems at the item\'s lines', () => {
  const p = plan('apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: Bad\n');
  assert.deepEqual(p.entries.map((e) => e.ref.name), ['a', 'Bad']);
  assert.equal(p.problems.length, 1);
  assert.equal(p.problems[0].problem.range.start.line, 10);
  assert.match(p.problems[0].problem.message, /metadata\.name: Invalid value: "Bad"/);
});
