import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from '../../../src/scheduler';
import { PluginNames } from '../../../src/scheduler';
import { makeNode, makePod, pluginOn, runFilter, Snapshot } from './fixtures';

const claim = (name: string, o: Partial<NonNullable<PersistentVolumeClaim['spec']>> = {}): PersistentVolumeClaim => ({
  metadata: { name, namespace: 'default' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...o },
});
const usingClaim = (name: string, claimName: string, nodeName?: string): Pod => {
  const p = makePod(name, { nodeName });
  p.spec.volumes = [{ name: 'data', persistentVolumeClaim: { claimName } }];
  return p;
};

test('VolumeRestrictions: a ReadWriteOncePod claim in use rejects every node', () => {
  const pvc = claim('solo', { accessModes: ['ReadWriteOncePod'] });
  const snap = Snapshot.from({ nodes: [makeNode('a'), makeNode('b')], pods: [usingClaim('first', 'solo', 'a')], persistentVolumeClaims: [pvc] });
  const r = runFilter(pluginOn(PluginNames.VolumeRestrictions, snap), snap, usingClaim('second', 'solo'));
  const msg = 'Unschedulable: node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';
  assert.deepEqual(r, { a: msg, b: msg });
});

test('VolumeRestrictions: a missing claim and a GCE disk mounted twice', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a'), makeNode('b')] });
  assert.equal(runFilter(pluginOn(PluginNames.VolumeRestrictions, snap), snap, usingClaim('p', 'nope')).a, 'PreFilter UnschedulableAndUnresolvable: persistentvolumeclaim "nope" not found');
  const disk = (name: string, nodeName?: string) => {
    const p = makePod(name, { nodeName });
    p.spec.volumes = [{ name: 'pd', gcePersistentDisk: { pdName: 'disk-1' } }];
    return p;
  };
  const snap2 = Snapshot.from({ nodes: [makeNode('a'), makeNode('b')], pods: [disk('x', 'a')] });
  assert.deepEqual(runFilter(pluginOn(PluginNames.VolumeRestrictions, snap2), snap2, disk('y')), { a: 'Unschedulable: node(s) had no available disk', b: 'ok' });
});

test('VolumeRestrictions: Filter is skipped without a disk that can conflict or a ReadWriteOncePod claim in use, as kube-scheduler', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a')], persistentVolumeClaims: [claim('shared')] });
  const projected = makePod('api-access');
  projected.spec.volumes = [{ name: 'kube-api-access-x', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }];
  assert.deepEqual(runFilter(pluginOn(PluginNames.VolumeRestrictions, snap), snap, projected), { a: 'skip' });
  assert.deepEqual(runFilter(pluginOn(PluginNames.VolumeRestrictions, snap), snap, usingClaim('p', 'shared')), { a: 'skip' }, 'a ReadWriteOnce claim');
  const rbd = makePod('rbd');
  rbd.spec.volumes = [{ name: 'r', rbd: { monitors: ['m'], image: 'i' } }];
  assert.deepEqual(runFilter(pluginOn(PluginNames.VolumeRestrictions, snap), snap, rbd), { a: 'ok' }, 'an RBD volume is checked');
});

test('VolumeBinding: unbound Immediate claims make the pod unresolvable', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a')], persistentVolumeClaims: [claim('data', { storageClassName: 'standard' })], storageClasses: [{ metadata: { name: 'standard' }, provisioner: 'x', volumeBindingMode: 'Immediate' }] });
  assert.equal(runFilter(pluginOn(PluginNames.VolumeBinding, snap), snap, usingClaim('p', 'data')).a, 'PreFilter UnschedulableAndUnresolvable: pod has unbound immediate PersistentVolumeClaims');
});

test("VolumeBinding: a bound claim follows its PV's node affinity", () => {
  const pv: PersistentVolume = {
    metadata: { name: 'pv-a' },
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['a'] }] }] } } },
  };
  const snap = Snapshot.from({ nodes: [makeNode('a'), makeNode('b')], persistentVolumeClaims: [claim('data', { volumeName: 'pv-a' })], persistentVolumes: [pv] });
  assert.deepEqual(runFilter(pluginOn(PluginNames.VolumeBinding, snap), snap, usingClaim('p', 'data')), { a: 'ok', b: 'UnschedulableAndUnresolvable: node(s) had volume node affinity conflict' });
  const dangling = Snapshot.from({ nodes: [makeNode('a')], persistentVolumeClaims: [claim('data', { volumeName: 'gone' })] });
  assert.equal(runFilter(pluginOn(PluginNames.VolumeBinding, dangling), dangling, usingClaim('p', 'data')).a, 'UnschedulableAndUnresolvable: node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)');
});

