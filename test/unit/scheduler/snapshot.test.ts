import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newFramework, podRequests, scheduleOne } from '../../../src/scheduler';
import { makeNode, makePod, Snapshot } from './fixtures';

test('NodeInfo totals follow pods as they are added, updated and removed', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a')] });
  const p = makePod('p', { nodeName: 'a', cpu: '500m', memory: '1Gi', hostPort: 80 });
  snap.addPod(p);
  const a = snap.get('a')!;
  assert.equal(a.requested.milliCPU, 500);
  assert.equal(a.requested.memory, 2 ** 30);
  assert.equal(a.pods.length, 1);
  assert.equal(a.hostPortInUse('0.0.0.0', 'TCP', 80), true);
  snap.updatePod({ ...p, spec: { ...p.spec, containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] } });
  assert.equal(a.requested.milliCPU, 1000);
  assert.equal(a.pods.length, 1);
  assert.equal(a.hostPortInUse('0.0.0.0', 'TCP', 80), false);
  snap.removePod(p);
  assert.equal(a.requested.milliCPU, 0);
  assert.equal(a.pods.length, 0);
});

test('pods finished (Succeeded/Failed) no longer count on their node', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a')] });
  const p = makePod('job', { nodeName: 'a', cpu: '1' });
  snap.addPod(p);
  snap.updatePod({ ...p, status: { phase: 'Succeeded' } });
  assert.equal(snap.get('a')!.requested.milliCPU, 0);
});

test('pods bound to a node not yet known count once the node appears; nodes can be removed', () => {
  const snap = Snapshot.from({ pods: [makePod('early', { nodeName: 'late', cpu: '1' })] });
  snap.addNode(makeNode('late'));
  assert.equal(snap.get('late')!.requested.milliCPU, 1000);
  snap.removeNode('late');
  assert.equal(snap.numNodes, 0);
  snap.addNode(makeNode('late'));
  assert.equal(snap.get('late')!.requested.milliCPU, 1000);
});

test('assume counts the pod at once, forget undoes it, and the informer update confirms it', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a', { cpu: '1' })] });
  const fw = newFramework();
  const p = makePod('p', { cpu: '1' });
  assert.equal(scheduleOne(fw, snap, p).result.nodeName, 'a');
  assert.equal(snap.isAssumed(p), true);
  assert.equal(scheduleOne(fw, snap, makePod('q', { cpu: '1' })).result.outcome, 'Unschedulable', 'the assumed pod holds the cpu');
  snap.forget(p);
  assert.equal(snap.get('a')!.requested.milliCPU, 0);
  snap.assume(p, 'a');
  snap.updatePod({ ...p, spec: { ...p.spec, nodeName: 'a' } });
  assert.equal(snap.isAssumed(p), false);
  assert.equal(snap.get('a')!.requested.milliCPU, 1000);
});

test('node updates change allocatable and image counts', () => {
  const snap = Snapshot.from({ nodes: [makeNode('a', { images: [{ names: ['nginx:1'], sizeBytes: 1 }] })] });
  assert.equal(snap.imageNodeCount('nginx:1'), 1);
  snap.updateNode(makeNode('a', { cpu: '8' }));
  assert.equal(snap.get('a')!.allocatable.milliCPU, 8000);
  assert.equal(snap.imageNodeCount('nginx:1'), 0);
});

test('pod requests: containers summed, init containers by maximum, sidecars kept, overhead added', () => {
  const p = makePod('p', { cpu: '200m' });
  p.spec.containers.push({ name: 'b', resources: { requests: { cpu: '300m', memory: '64Mi' } } });
  p.spec.initContainers = [
    { name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '100m' } } },
    { name: 'migrate', resources: { requests: { cpu: '1' } } },
  ];
  p.spec.overhead = { cpu: '50m' };
  const r = podRequests(p);
  // max(200 + 300 + 100 sidecar, 100 sidecar + 1000 init) + 50 overhead
  assert.equal(r.milliCPU, 1150);
  assert.equal(r.memory, 64 * 2 ** 20);
});
