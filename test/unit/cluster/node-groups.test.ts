import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClusterModel } from '../../../src/cluster/model.js';
import { groupNodes } from '../../../src/cluster/node-groups.js';
import { projectNode } from '../../../src/cluster/projections.js';
import { node } from './fixtures/seed-cluster.js';
import { seedModel } from './fixtures/seed-model.js';

test('a small cluster is one group: nodes are listed directly', () => {
  assert.deepEqual(groupNodes(seedModel()), [{ id: 'all', label: 'all', nodeNames: ['whale1', 'whale2', 'whale3'] }]);
});

test('a big cluster groups nodes by role, control plane first, in pages of at most 100', () => {
  const m = new ClusterModel();
  const nodes = [];
  for (let i = 0; i < 3; i++) nodes.push(projectNode(node(`cp-${i}`, { controlPlane: true })));
  for (let i = 0; i < 250; i++) nodes.push(projectNode(node(`w-${String(i).padStart(4, '0')}`, { labels: { 'topology.kubernetes.io/zone': `z${i % 2}` } })));
  m.replaceNodes(nodes);
  const groups = groupNodes(m);
  assert.deepEqual(groups.map((g) => [g.label, g.nodeNames.length, g.pages?.length]), [['control-plane', 3, undefined], ['worker', 250, 3]]);
  assert.deepEqual(groups[1].pages!.map((p) => [p.id, p.label, p.nodeNames.length]), [
    ['role:worker:0', 'w-0000 … w-0099', 100],
    ['role:worker:1', 'w-0100 … w-0199', 100],
    ['role:worker:2', 'w-0200 … w-0249', 50],
  ]);
  assert.deepEqual(groupNodes(m, { by: 'zone' }).map((g) => [g.label, g.nodeNames.length]), [['(no zone)', 3], ['z0', 125], ['z1', 125]]);
});
