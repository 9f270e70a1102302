import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults } from '../../../src/emulator/apiserver/admission/index';
import type { KubeObject } from '../../../src/kube/object';
import { create, resource, update } from './helpers';

function configMap(data: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data, ...extra };
}

function secret(extra: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, ...extra };
}

test('configmap validation: keys', () => {
  assert.deepEqual(create('ConfigMap', configMap({ 'app.properties': 'a=1', KEY_2: 'x' })), []);
  assert.deepEqual(create('ConfigMap', configMap({ 'conf/app': 'x' })), [
    "data[conf/app]: Invalid value: \"conf/app\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
  ]);
  assert.deepEqual(create('ConfigMap', configMap({ a: 'x' }, { binaryData: { a: 'eA==' } })), ['data[a]: Invalid value: "a": duplicate of key present in binaryData']);
});

test('configmap validation: at most 1 MiB', () => {
  assert.deepEqual(create('ConfigMap', configMap({ big: 'x'.repeat(1024 * 1024 + 1) })), ['Too long: may not be more than 1048576 bytes']);
});

test('configmap update: immutable means immutable', () => {
  const old = configMap({ a: '1' }, { immutable: true });
  assert.deepEqual(update('ConfigMap', configMap({ a: '2' }, { immutable: true }), old), ['data: Forbidden: field is immutable when `immutable` is set']);
  assert.deepEqual(update('ConfigMap', configMap({ a: '1' }), old), ['immutable: Forbidden: field is immutable when `immutable` is set']);
  assert.deepEqual(update('ConfigMap', configMap({ a: '2' }), configMap({ a: '1' })), []);
});

test('secret defaults: type Opaque, stringData merged into data', () => {
  const s = secret({ data: { a: 'YQ==' }, stringData: { b: 'hello' } });
  applyDefaults(resource('Secret'), s);
  assert.equal(s.type, 'Opaque');
  assert.deepEqual(s.data, { a: 'YQ==', b: 'aGVsbG8=' });
  assert.equal(s.stringData, undefined);
});

test('secret validation: type-specific keys, size, immutable type', () => {
  assert.deepEqual(create('Secret', secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } })), ['data[tls.key]: Required value']);
  assert.deepEqual(create('Secret', secret({ type: 'kubernetes.io/dockerconfigjson', data: {} })), ['data[.dockerconfigjson]: Required value']);
  const big = Buffer.alloc(1024 * 1024 + 1).toString('base64');
  assert.deepEqual(create('Secret', secret({ data: { big } })), ['data: Too long: may not be more than 1048576 bytes']);
  assert.deepEqual(update('Secret', secret({ type: 'kubernetes.io/basic-auth', data: { username: 'dQ==' } }), secret({ type: 'Opaque', data: {} })), [
    'type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
  ]);
});
