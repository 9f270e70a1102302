// A click in the diagram reveals the element in the tree: diagram ids map onto the tree's
// elements, and each element's parent chain leads to the root through elements the tree
// itself hands out (TreeView.reveal matches them by identity).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectionState } from '../../../src/cluster/connection.js';
import type { ClusterModel } from '../../../src/cluster/model.js';
import { type ArchitectureElement, ArchitectureElements } from '../../../src/vscode/architecture-elements.js';
import { projectPod } from '../../../src/cluster/projections.js';
import { NOW, pod } from '../cluster/fixtures/seed-cluster.js';
import { seedModel } from '../cluster/fixtures/seed-model.js';

const CONNECTED: ConnectionState = { phase: 'connected', forbidden: [], unauthorized: false };

function tree(model: ClusterModel = seedModel(), pageSize?: number): ArchitectureElements {
  return new ArchitectureElements({ contextName: 'seed', model, state: CONNECTED, now: () => NOW }, { pageSize });
}

/** The ids from the element up to the root, checking each step against children(). */
function chain(t: ArchitectureElements, e: ArchitectureElement): string[] {
  const ids = [e.id];
  for (let at = e, up = t.parent(e); up; at = up, up = t.parent(up)) {
    assert.ok(t.children(up).includes(at), `${up.id} lists ${at.id} (the same object)`);
    ids.push(up.id);
  }
  return ids;
}

test('diagram ids of nodes, node parts, pods and control-plane components map to tree elements under the root', () => {
  const t = tree();
  assert.deepEqual(chain(t, t.fromDiagramId('node:whale2')!), ['node/whale2', 'nodes', 'cluster']);
  assert.deepEqual(chain(t, t.fromDiagramId('kubelet:whale2')!), ['node/whale2/kubelet', 'node/whale2', 'nodes', 'cluster']);
  assert.equal(t.fromDiagramId('proxy:whale3')!.id, 'node/whale3/kube-proxy');
  assert.equal(t.fromDiagramId('runtime:whale1')!.id, 'node/whale1/container-runtime');
  assert.deepEqual(chain(t, t.fromDiagramId('pod:kube-system/etcd-whale1')!), [
    'pod/whale1/kube-system/etcd-whale1',
    'node/whale1/pods',
    'node/whale1',
    'nodes',
    'cluster',
  ]);
  assert.deepEqual(chain(t, t.fromDiagramId('cp:kube-scheduler')!), ['cp/kube-scheduler', 'cp', 'cluster']);
  assert.deepEqual(chain(t, t.fromDiagramId('cp:etcd:etcd-whale1')!), ['cp/etcd/kube-system/etcd-whale1', 'cp/etcd', 'cp', 'cluster']);
});

test('ids of things the cluster does not have map to nothing', () => {
  const t = tree();
  for (const id of ['node:whale9', 'kubelet:whale9', 'pod:default/nope', 'cp:kube-dns', 'cp:etcd:etcd-whale9', 'bogus', 'widget:x']) {
    assert.equal(t.fromDiagramId(id), undefined, id);
  }
});

test('with nodes paged, a node\'s parent is its page, whose parent is its group', () => {
  const t = tree(seedModel(), 1);
  const whale3 = t.fromDiagramId('node:whale3')!;
  const ids = chain(t, whale3);
  assert.equal(ids[0], 'node/whale3');
  assert.equal(ids.at(-1), 'cluster');
  assert.ok(ids.includes('nodes'), ids.join(' < '));
  assert.ok(ids.length >= 4, `grouped: ${ids.join(' < ')}`);
});

test('a pending pod without a node reveals under Unscheduled, on its page when there are many', () => {
  const m = seedModel();
  for (let i = 0; i < 5; i++) m.applyPod('ADDED', projectPod(pod('default', `web-${i}`, undefined, { phase: 'Pending', ready: false })));
  const t = tree(m);
  assert.deepEqual(chain(t, t.fromDiagramId('pod:default/web-3')!).slice(1), ['unscheduled', 'cluster']);
  const paged = tree(m, 2);
  assert.deepEqual(chain(paged, paged.fromDiagramId('pod:default/web-3')!).slice(1), ['unscheduled/1', 'unscheduled', 'cluster']);
});
