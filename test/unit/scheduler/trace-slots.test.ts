// Retained traces number nodes by snapshot slot (no name hashing): the names served must
// be the evaluated ones even after nodes leave and their slots are reused by other nodes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod, SchedulingTrace } from '../../../src/scheduler';
import { compactTrace, expandTrace, newFramework, NodeNameTable, scheduleOne } from '../../../src/scheduler';
import { clock, first, makeNode, makePod, Snapshot } from './fixtures';

const fw = newFramework({ trace: true, percentageOfNodesToScore: 30 });
const scheduleTraced = (snap: Snapshot, pod: Pod): SchedulingTrace => scheduleOne(fw, snap, pod, { clock: clock(), random: first, elapsed: () => 0 }).trace;

test('traces packed by slot expand to the evaluated and rejected node names, through node removal and slot reuse', () => {
  // Every third node cordoned: each attempt has filter rejections too.
  const snap = Snapshot.from({ nodes: Array.from({ length: 150 }, (_, i) => makeNode(`n${i}`, { unschedulable: i % 3 === 0 })) });
  const table = new NodeNameTable();
  const check = (i: number): void => {
    const trace = scheduleTraced(snap, makePod(`p${i}`, { cpu: '100m' }));
    assert.ok(trace.evaluatedNodes && trace.evaluatedNodes.length > 0 && trace.filterRejections && trace.filterRejections.length > 0);
    const back = expandTrace(compactTrace(trace, table), table);
    assert.deepEqual(back.evaluatedNodes, trace.evaluatedNodes, `attempt ${i}`);
    assert.deepEqual(back.scores?.nodes, trace.scores?.nodes, `attempt ${i} scores`);
    assert.deepEqual(back.filterRejections?.map((r) => r.node), trace.filterRejections.map((r) => r.node), `attempt ${i} rejections`);
    assert.deepEqual(back, JSON.parse(JSON.stringify(trace)), `attempt ${i} whole trace`);
  };
  for (let i = 0; i < 5; i++) check(i);
  snap.removeNode('n3');
  snap.removeNode('n7');
  snap.addNode(makeNode('replacement-a', { unschedulable: true })); // takes a freed slot
  for (let i = 5; i < 10; i++) check(i);
  snap.addNode(makeNode('replacement-b'));
  snap.addNode(makeNode('n3'));
  for (let i = 10; i < 15; i++) check(i);
});

test('traces packed by slot stay exact when rejections make the attempt evaluate more nodes than it sized for', () => {
  // Three of four nodes cordoned: finding 100 feasible nodes walks all 400.
  const snap = Snapshot.from({ nodes: Array.from({ length: 400 }, (_, i) => makeNode(`m${i}`, { unschedulable: i % 4 !== 0 })) });
  const table = new NodeNameTable();
  for (let i = 0; i < 3; i++) {
    const trace = scheduleTraced(snap, makePod(`q${i}`, { cpu: '100m' }));
    assert.equal(trace.evaluatedNodes?.length, 400);
    assert.deepEqual(expandTrace(compactTrace(trace, table), table), JSON.parse(JSON.stringify(trace)));
  }
});
