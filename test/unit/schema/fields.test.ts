import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaRegistry } from '../../../src/emulator/apiserver/schema/index';
import type { KubeObject } from '../../../src/kube/object';
import { widgetCrd } from '../apiserver/support';

function pod(extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' }, annotations: { anything: 'goes' } },
    spec: {
      containers: [
        { name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '1', 'example.com/gpu': '1' } } },
        { name: 'side', image: 'busybox', imagePullPolicyy: 'Always', env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'x' }, bogus: 1 } }] },
      ],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
    },
    ...extra,
  };
}

test('unknownFields reports paths as kube-apiserver prints them', () => {
  const r = new SchemaRegistry();
  assert.deepEqual(r.unknownFields('', 'v1', 'Pod', pod({ specc: {} })), [
    'spec.containers[1].imagePullPolicyy',
    'spec.containers[1].env[0].valueFrom.bogus',
    'specc',
  ]);
});

test('unknownFields accepts a valid object, map keys of any name and metadata fields', () => {
  const r = new SchemaRegistry();
  const ok = pod();
  delete ok.spec.containers[1].imagePullPolicyy;
  delete ok.spec.containers[1].env[0].valueFrom.bogus;
  assert.deepEqual(r.unknownFields('', 'v1', 'Pod', ok), []);
  assert.deepEqual(r.unknownFields('', 'v1', 'Pod', { ...ok, metadata: { name: 'x', nmae: 'y' } }), ['metadata.nmae']);
});

test('raw JSON subtrees (preserve-unknown-fields) are not checked', () => {
  const r = new SchemaRegistry();
  const rev = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, revision: 1, data: { spec: { whatever: { deep: true } } } };
  assert.deepEqual(r.unknownFields('apps', 'v1', 'ControllerRevision', rev), []);
  const withFields = { ...pod(), metadata: { name: 'x', managedFields: [{ manager: 'm', fieldsV1: { 'f:spec': { 'f:x': {} } } }] } };
  assert.deepEqual(r.unknownFields('', 'v1', 'Pod', withFields).filter((p) => p.startsWith('metadata')), []);
});

test('prune drops unknown fields of built-ins in place, as decoding into Go types does', () => {
  const r = new SchemaRegistry();
  const p = pod({ extra: 1 });
  r.prune('', 'v1', 'Pod', p);
  assert.equal('extra' in p, false);
  assert.equal('imagePullPolicyy' in p.spec.containers[1], false);
  assert.equal(p.spec.containers[1].image, 'busybox');
  assert.deepEqual(p.spec.containers[0].resources.limits, { cpu: '1', 'example.com/gpu': '1' });
});

const crd = widgetCrd({
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        size: { type: 'integer' },
        port: { 'x-kubernetes-int-or-string': true },
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } }, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] },
        config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } },
      },
    },
    status: { type: 'object', properties: { ready: { type: 'boolean' } } },
  },
}) as KubeObject;

test('a CRD schema becomes a structural schema with metadata, list types and preserved subtrees', () => {
  const r = new SchemaRegistry();
  r.addCustomResource(crd);
  const schema = r.forKind('example.com', 'v1', 'Widget');
  assert.ok(schema);
  assert.equal(schema.properties?.metadata, r.forKind('', 'v1', 'Pod')?.properties?.metadata);
  assert.equal(schema.properties?.spec.properties?.port.type, 'int-or-string');
  assert.equal(schema.properties?.spec.properties?.tags.listType, 'set');
  assert.deepEqual(schema.properties?.spec.properties?.items.listMapKeys, ['name']);
  assert.equal(schema.properties?.spec.properties?.labels.type, 'map');
  assert.equal(r.forKind('example.com', 'v2', 'Widget'), undefined);
});

test('custom resources: unknown fields found and pruned, preserved subtrees kept', () => {
  const r = new SchemaRegistry();
  r.addCustomResource(crd);
  const widget = {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'default', bogusMeta: 1 },
    spec: {
      size: 3,
      colour: 'red',
      config: { anything: { at: 'all' } },
      labels: { a: 'b' },
      items: [{ name: 'x', extra: true }],
      template: { apiVersion: 'v1', kind: 'Thing', metadata: { name: 't' }, spec: { a: 'x', b: 'y' } },
    },
    status: { ready: true, phase: 'Up' },
  };
  assert.deepEqual(r.unknownFields('example.com', 'v1', 'Widget', widget), [
    'metadata.bogusMeta',
    'spec.colour',
    'spec.items[0].extra',
    'spec.template.spec.b',
    'status.phase',
  ]);
  r.prune('example.com', 'v1', 'Widget', widget);
  assert.deepEqual(widget.spec, {
    size: 3,
    config: { anything: { at: 'all' } },
    labels: { a: 'b' },
    items: [{ name: 'x' }],
    template: { apiVersion: 'v1', kind: 'Thing', metadata: { name: 't' }, spec: { a: 'x' } },
  });
  assert.deepEqual(widget.status, { ready: true });
  assert.deepEqual(widget.metadata, { name: 'w', namespace: 'default' });
});

test('removeCustomResource forgets the kind; a CRD without a schema preserves everything', () => {
  const r = new SchemaRegistry();
  r.addCustomResource(crd);
  r.removeCustomResource('example.com', 'Widget');
  assert.equal(r.forKind('example.com', 'v1', 'Widget'), undefined);
  const loose = structuredClone(crd);
  delete loose.spec.versions[0].schema;
  r.addCustomResource(loose);
  assert.deepEqual(r.unknownFields('example.com', 'v1', 'Widget', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { x: 1 } }), []);
});
