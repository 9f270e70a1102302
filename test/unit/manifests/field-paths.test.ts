import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentFieldPath, resolveFieldPath } from '../../../src/manifests/field-paths';

const object = {
  metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
  spec: { containers: [{ name: 'init' }, { name: 'web', ports: [{ containerPort: 80, protocol: 'TCP' }] }], finalizers: ['a', 'b'] },
};

test('server-side apply paths resolve list items by key, set values by value, and dotted keys whole', () => {
  assert.equal(documentFieldPath(object, '.spec.containers[name="web"].image'), 'spec.containers[1].image');
  assert.equal(documentFieldPath(object, '.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"]'), 'spec.containers[1].ports[0]');
  assert.equal(documentFieldPath(object, '.spec.finalizers[="b"]'), 'spec.finalizers[1]');
  assert.equal(documentFieldPath(object, '.metadata.labels.app.kubernetes.io/name'), 'metadata.labels["app.kubernetes.io/name"]');
});

test('validation paths pass through, and an item that is not there stops at its list', () => {
  assert.equal(documentFieldPath(object, 'spec.containers[0].image'), 'spec.containers[0].image');
  assert.deepEqual(resolveFieldPath(object, '.spec.containers[name="db"].image'), ['spec', 'containers']);
});
