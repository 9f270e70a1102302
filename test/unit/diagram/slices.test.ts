// A huge snapshot goes to the webview as a head and bounded slices of pods, never one message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DiagramPod, DiagramSnapshot } from '../../../webview/protocol/diagram-messages.js';
import { PODS_PER_MESSAGE, snapshotMessages } from '../../../webview/protocol/diagram-slices.js';

function snapshot(pods: number): DiagramSnapshot {
  const list: DiagramPod[] = [];
  for (let i = 0; i < pods; i++) list.push({ id: `pod:team/app-${i}`, namespace: 'team', name: `app-${i}`, nodeName: `node-${i % 50}`, look: 'ready', status: 'Running 1/1', system: false });
  return { clusterName: 'big', components: [], nodes: [], pods: list, edges: [], stale: false };
}

test('150,000 pods travel in slices of 20,000 after a head, every pod exactly once and in order', () => {
  const s = snapshot(150_000);
  const messages = snapshotMessages(s);
  assert.equal(PODS_PER_MESSAGE, 20_000);
  assert.equal(messages.length, 8);
  const [head, ...rest] = messages;
  assert.equal(head.type, 'snapshot');
  assert.ok(head.type === 'snapshot' && head.morePods === true && head.snapshot.pods.length === 20_000 && head.snapshot.clusterName === 'big');
  const ids: string[] = head.type === 'snapshot' ? head.snapshot.pods.map((p) => p.id) : [];
  rest.forEach((m, i) => {
    assert.equal(m.type, 'snapshotPods');
    if (m.type !== 'snapshotPods') return;
    assert.ok(m.pods.length <= 20_000);
    assert.equal(m.last, i === rest.length - 1);
    ids.push(...m.pods.map((p) => p.id));
  });
  assert.deepEqual(ids, s.pods.map((p) => p.id));
  // No message comes near the size of the whole snapshot.
  const largest = Math.max(...messages.map((m) => JSON.stringify(m).length));
  assert.ok(largest < JSON.stringify(s).length / 5, `largest message ${largest} chars`);
});

test('a small snapshot stays one message, and an exact multiple ends with a last slice', () => {
  assert.deepEqual(snapshotMessages(snapshot(3)).map((m) => m.type), ['snapshot']);
  const m = snapshotMessages(snapshot(40_000));
  assert.deepEqual(m.map((x) => [x.type, x.type === 'snapshotPods' ? x.last : x.type === 'snapshot' ? x.morePods : undefined]), [['snapshot', true], ['snapshotPods', true]]);
});
