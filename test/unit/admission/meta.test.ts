import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults, validate } from '../../../src/emulator/apiserver/admission/index';
import type { KubeObject } from '../../../src/kube/object';
import { create, printed, resource, update } from './helpers';

function cm(metadata: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'default', ...metadata } };
}

test('metadata: a name or generateName is required', () => {
  assert.deepEqual(create('ConfigMap', cm({})), ['metadata.name: Required value: name or generateName is required']);
  assert.deepEqual(create('ConfigMap', cm({ generateName: 'cfg-' })), [], 'the core generates the name later');
  assert.deepEqual(create('ConfigMap', cm({ generateName: 'Cfg-' })).length, 1);
});

test('metadata: namespaced kinds need a namespace', () => {
  const r = resource('ConfigMap');
  assert.deepEqual(printed(validate(r, { metadata: { name: 'x' } }, undefined)), ['metadata.namespace: Required value']);
});

test('metadata: cluster-scoped kinds lose a namespace in defaulting, and validation forbids one', () => {
  const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'whale1', namespace: 'default' } };
  assert.deepEqual(printed(validate(resource('Node'), structuredClone(node), undefined)), ['metadata.namespace: Forbidden: not allowed on this type']);
  applyDefaults(resource('Node'), node);
  assert.equal(node.metadata.namespace, undefined);
});

test('metadata: label keys and values', () => {
  assert.deepEqual(create('ConfigMap', cm({ name: 'x', labels: { 'app.kubernetes.io/name': 'web', tier: 'x'.repeat(64) } })), [
    `metadata.labels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`,
  ]);
  const causes = create('ConfigMap', cm({ name: 'x', labels: { 'a/b/c': 'v' } }));
  assert.deepEqual(causes, [
    "metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
  ]);
});

test('metadata: annotations may use upper case but total at most 256 KiB', () => {
  assert.deepEqual(create('ConfigMap', cm({ name: 'x', annotations: { 'Example.com/Note': 'hi' } })), []);
  assert.deepEqual(create('ConfigMap', cm({ name: 'x', annotations: { big: 'x'.repeat(256 * 1024) } })), ['metadata.annotations: Too long: may not be more than 262144 bytes']);
});

test('metadata: owner references name their owner, and only one is the controller', () => {
  const owners = [
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true },
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: '', controller: true },
  ];
  assert.deepEqual(create('ConfigMap', cm({ name: 'x', ownerReferences: owners })), [
    'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    'metadata.ownerReferences: Invalid value: "b": Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b',
  ]);
});

test('metadata update: a deleting object gains no finalizers', () => {
  const old = cm({ name: 'x', deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['a.io/x'] });
  const next = cm({ name: 'x', deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['a.io/x', 'b.io/y'] });
  assert.deepEqual(update('ConfigMap', next, old), ['metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}']);
});

test('metadata: custom resources get metadata checks only', () => {
  const widgets = { ...resource('ConfigMap'), group: 'example.com', kind: 'Widget', plural: 'widgets' };
  assert.deepEqual(printed(validate(widgets, { metadata: { name: 'w_1', namespace: 'default' }, spec: { anything: true } }, undefined)).length, 1);
  assert.equal(applyDefaults(widgets, { metadata: { name: 'w', namespace: 'default' } }), undefined);
});

test('subresources: status validates status rules, scale the replica count, others nothing', () => {
  const r = resource('Deployment', 'apps');
  const d: KubeObject = { metadata: { name: 'web', namespace: 'default' }, spec: { replicas: -2 } };
  assert.deepEqual(printed(validate(r, d, d, 'scale')), ['spec.replicas: Invalid value: -2: must be greater than or equal to 0']);
  assert.deepEqual(printed(validate(r, d, d, 'status')), []);
  assert.deepEqual(printed(validate(resource('Pod'), d, d, 'binding')), []);
});
