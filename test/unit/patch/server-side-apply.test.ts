import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../src/kube/object';
import { fieldsV1ToPaths, serverSideApply, trackUpdate, type ApplyArgs } from '../../../src/emulator/apiserver/patch/index';
import { ApiError } from '../../../src/emulator/apiserver/status';
import { deploymentSchema, nginxDeployment } from './schemas';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:01:00Z';

function apply(args: Partial<ApplyArgs> & { applied: KubeObject }): KubeObject {
  return serverSideApply({ manager: 'kubectl', force: false, schema: deploymentSchema, now: T0, apiVersion: 'apps/v1', ignoreStatus: true, ...args });
}

function entry(obj: KubeObject, manager: string, operation = 'Apply') {
  return obj.metadata.managedFields?.find((e) => e.manager === manager && e.operation === operation);
}

function owned(obj: KubeObject, manager: string, operation = 'Apply'): string[] {
  const e = entry(obj, manager, operation);
  return e ? fieldsV1ToPaths(e.fieldsV1) : [];
}

function conflictOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 409);
    assert.equal(e.reason, 'Conflict');
    return e;
  }
  assert.fail('expected a 409 Conflict');
}

describe('server-side apply', () => {
  it('creates the object and records one Apply entry with the applied fields', () => {
    const obj = apply({ applied: nginxDeployment() });
    const { managedFields, ...meta } = obj.metadata;
    assert.deepEqual({ ...obj, metadata: meta }, nginxDeployment());
    assert.equal(managedFields?.length, 1);
    const e = managedFields![0];
    assert.deepEqual({ ...e, fieldsV1: undefined }, { manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: undefined });
    assert.deepEqual(e.fieldsV1, {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {},
                'f:env': {
                  'k:{"name":"LOG"}': { '.': {}, 'f:name': {}, 'f:value': {} },
                  'k:{"name":"MODE"}': { '.': {}, 'f:name': {}, 'f:value': {} },
                },
                'f:image': {},
                'f:name': {},
                'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                'f:resources': { 'f:requests': { 'f:cpu': {}, 'f:memory': {} } },
              },
            },
          },
        },
      },
    });
  });

  it('removes a field the manager stops applying', () => {
    const live = apply({ applied: nginxDeployment() });
    const next = nginxDeployment();
    next.spec.template.spec.containers[0].env = [{ name: 'MODE', value: 'prod' }];
    delete next.metadata.labels;
    const out = apply({ live, applied: next, now: T1 });
    assert.deepEqual(out.spec.template.spec.containers[0].env, [{ name: 'MODE', value: 'prod' }]);
    assert.equal(out.metadata.labels, undefined);
    assert.ok(!owned(out, 'kubectl').some((p) => p.includes('LOG')));
    assert.equal(entry(out, 'kubectl')?.time, T1);
  });

  it('removes a list item the manager stops applying but keeps items others added', () => {
    const two = nginxDeployment();
    two.spec.template.spec.containers.push({ name: 'sidecar', image: 'envoy' });
    let live = apply({ applied: two });
    // A controller injects a container with an ordinary update.
    const injected = structuredClone(live);
    injected.spec.template.spec.containers.push({ name: 'istio-proxy', image: 'istio' });
    live = trackUpdate({ live, updated: injected, manager: 'istio-injector', schema: deploymentSchema, now: T1, apiVersion: 'apps/v1', ignoreStatus: true });
    const out = apply({ live, applied: nginxDeployment(), now: T1 });
    assert.deepEqual(
      out.spec.template.spec.containers.map((c: any) => c.name),
      ['nginx', 'istio-proxy'],
    );
  });

  it('takes a removed item\'s fields away from every manager', () => {
    const two = nginxDeployment();
    two.spec.template.spec.containers.push({ name: 'sidecar', image: 'envoy' });
    let live = apply({ applied: two });
    const edited = structuredClone(live);
    edited.spec.template.spec.containers[1].image = 'envoy:2';
    live = trackUpdate({ live, updated: edited, manager: 'kubectl-set', schema: deploymentSchema, now: T1, apiVersion: 'apps/v1', ignoreStatus: true });
    assert.deepEqual(owned(live, 'kubectl-set', 'Update'), ['.spec.template.spec.containers[name="sidecar"].image']);
    const out = apply({ live, applied: nginxDeployment(), now: T1 });
    assert.deepEqual(
      out.spec.template.spec.containers.map((c: any) => c.name),
      ['nginx'],
    );
    assert.equal(entry(out, 'kubectl-set', 'Update'), undefined, 'nothing is left for the other manager to own');
  });

  it('keeps a field another manager also owns when the applier drops it', () => {
    let live = apply({ applied: nginxDeployment(), manager: 'alice' });
    live = apply({ live, applied: nginxDeployment(), manager: 'bob' });
    const withoutReplicas = nginxDeployment();
    delete withoutReplicas.spec.replicas;
    const out = apply({ live, applied: withoutReplicas, manager: 'alice' });
    assert.equal(out.spec.replicas, 3);
    assert.ok(owned(out, 'bob').includes('.spec.replicas'));
    assert.ok(!owned(out, 'alice').includes('.spec.replicas'));
  });

  it('keeps a list item two appliers applied until the second one drops it too', () => {
    const two = nginxDeployment();
    two.spec.template.spec.containers.push({ name: 'sidecar', image: 'envoy' });
    let live = apply({ applied: two, manager: 'alice' });
    live = apply({ live, applied: two, manager: 'bob' });
    const item = '.spec.template.spec.containers[name="sidecar"]';
    assert.ok(owned(live, 'alice').includes(item) && owned(live, 'bob').includes(item), 'both own the item itself');
    live = apply({ live, applied: nginxDeployment(), manager: 'alice', now: T1 });
    assert.deepEqual(live.spec.template.spec.containers.map((c: any) => c.name), ['nginx', 'sidecar']);
    assert.ok(!owned(live, 'alice').includes(item));
    live = apply({ live, applied: nginxDeployment(), manager: 'bob', now: T1 });
    assert.deepEqual(live.spec.template.spec.containers.map((c: any) => c.name), ['nginx']);
  });

  it('keeps a list item an update added when an applier that also applied it drops it', () => {
    let live = apply({ applied: nginxDeployment(), manager: 'alice' });
    const edited = structuredClone(live);
    edited.spec.template.spec.containers.push({ name: 'sidecar', image: 'envoy' });
    live = trackUpdate({ live, updated: edited, manager: 'kubectl-edit', schema: deploymentSchema, now: T1, apiVersion: 'apps/v1', ignoreStatus: true });
    // The update added the item, so it owns the item itself, as kube-apiserver records it.
    assert.deepEqual(owned(live, 'kubectl-edit', 'Update'), [
      '.spec.template.spec.containers[name="sidecar"]',
      '.spec.template.spec.containers[name="sidecar"].image',
      '.spec.template.spec.containers[name="sidecar"].name',
    ]);
    const two = nginxDeployment();
    two.spec.template.spec.containers.push({ name: 'sidecar', image: 'envoy' });
    live = apply({ live, applied: two, manager: 'alice', now: T1 });
    const out = apply({ live, applied: nginxDeployment(), manager: 'alice', now: T1 });
    assert.deepEqual(out.spec.template.spec.containers.map((c: any) => c.name), ['nginx', 'sidecar']);
  });

  it('lets two managers share a field when they apply the same value', () => {
    const live = apply({ applied: nginxDeployment(3), manager: 'alice' });
    const out = apply({ live, applied: nginxDeployment(3), manager: 'bob' });
    assert.ok(owned(out, 'alice').includes('.spec.replicas'));
    assert.ok(owned(out, 'bob').includes('.spec.replicas'));
  });

  it('refuses a different value for a field another applier owns, with kube-apiserver\'s message', () => {
    const live = apply({ applied: nginxDeployment(3), manager: 'alice' });
    const e = conflictOf(() => apply({ live, applied: nginxDeployment(5), manager: 'bob' }));
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
    assert.deepEqual(e.toStatus().details, { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' }] });
  });

  it('lists several conflicts per manager', () => {
    const live = apply({ applied: nginxDeployment(3), manager: 'alice' });
    const other = nginxDeployment(5);
    other.spec.template.spec.containers[0].image = 'nginx:1.28';
    const e = conflictOf(() => apply({ live, applied: other, manager: 'bob' }));
    assert.equal(e.message, 'Apply failed with 2 conflicts: conflicts with "alice":\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image');
    assert.deepEqual(
      e.toStatus().details?.causes?.map((c) => c.field),
      ['.spec.replicas', '.spec.template.spec.containers[name="nginx"].image'],
    );
  });

  it('treats an applied null on another manager\'s field as a conflict, and clears it with force', () => {
    const live = apply({ applied: nginxDeployment(3), manager: 'alice' });
    const cleared = nginxDeployment();
    cleared.spec.replicas = null;
    const e = conflictOf(() => apply({ live, applied: cleared, manager: 'bob' }));
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
    const out = apply({ live, applied: cleared, manager: 'bob', force: true });
    assert.equal('replicas' in out.spec, false);
    assert.ok(!owned(out, 'alice').includes('.spec.replicas'));
  });

  it('takes ownership with force', () => {
    const live = apply({ applied: nginxDeployment(3), manager: 'alice' });
    const out = apply({ live, applied: nginxDeployment(5), manager: 'bob', force: true });
    assert.equal(out.spec.replicas, 5);
    assert.ok(owned(out, 'bob').includes('.spec.replicas'));
    assert.ok(!owned(out, 'alice').includes('.spec.replicas'));
    assert.ok(owned(out, 'alice').includes('.spec.template.spec.containers[name="nginx"].image'));
  });

  it('conflicts with a kubectl scale made after an apply (Update, then Apply)', () => {
    let live = apply({ applied: nginxDeployment(3) });
    const scaled = structuredClone(live);
    scaled.spec.replicas = 10;
    live = trackUpdate({ live, updated: scaled, manager: 'kubectl', subresource: 'scale', schema: deploymentSchema, now: T1, apiVersion: 'apps/v1', ignoreStatus: true });
    assert.ok(!owned(live, 'kubectl').includes('.spec.replicas'), 'the scale took replicas from the applier');
    const e = conflictOf(() => apply({ live, applied: nginxDeployment(3) }));
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
  });

  it('conflicts with fields a client-side apply created', () => {
    const live = trackUpdate({ updated: nginxDeployment(3), manager: 'kubectl-client-side-apply', schema: deploymentSchema, now: T0, apiVersion: 'apps/v1', ignoreStatus: true });
    const e = conflictOf(() => apply({ live, applied: nginxDeployment(5), manager: 'helm' }));
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    assert.deepEqual(e.toStatus().details?.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }]);
  });

  it('lets kubectl take over from client-side apply fields in the last-applied annotation', () => {
    const csa = nginxDeployment(3);
    csa.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(nginxDeployment(3)) };
    const live = trackUpdate({ updated: csa, manager: 'kubectl-client-side-apply', schema: deploymentSchema, now: T0, apiVersion: 'apps/v1', ignoreStatus: true });
    const out = apply({ live, applied: nginxDeployment(4), manager: 'kubectl', now: T1 });
    assert.equal(out.spec.replicas, 4);
    assert.ok(owned(out, 'kubectl').includes('.spec.replicas'));
    const lastApplied = JSON.parse(out.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']);
    assert.equal(lastApplied.spec.replicas, 4, 'the annotation follows the server-side apply');
  });

  it('gives an untracked object\'s fields to before-first-apply', () => {
    const live: KubeObject = { ...nginxDeployment(3), metadata: { ...nginxDeployment().metadata, uid: 'u1', resourceVersion: '7' } };
    const same = apply({ live, applied: nginxDeployment(3) });
    assert.ok(owned(same, 'before-first-apply', 'Update').includes('.spec.replicas'));
    assert.ok(owned(same, 'kubectl').includes('.spec.replicas'));
    const e = conflictOf(() => apply({ live, applied: nginxDeployment(2) }));
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
  });

  it('neither owns nor conflicts on status through the main resource', () => {
    const withStatus = nginxDeployment();
    withStatus.status = { replicas: 3 };
    const out = apply({ applied: withStatus });
    assert.ok(!owned(out, 'kubectl').some((p) => p.startsWith('.status')));
  });

  it('keeps live-only fields and server-set metadata', () => {
    const live = apply({ applied: nginxDeployment() });
    live.metadata.uid = 'abc';
    live.metadata.creationTimestamp = T0;
    live.spec.template.spec.containers[0].imagePullPolicy = 'IfNotPresent';
    const out = apply({ live, applied: nginxDeployment(), now: T1 });
    assert.equal(out.metadata.uid, 'abc');
    assert.equal(out.spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent');
    assert.equal(entry(out, 'kubectl')?.time, T0, 'a no-op apply keeps the entry time');
  });

  it('rejects managedFields in the applied configuration', () => {
    const applied = nginxDeployment();
    applied.metadata.managedFields = [];
    assert.throws(() => apply({ applied }), (e: unknown) => e instanceof ApiError && e.code === 400 && e.message === 'metadata.managedFields must be nil');
  });

  it('rejects a configuration of another version', () => {
    const applied = { ...nginxDeployment(), apiVersion: 'apps/v1beta1' };
    assert.throws(() => apply({ applied }), (e: unknown) => e instanceof ApiError && e.code === 400 && e.message === 'invalid object type: apps/v1beta1, Kind=Deployment');
  });

  it('rejects fields the schema does not declare, as a typed patch error', () => {
    const applied = nginxDeployment();
    applied.spec.frobnicate = true;
    assert.throws(
      () => apply({ applied }),
      (e: unknown) => e instanceof ApiError && e.code === 400 && e.message === 'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.frobnicate: field not declared in schema',
    );
  });

  it('rejects duplicate map-list keys', () => {
    const applied = nginxDeployment();
    applied.spec.template.spec.containers[0].env.push({ name: 'MODE', value: 'dev' });
    assert.throws(
      () => apply({ applied }),
      (e: unknown) => e instanceof ApiError && e.code === 400 && e.message.endsWith('.spec.template.spec.containers[name="nginx"].env: duplicate entries for key [name="MODE"]'),
    );
  });

  it('treats custom resources without a schema as untyped: maps merge, lists replace', () => {
    const cr = (spec: unknown): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec });
    let live = serverSideApply({ applied: cr({ size: 1, tags: ['a', 'b'], nested: { x: 1 } }), manager: 'a', force: false, now: T0, apiVersion: 'example.com/v1' });
    assert.deepEqual(live.metadata.managedFields![0].fieldsV1, { 'f:spec': { '.': {}, 'f:nested': { '.': {}, 'f:x': {} }, 'f:size': {}, 'f:tags': {} } });
    live = serverSideApply({ live, applied: cr({ tags: ['c'] }), manager: 'b', force: true, now: T1, apiVersion: 'example.com/v1' });
    assert.deepEqual(live.spec, { size: 1, tags: ['c'], nested: { x: 1 } });
  });
});
