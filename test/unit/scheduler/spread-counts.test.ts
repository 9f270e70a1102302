// Per-domain pod counts kept across cycles (spread-counts.ts): they follow pod changes and a
// node's relabelling, and a status-only node update (images after a pull, conditions) keeps
// them instead of recounting every node.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node } from '../../../src/scheduler';
import { SpreadCounts } from '../../../src/scheduler/plugins/spread-counts';
import { buildConstraints } from '../../../src/scheduler/plugins/topology-spread-constraints';
import { makeNode, makePod, Snapshot } from './fixtures';

const ZONE = 'topology.kubernetes.io/zone';

function zoned(name: string, zone: string, images: string[] = []): Node {
  const n = makeNode(name, { images: images.map((i) => ({ names: [i], sizeBytes: 1000 })) });
  n.metadata.labels = { 'kubernetes.io/hostname': name, [ZONE]: zone };
  return n;
}

const webInZones = buildConstraints(makePod('x', { labels: { app: 'web' } }), [{ topologyKey: ZONE, maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }], 'DoNotSchedule')[0];

test('zone totals follow pods and relabelled nodes; a status-only node update keeps the aggregate', () => {
  const snap = Snapshot.from({ nodes: [zoned('a', 'z1'), zoned('b', 'z1'), zoned('c', 'z2')] });
  const counts = new SpreadCounts();
  snap.addPod(makePod('w1', { nodeName: 'a', labels: { app: 'web' } }));
  snap.addPod(makePod('w2', { nodeName: 'c', labels: { app: 'web' } }));
  const first = counts.get(snap, webInZones, 'default');
  assert.deepEqual(Object.fromEntries(first.totals), { z1: 1, z2: 1 });

  snap.updateNode(zoned('b', 'z1', ['nginx:1.29']));
  snap.addPod(makePod('w3', { nodeName: 'b', labels: { app: 'web' } }));
  const afterPull = counts.get(snap, webInZones, 'default');
  assert.equal(afterPull, first, 'the same aggregate, caught up from the pod changes');
  assert.deepEqual(Object.fromEntries(afterPull.totals), { z1: 2, z2: 1 });

  snap.updateNode(zoned('a', 'z2'));
  const relabelled = counts.get(snap, webInZones, 'default');
  assert.notEqual(relabelled, first, 'a new zone for a node recounts');
  assert.deepEqual(Object.fromEntries(relabelled.totals), { z1: 1, z2: 2 });
});
