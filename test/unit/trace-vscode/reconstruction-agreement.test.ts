// What the trace view says about a reconstruction's agreement with where the pod runs: a tie is
// explained (kube-scheduler draws among equal totals), a pending pod is a forecast, a
// disagreement is a warning with the likely causes, and the reconstruction's caveats are shown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../../src/kube/clock.js';
import { newFramework, scheduleOne, type Pod } from '../../../src/scheduler/index.js';
import { agreementNote, PodTraceSource, type ReconstructedDecision } from '../../../src/trace/index.js';
import type { TraceState } from '../../../webview/protocol/trace-messages.js';
import { makePod, seedNodes, Snapshot } from '../scheduler/fixtures.js';
import { FakeTransport, json, list, type Route } from '../trace/pod-trace-source.fakes.js';

const REAL_APIS = json({ kind: 'APIGroupList', groups: [{ name: 'apps', versions: [{ version: 'v1' }] }] });

function podOn(nodeName?: string): Pod {
  const p = makePod('web', { cpu: '100m' });
  (p.metadata as Record<string, unknown>).resourceVersion = '5';
  if (nodeName) {
    p.spec.nodeName = nodeName;
    p.status = { phase: 'Running' };
  } else p.status = { phase: 'Pending' };
  return p;
}

/** The seed's two empty workers tie; the draw (random 0.99) picks whale2. */
function reconstruction(pod: Pod, agreement: ReconstructedDecision['agreement'], notes?: string[]): ReconstructedDecision {
  const snap = Snapshot.from({ nodes: seedNodes() });
  const { trace } = scheduleOne(newFramework({ percentageOfNodesToScore: 100 }), snap, { ...pod, spec: { ...pod.spec, nodeName: undefined } }, { random: () => 0.99 });
  return { trace, allNodeNames: ['whale1', 'whale2', 'whale3'], agreement, ...(notes ? { notes } : {}) };
}

async function traceOf(pod: Pod, answer: (pod: Pod) => ReconstructedDecision): Promise<TraceState> {
  const route: Route = (path) => {
    if (path === '/apis') return REAL_APIS;
    if (path === '/api/v1/namespaces/default/pods/web') return json(pod);
    if (path === '/api/v1/namespaces/default/pods') return list([pod]);
    if (path === '/api/v1/namespaces/default/events') return list([]);
    return undefined;
  };
  const source = new PodTraceSource({ transport: new FakeTransport(route), namespace: 'default', podName: 'web', clusterName: 'prod', clock: new FakeClock(), reconstruct: async (p) => answer(p) });
  const state = await source.start();
  source.dispose();
  return state;
}

test('a pod on a node tied with the pick: the table marks its node chosen, and a note explains the draw', async () => {
  const state = await traceOf(podOn('whale3'), (p) => reconstruction(p, 'tied', ['Default spreading used the pod\'s labels as its controller\'s selector.']));
  assert.equal(state.decision?.rows.find((r) => r.verdict === 'chosen')?.node, 'whale3');
  assert.deepEqual(state.decision?.warnings, []);
  assert.deepEqual(state.notes.slice(1), [
    'Default spreading used the pod\'s labels as its controller\'s selector.',
    'The pod runs on whale3, tied with whale2 for the top score in the reconstruction: kube-scheduler picks at random among equal totals, so the table shows whale3 as chosen.',
  ]);
});

test('a Pending pod: the reconstruction is what the default profile would decide now', async () => {
  const state = await traceOf(podOn(), (p) => reconstruction(p, 'pending'));
  assert.ok(state.notes.includes('The pod has no node yet: the table shows what the default profile would decide on the cluster as it is now.'), state.notes.join('\n'));
});

test('a pod where the reconstruction would not put it: a warning, not a note of agreement', async () => {
  const state = await traceOf(podOn('whale1'), (p) => reconstruction(p, 'different'));
  assert.equal(state.decision?.warnings.length, 1);
  assert.match(state.decision!.warnings[0], /^The reconstruction picks whale2, but the pod runs on whale1 \(today TaintToleration rejects whale1/);
  assert.ok(!state.notes.some((n) => n.includes('agrees')), state.notes.join('\n'));
});

test('agreement wording: none for a disagreement (the table warns instead)', () => {
  assert.equal(agreementNote('same', 'whale2', 'whale2'), 'The reconstruction agrees with kube-scheduler: it picks whale2, the node the pod runs on.');
  assert.equal(agreementNote('different', 'whale2', 'whale1'), undefined);
  assert.equal(agreementNote('unschedulable', undefined, 'whale1'), undefined);
  assert.equal(agreementNote(undefined, 'whale2', 'whale2'), undefined);
});
