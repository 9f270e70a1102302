import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterText, notEvaluatedExplanation, scoreText, verdictText } from '../../../webview/trace/decision-text.js';
import { formatSince, laneOf, stepTitle } from '../../../webview/trace/journey-text.js';
import { journeyLanes } from '../../../webview/trace/journey-view.js';
import { TAINT_REASON, seedDecision, seedJourney, syntheticDecision } from './fixtures.js';

test('time since the previous step reads like a person would say it', () => {
  assert.equal(formatSince(0), '+0 ms');
  assert.equal(formatSince(350), '+350 ms');
  assert.equal(formatSince(1200), '+1.2 s');
  assert.equal(formatSince(59_940), '+59.9 s');
  assert.equal(formatSince(125_000), '+2 min 5 s');
  assert.equal(formatSince(120_000), '+2 min');
  assert.equal(formatSince(3_780_000), '+1 h 3 min');
  assert.equal(formatSince(-5), '');
  assert.equal(formatSince(Number.NaN), '');
});

test('repeated steps carry their count, and components find their lanes', () => {
  assert.equal(stepTitle({ id: 'f', component: 'kube-scheduler', title: 'FailedScheduling', status: 'failed', count: 4 }), 'FailedScheduling ×4');
  assert.equal(stepTitle({ id: 'f', component: 'kube-scheduler', title: 'FailedScheduling', status: 'failed', count: 1 }), 'FailedScheduling');
  assert.equal(laneOf('kubelet on whale2'), 3);
  assert.equal(laneOf('containerd'), 4);
  assert.equal(laneOf('kube-scheduler'), 2);
  assert.deepEqual(journeyLanes(seedJourney()), ['kube-apiserver / etcd', 'kube-scheduler', 'kubelet', 'container runtime']);
  assert.deepEqual(journeyLanes([{ id: 'x', component: 'admission webhook', title: 'Denied', status: 'failed' }, { id: 'e', component: 'etcd', title: 'Stored', status: 'done' }]), ['kube-apiserver / etcd', 'admission webhook']);
});

test('filter cells show a pass mark or the exact reason; score cells the weighted value with the arithmetic as tooltip', () => {
  const t = seedDecision();
  assert.deepEqual(filterText(t.rows[0].filters[2]), { text: TAINT_REASON, title: `TaintToleration: ${TAINT_REASON}`, tone: 'rejected' });
  assert.equal(filterText(t.rows[1].filters[2]).text, '✓');
  assert.equal(filterText(t.rows[0].filters[5]).text, '');
  assert.deepEqual(scoreText(t.rows[1].scores[0], 3), { text: '300', title: 'raw 100, normalized 100 × weight 3 = 300' });
  assert.equal(scoreText(undefined, 2, true).title, 'PreScore skipped this plugin for the pod: it gave no score.');
});

test('verdicts say chosen, tied, filtered by which plugin, and why a node was not evaluated', () => {
  const t = seedDecision();
  assert.equal(verdictText(t.rows[1], t).text, 'chosen');
  assert.equal(verdictText(t.rows[0], t).text, 'filtered by TaintToleration');
  assert.equal(verdictText(t.rows[0], t).title, TAINT_REASON);
  assert.equal(verdictText({ ...t.rows[2], tiedWithChosen: true }, t).text, 'feasible (tied)');
  assert.equal(verdictText(t.rows[1], { ...t, source: 'what-if' }).text, 'would be chosen');
  const big = syntheticDecision(5000);
  assert.equal(notEvaluatedExplanation(big), 'kube-scheduler stops filtering once it has found enough feasible nodes (percentageOfNodesToScore), so large clusters are not searched in full: this attempt evaluated 4,286 of 5,000 nodes (percentageOfNodesToScore 10%); the other 714 were never looked at.');
});
