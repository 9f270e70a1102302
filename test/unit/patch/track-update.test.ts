import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../src/kube/object';
import { fieldsV1ToPaths, serverSideApply, trackUpdate, type UpdateArgs } from '../../../src/emulator/apiserver/patch/index';
import { SchemaRegistry } from '../../../src/emulator/apiserver/schema/index';
import { deploymentSchema, nginxDeployment, podSchema } from './schemas';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:01:00Z';

function update(args: Partial<UpdateArgs> & { updated: KubeObject }): KubeObject {
  return trackUpdate({ manager: 'kubectl-edit', schema: deploymentSchema, now: T0, apiVersion: 'apps/v1', ignoreStatus: true, ...args });
}

const fieldsOfEntry = (obj: KubeObject, manager: string) => obj.metadata.managedFields?.find((e) => e.manager === manager)?.fieldsV1 as any;
const paths = (obj: KubeObject, manager: string) => fieldsV1ToPaths(obj.metadata.managedFields?.find((e) => e.manager === manager)?.fieldsV1 ?? {});

describe('managedFields for create and update', () => {
  it('gives the creator every field it set, as an Update entry, without name or namespace', () => {
    const created = update({ updated: nginxDeployment(), manager: 'kubectl-create' });
    const [e] = created.metadata.managedFields!;
    assert.deepEqual({ manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, time: e.time, fieldsType: e.fieldsType }, {
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: T0,
      fieldsType: 'FieldsV1',
    });
    const p = paths(created, 'kubectl-create');
    assert.ok(p.includes('.metadata.labels'), 'a new map is itself owned (".")');
    assert.ok(p.includes('.metadata.labels.app'));
    assert.ok(p.includes('.spec.template.spec.containers[name="nginx"].image'));
    assert.ok(!p.some((x) => x === '.metadata.name' || x === '.metadata.namespace' || x === '.apiVersion' || x === '.kind'));
    assert.ok(!p.includes('.spec.template'), 'structs exist as zero values upstream and are not themselves owned');
  });

  it('moves a changed field to the updater and leaves the rest with its owner', () => {
    const created = update({ updated: nginxDeployment(3), manager: 'kubectl-create' });
    const edited = structuredClone(created);
    edited.spec.replicas = 4;
    const out = update({ live: created, updated: edited, now: T1 });
    assert.deepEqual(paths(out, 'kubectl-edit'), ['.spec.replicas']);
    assert.ok(!paths(out, 'kubectl-create').includes('.spec.replicas'));
    assert.ok(paths(out, 'kubectl-create').includes('.spec.selector'));
    assert.equal(out.metadata.managedFields!.find((e) => e.manager === 'kubectl-edit')?.time, T1);
  });

  it("reads a stored entry's fields lazily, an empty one as owning nothing", () => {
    const created = update({ updated: nginxDeployment(3), manager: 'kubectl-create' });
    const creator = JSON.stringify(created.metadata.managedFields);
    const live = structuredClone(created);
    live.metadata.managedFields!.push({ manager: 'kubectl-edit', operation: 'Update', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: {} });
    const edited = structuredClone(created);
    edited.spec.replicas = 4;
    const out = update({ live, updated: edited, now: T1, liveEntriesCanonical: true });
    assert.deepEqual(fieldsOfEntry(out, 'kubectl-edit'), { 'f:spec': { 'f:replicas': {} } });
    // The creator's entry loses just that path; the stored entries it was read from stay as they were.
    assert.deepEqual(fieldsOfEntry(out, 'kubectl-create')['f:spec']['f:replicas'], undefined);
    assert.ok(fieldsOfEntry(out, 'kubectl-create')['f:spec']['f:selector']);
    assert.equal(JSON.stringify(created.metadata.managedFields), creator);
    assert.equal(JSON.stringify(live.metadata.managedFields!.slice(0, 1)), creator);
  });

  it('merges two stored entries of one manager, an empty one owning nothing', () => {
    const entry = (fieldsV1: Record<string, unknown>) => ({ manager: 'a', operation: 'Update' as const, apiVersion: 'v1', time: T0, fieldsType: 'FieldsV1' as const, fieldsV1 });
    const live: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', managedFields: [entry({}), entry({ 'f:data': { '.': {}, 'f:x': {} } })] }, data: { x: '1' } };
    const updated = { ...structuredClone(live), data: { x: '1', y: '2' } };
    const out = trackUpdate({ live, updated, manager: 'b', schema: new SchemaRegistry().forKind('', 'v1', 'ConfigMap'), now: T1, apiVersion: 'v1' });
    assert.deepEqual(fieldsOfEntry(out, 'a'), { 'f:data': { '.': {}, 'f:x': {} } });
    assert.deepEqual(fieldsOfEntry(out, 'b'), { 'f:data': { 'f:y': {} } });
  });

  it('drops ownership of removed fields from every manager', () => {
    const created = update({ updated: nginxDeployment(3), manager: 'kubectl-create' });
    const edited = structuredClone(created);
    edited.spec.template.spec.containers[0].env = [];
    const out = update({ live: created, updated: edited });
    assert.ok(!paths(out, 'kubectl-create').some((p) => p.includes('.env[')));
    assert.ok(paths(out, 'kubectl-create').some((p) => p.endsWith('.env')), 'the (now empty) list itself stays owned');
    assert.equal(paths(out, 'kubectl-edit').length, 0);
  });

  it('adds no entry and keeps times for a no-op update', () => {
    const created = update({ updated: nginxDeployment(3), manager: 'kubectl-create' });
    const out = update({ live: created, updated: structuredClone(created), now: T1 });
    assert.deepEqual(out.metadata.managedFields, created.metadata.managedFields);
  });

  it('leaves an object that has no managedFields untracked, and resets them on managedFields: []', () => {
    const live: KubeObject = { ...nginxDeployment(), metadata: { ...nginxDeployment().metadata, uid: 'u' } };
    const next = structuredClone(live);
    next.spec.replicas = 9;
    assert.equal(update({ live, updated: next }).metadata.managedFields, undefined);
    const tracked = update({ updated: nginxDeployment(), manager: 'kubectl-create' });
    const reset = structuredClone(tracked);
    reset.metadata.managedFields = [];
    assert.equal(update({ live: tracked, updated: reset }).metadata.managedFields, undefined);
  });

  it('takes managedFields sent with an update as the new starting point', () => {
    const tracked = serverSideApply({ applied: nginxDeployment(), manager: 'kubectl', force: false, schema: deploymentSchema, now: T0, apiVersion: 'apps/v1' });
    const edited = structuredClone(tracked);
    edited.metadata.managedFields![0].manager = 'renamed';
    const out = update({ live: tracked, updated: edited });
    assert.deepEqual(
      out.metadata.managedFields!.map((e) => e.manager),
      ['renamed'],
    );
  });

  it('tracks status writes through the status subresource separately', () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'i' }] } };
    const created = trackUpdate({ updated: pod, manager: 'kubectl-create', schema: podSchema, now: T0, apiVersion: 'v1', ignoreStatus: true });
    const running = structuredClone(created);
    running.status = { phase: 'Running', podIP: '10.0.0.5' };
    const out = trackUpdate({ live: created, updated: running, manager: 'kubelet', subresource: 'status', schema: podSchema, now: T1, apiVersion: 'v1', resetFields: [['spec']] });
    const kubelet = out.metadata.managedFields!.find((e) => e.manager === 'kubelet')!;
    assert.equal(kubelet.subresource, 'status');
    assert.deepEqual(fieldsV1ToPaths(kubelet.fieldsV1), ['.status.phase', '.status.podIP']);
  });

  it('folds the oldest of more than ten updaters into ancient-changes', () => {
    let obj = update({ updated: nginxDeployment(0), manager: 'm0' });
    for (let i = 1; i <= 11; i++) {
      const next = structuredClone(obj);
      next.metadata.labels = { ...next.metadata.labels, [`k${i}`]: 'v' };
      obj = update({ live: obj, updated: next, manager: `m${i}`, now: `2026-01-01T00:00:${String(i).padStart(2, '0')}Z` });
    }
    const managers = obj.metadata.managedFields!.map((e) => e.manager);
    assert.equal(managers.length, 10);
    assert.ok(managers.includes('ancient-changes'));
    assert.ok(managers.includes('m11'));
    assert.ok(!managers.includes('m0'));
  });
});

