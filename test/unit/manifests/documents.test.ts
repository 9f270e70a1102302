import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests, splitFieldPath } from '../../../src/manifests/documents';
import { installOrder } from '../../../src/manifests/order';

const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
---
# an empty document
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
`;

test('each document keeps its position and fields resolve to their lines', () => {
  const docs = parseManifests(text);
  assert.equal(docs.length, 3);
  assert.equal(docs[0].object?.kind, 'Deployment');
  assert.equal(docs[0].range.start.line, 0);
  assert.equal(docs[1].object, undefined);
  assert.equal(docs[2].object?.kind, 'Namespace');
  assert.equal(docs[2].range.start.line, 13);
  const image = docs[0].rangeOf('spec.template.spec.containers[0].image');
  assert.deepEqual(image.start, { line: 9, character: 17 });
  // A missing field points at its nearest existing parent.
  assert.equal(docs[0].rangeOf('spec.template.spec.containers[0].resources.limits').start.line, 8);
});

test('a YAML syntax error becomes a problem at its line, and other documents still parse', () => {
  const docs = parseManifests('kind: Pod\nmetadata:\n  name: [a\n---\nkind: ConfigMap\n');
  assert.equal(docs.length, 2);
  assert.ok(docs[0].problems.length > 0);
  assert.equal(docs[0].object, undefined);
  assert.ok(docs[0].problems[0].range.start.line >= 2);
  assert.equal(docs[1].object?.kind, 'ConfigMap');
});

test('a document that is not a mapping is reported', () => {
  const [doc] = parseManifests('- a\n- b\n');
  assert.match(doc.problems[0].message, /must be a mapping/);
});

test('duplicate keys are errors, as the API server would reject them', () => {
  const [doc] = parseManifests('kind: Pod\nkind: Service\n');
  assert.ok(doc.problems.some((p) => /unique/i.test(p.message)));
});

test('field paths split with indexes and quoted keys', () => {
  assert.deepEqual(splitFieldPath('spec.containers[0].image'), ['spec', 'containers', 0, 'image']);
  assert.deepEqual(splitFieldPath('metadata.labels["app.kubernetes.io/name"]'), ['metadata', 'labels', 'app.kubernetes.io/name']);
});

test('Namespaces and CRDs are applied first, custom resources last, file order otherwise', () => {
  const docs = parseManifests(text + '---\nkind: Widget\n---\nkind: CustomResourceDefinition\n---\nkind: Service\n');
  const kinds = installOrder(docs.filter((d) => d.object)).map((d) => d.object?.kind);
  assert.deepEqual(kinds, ['Namespace', 'CustomResourceDefinition', 'Service', 'Deployment', 'Widget']);
});

test('the field under a position is found, on its key or in its value', () => {
  const [doc] = parseManifests(text);
  assert.deepEqual(doc.pathAt({ line: 1, character: 1 }), { path: ['kind'], onKey: true });
  assert.deepEqual(doc.pathAt({ line: 9, character: 20 }), { path: ['spec', 'template', 'spec', 'containers', 0, 'image'], onKey: false });
  assert.equal(doc.pathAt({ line: 99, character: 0 }), undefined);
});
