import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../../src/scheduler';
import { newFramework, simulate } from '../../../src/scheduler';
import { makePod, seedNodes, Snapshot } from './fixtures';

const systemPod = (name: string, o: { tolerateControlPlane?: boolean; cpu?: string } = {}): Pod =>
  makePod(name, {
    namespace: 'kube-system',
    nodeName: 'whale1',
    cpu: o.cpu ?? '100m',
    tolerations: o.tolerateControlPlane ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : undefined,
  });

function replica(i: number): Pod {
  const p = makePod(`web-7d4b9c-${i}`, { labels: { app: 'web', 'pod-template-hash': '7d4b9c' }, image: 'nginx' });
  p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c', uid: 'rs-uid', controller: true }];
  return p;
}

test("seed cluster: a 3-replica deployment's pods land on whale2 and whale3, never on the control plane", () => {
  const snap = Snapshot.from({
    nodes: seedNodes({ cpu: '2', memory: '4Gi' }),
    pods: [
      systemPod('etcd-whale1'),
      systemPod('kube-apiserver-whale1', { cpu: '250m' }),
      systemPod('kube-controller-manager-whale1', { cpu: '200m' }),
      systemPod('kube-scheduler-whale1'),
      systemPod('coredns-565d847f94-lmbvb', { tolerateControlPlane: true }),
      systemPod('coredns-565d847f94-m9877', { tolerateControlPlane: true }),
    ],
    replicaSets: [{ metadata: { name: 'web-7d4b9c', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9c' } } } }],
  });
  const placed = simulate(snap, [0, 1, 2].map(replica), { framework: newFramework() });
  const nodes = placed.map((p) => p.result.nodeName);
  assert.ok(placed.every((p) => p.result.outcome === 'Scheduled'));
  assert.ok(nodes.every((n) => n === 'whale2' || n === 'whale3'), `placed on ${nodes.join(', ')}`);
  assert.deepEqual(new Set(nodes), new Set(['whale2', 'whale3']), 'default spreading uses both workers');
  for (const p of placed) {
    assert.deepEqual(p.trace.filterRejections, [
      { node: 'whale1', plugin: 'TaintToleration', code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'] },
    ]);
  }
});

test('seed cluster what-if: replicas beyond capacity stay Pending with the FailedScheduling message', () => {
  const snap = Snapshot.from({ nodes: seedNodes({ cpu: '2', memory: '4Gi' }) });
  const pods = Array.from({ length: 5 }, (_, i) => makePod(`big-${i}`, { cpu: '800m' }));
  const placed = simulate(snap, pods);
  assert.deepEqual(
    placed.map((p) => p.result.outcome),
    ['Scheduled', 'Scheduled', 'Scheduled', 'Scheduled', 'Unschedulable'],
  );
  assert.match(placed[4].result.message!, /^0\/3 nodes are available: 1 node\(s\) had untolerated taint \{node-role.kubernetes.io\/control-plane: \}, 2 Insufficient cpu\./);
});
