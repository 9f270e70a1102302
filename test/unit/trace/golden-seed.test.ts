// Issue 8's golden cases on the seed cluster (whale1 control plane, whale2 and whale3 workers),
// through the scheduler library and the decision table the trace view shows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../../src/scheduler';
import { newFramework, scheduleOne } from '../../../src/scheduler';
import { decisionTable } from '../../../src/trace/decision';
import { clock, makePod, seedNodes, Snapshot } from '../scheduler/fixtures';

const TAINT_REASON = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

function seedSnapshot(): Snapshot {
  const system = (name: string, cpu: string, tolerate = false): Pod =>
    makePod(name, { namespace: 'kube-system', nodeName: 'whale1', cpu, tolerations: tolerate ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : undefined });
  return Snapshot.from({
    nodes: seedNodes({ cpu: '2', memory: '4Gi' }),
    pods: [system('etcd-whale1', '100m'), system('kube-apiserver-whale1', '250m'), system('coredns-565d847f94-lmbvb', '100m', true)],
  });
}

function trace(pod: Pod) {
  return scheduleOne(newFramework(), seedSnapshot(), pod, { clock: clock(), random: () => 0.99 }).trace;
}

test('a pod without tolerations: whale1 is filtered by TaintToleration with the exact reason, and it lands on a worker', () => {
  const table = decisionTable(trace(makePod('web', { cpu: '100m' })), 'recorded');
  const whale1 = table.rows.find((r) => r.node === 'whale1')!;
  assert.equal(whale1.verdict, 'filtered');
  assert.equal(whale1.rejectedBy, 'TaintToleration');
  assert.deepEqual(whale1.reasons, [TAINT_REASON]);
  const cell = whale1.filters.find((c) => c.plugin === 'TaintToleration')!;
  assert.deepEqual(cell, { plugin: 'TaintToleration', result: 'rejected', reasons: [TAINT_REASON] });
  assert.ok(['whale2', 'whale3'].includes(table.nodeName!));
  assert.equal(table.rows.filter((r) => r.verdict === 'chosen').length, 1);
  assert.match(table.summary, /whale1 excluded by TaintToleration$/);
});

test('a pod too large for any node: the exact FailedScheduling text, every node filtered', () => {
  const table = decisionTable(trace(makePod('huge', { cpu: '3' })), 'recorded');
  assert.equal(table.outcome, 'Unschedulable');
  assert.equal(
    table.message,
    '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
  );
  assert.deepEqual(
    table.rows.map((r) => [r.node, r.verdict, r.rejectedBy, r.reasons]),
    [
      ['whale1', 'filtered', 'TaintToleration', [TAINT_REASON]],
      ['whale2', 'filtered', 'NodeResourcesFit', ['Insufficient cpu']],
      ['whale3', 'filtered', 'NodeResourcesFit', ['Insufficient cpu']],
    ],
  );
  assert.equal(table.summary, `No node fits: whale2 and whale3 excluded by NodeResourcesFit (Insufficient cpu); whale1 excluded by TaintToleration (${TAINT_REASON}). Preemption would not help.`);
});

test('a pod with a nodeSelector: only the selected node is feasible, the others are filtered by NodeAffinity', () => {
  const pod = makePod('pinned', { cpu: '100m', spec: { nodeSelector: { 'kubernetes.io/hostname': 'whale3' } } });
  const table = decisionTable(trace(pod), 'recorded');
  assert.equal(table.nodeName, 'whale3');
  const whale2 = table.rows.find((r) => r.node === 'whale2')!;
  assert.equal(whale2.verdict, 'filtered');
  assert.equal(whale2.rejectedBy, 'NodeAffinity');
  assert.deepEqual(whale2.reasons, ["node(s) didn't match Pod's node affinity/selector"]);
  assert.equal(table.rows.find((r) => r.node === 'whale1')!.rejectedBy, 'TaintToleration');
  assert.equal(table.summary, 'whale3 was the only node that passed every filter; whale1 excluded by TaintToleration; whale2 excluded by NodeAffinity');
});