describe('ownership of list items (the "." of each item a manager adds)', () => {
  const realPod = new SchemaRegistry().forKind('', 'v1', 'Pod');
  const fieldsOf = (obj: KubeObject, manager: string) => obj.metadata.managedFields?.find((e) => e.manager === manager)?.fieldsV1 as any;

  it('owns a new item and every struct inside it, but not a top-level struct', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: { securityContext: { runAsNonRoot: true }, containers: [{ name: 'app', image: 'a', securityContext: { runAsUser: 1 }, resources: { limits: { cpu: '1' } } }] },
    };
    const created = trackUpdate({ updated: pod, manager: 'creator', schema: realPod, now: T0, apiVersion: 'v1', ignoreStatus: true });
    const spec = fieldsOf(created, 'creator')['f:spec'];
    assert.deepEqual(spec['f:securityContext'], { 'f:runAsNonRoot': {} });
    assert.deepEqual(spec['f:containers']['k:{"name":"app"}'], {
      '.': {},
      'f:image': {},
      'f:name': {},
      'f:resources': { '.': {}, 'f:limits': { '.': {}, 'f:cpu': {} } },
      'f:securityContext': { '.': {}, 'f:runAsUser': {} },
    });
  });

  it('a status write that both modifies and adds fields under one parent owns all of them, and leaves the live entries as they were', () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'a' }] } };
    const created = trackUpdate({ updated: pod, manager: 'creator', schema: realPod, now: T0, apiVersion: 'v1', ignoreStatus: true });
    const live = structuredClone(created);
    live.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] };
    const liveEntries = JSON.stringify(live.metadata.managedFields);
    const updated = structuredClone(live);
    updated.status = { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }], podIP: '10.0.0.1' };
    const out = trackUpdate({ live, updated, manager: 'kubelet', schema: realPod, now: T1, apiVersion: 'v1', subresource: 'status', resetFields: [['spec']] });
    assert.deepEqual(fieldsOf(out, 'kubelet'), {
      'f:status': {
        'f:conditions': { 'k:{"type":"PodScheduled"}': { 'f:status': {} }, 'k:{"type":"Ready"}': { '.': {}, 'f:status': {}, 'f:type': {} } },
        'f:phase': {},
        'f:podIP': {},
      },
    });
    assert.equal(JSON.stringify(live.metadata.managedFields), liveEntries);
  });

  it('names list items by their key whatever list they are in, for keys seen before too', () => {
    // The elements of lists keyed by one string are cached per list type: the same value in a
    // list keyed by another field, or in another object, must get its own list's element.
    const pod = (name: string, value: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { containers: [{ name: value, image: 'a', env: [{ name: value, value: 'x' }] }], hostAliases: [{ ip: value }] },
    });
    for (const value of ['same', 'same', 'quote"d', 'same']) {
      const out = trackUpdate({ updated: pod('p', value), manager: 'creator', schema: realPod, now: T0, apiVersion: 'v1', ignoreStatus: true });
      const spec = fieldsOf(out, 'creator')['f:spec'];
      const key = JSON.stringify(value);
      assert.deepEqual(Object.keys(spec['f:containers']), [`k:{"name":${key}}`]);
      assert.deepEqual(Object.keys(spec['f:containers'][`k:{"name":${key}}`]['f:env']), ['.', `k:{"name":${key}}`]);
      assert.deepEqual(Object.keys(spec['f:hostAliases']), ['.', `k:{"ip":${key}}`]);
    }
  });

  it("owns a new condition's null fields: in a list item a null is a value", () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'a' }] }, status: { phase: 'Pending' } };
    const live = trackUpdate({ updated: pod, manager: 'creator', schema: realPod, now: T0, apiVersion: 'v1', ignoreStatus: true });
    const updated = structuredClone(live);
    updated.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null }] };
    const out = trackUpdate({ live, updated, manager: 'kube-scheduler', schema: realPod, now: T1, apiVersion: 'v1', subresource: 'status', resetFields: [['spec']] });
    assert.deepEqual(fieldsOf(out, 'kube-scheduler'), {
      'f:status': { 'f:conditions': { '.': {}, 'k:{"type":"PodScheduled"}': { '.': {}, 'f:lastProbeTime': {}, 'f:status': {}, 'f:type': {} } } },
    });
  });
});