test('VolumeBinding: WaitForFirstConsumer claims need a local PV or a provisioner', () => {
  const local = { metadata: { name: 'local' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' as const };
  const dynamic = { metadata: { name: 'dynamic' }, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' as const };
  const pv: PersistentVolume = {
    metadata: { name: 'pv-b' },
    spec: { storageClassName: 'local', capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['b'] }] }] } } },
    status: { phase: 'Available' },
  };
  const snap = Snapshot.from({
    nodes: [makeNode('a'), makeNode('b')],
    persistentVolumeClaims: [claim('l', { storageClassName: 'local' }), claim('d', { storageClassName: 'dynamic' })],
    persistentVolumes: [pv],
    storageClasses: [local, dynamic],
  });
  const p = pluginOn(PluginNames.VolumeBinding, snap);
  assert.deepEqual(runFilter(p, snap, usingClaim('x', 'l')), { a: "UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind", b: 'ok' });
  assert.deepEqual(runFilter(p, snap, usingClaim('y', 'd')), { a: 'ok', b: 'ok' });
});

test('VolumeRestrictions: iSCSI and RBD disks conflict as in kube-scheduler (same IQN; shared monitor, pool and image; read-only on both sides shares)', () => {
  const withVolume = (name: string, volume: Record<string, unknown>, nodeName?: string): Pod => {
    const p = makePod(name, { nodeName });
    p.spec.volumes = [{ name: 'disk', ...volume }];
    return p;
  };
  const verdicts = (existing: Record<string, unknown>, incoming: Record<string, unknown>) => {
    const snap = Snapshot.from({ nodes: [makeNode('a'), makeNode('b')], pods: [withVolume('x', existing, 'a')] });
    return runFilter(pluginOn(PluginNames.VolumeRestrictions, snap), snap, withVolume('y', incoming));
  };
  const taken = { a: 'Unschedulable: node(s) had no available disk', b: 'ok' };
  const free = { a: 'ok', b: 'ok' };
  const iscsi = (iqn: string, readOnly?: boolean) => ({ iscsi: { targetPortal: '10.0.0.1:3260', iqn, lun: 0, readOnly } });
  assert.deepEqual(verdicts(iscsi('iqn.a'), iscsi('iqn.a')), taken, 'same IQN, read-write');
  assert.deepEqual(verdicts(iscsi('iqn.a', true), iscsi('iqn.a')), taken, 'same IQN, one side read-write');
  assert.deepEqual(verdicts(iscsi('iqn.a', true), iscsi('iqn.a', true)), free, 'same IQN, both read-only');
  assert.deepEqual(verdicts(iscsi('iqn.a'), iscsi('iqn.b')), free, 'another IQN');
  const rbd = (monitors: string[], image: string, pool?: string, readOnly?: boolean) => ({ rbd: { monitors, image, pool, readOnly } });
  assert.deepEqual(verdicts(rbd(['m1', 'm2'], 'img'), rbd(['m2', 'm3'], 'img')), taken, 'a shared monitor, same pool and image');
  assert.deepEqual(verdicts(rbd(['m1'], 'img'), rbd(['m1'], 'img', 'rbd')), taken, 'an unset pool is "rbd"');
  assert.deepEqual(verdicts(rbd(['m1'], 'img'), rbd(['m2'], 'img')), free, 'no shared monitor');
  assert.deepEqual(verdicts(rbd(['m1'], 'img', 'a'), rbd(['m1'], 'img', 'b')), free, 'another pool');
  assert.deepEqual(verdicts(rbd(['m1'], 'img'), rbd(['m1'], 'other')), free, 'another image');
  assert.deepEqual(verdicts(rbd(['m1'], 'img', undefined, true), rbd(['m1'], 'img', undefined, true)), free, 'both read-only');
  assert.deepEqual(verdicts({ awsElasticBlockStore: { volumeID: 'vol-1', readOnly: true } }, { awsElasticBlockStore: { volumeID: 'vol-1', readOnly: true } }), taken, 'EBS: read-only does not share');
  assert.deepEqual(verdicts(iscsi('iqn.a'), rbd(['m1'], 'iqn.a')), free, 'different kinds never conflict');
});
