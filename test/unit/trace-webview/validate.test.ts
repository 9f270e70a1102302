import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateTraceViewState, validateTraceWebviewMessage } from '../../../webview/protocol/trace-validate.js';

test('every well-formed trace webview message passes the validator unchanged', () => {
  const good = [
    { type: 'ready' },
    { type: 'selectAttempt', attempt: 1 },
    { type: 'selectAttempt', attempt: 12 },
    { type: 'selectPlacement', index: 0 },
    { type: 'selectPlacement', index: 99 },
    { type: 'revealNode', node: 'whale2' },
    { type: 'revealNode', node: 'ip-10-0-1-23.eu-west-1.compute.internal' },
    { type: 'revealPod' },
    { type: 'refresh' },
  ];
  for (const m of good) {
    const v = validateTraceWebviewMessage(m);
    assert.ok(v.ok, JSON.stringify(m));
    assert.deepEqual(v.message, m);
  }
});

test('unknown types, bad shapes and smuggled extras are dropped with a reason', () => {
  const bad: [unknown, RegExp][] = [
    [null, /not an object/],
    [undefined, /not an object/],
    ['ready', /not an object/],
    [[{ type: 'ready' }], /not an object/],
    [{}, /unknown message type undefined/],
    [{ type: 'exec', command: 'kubectl delete ns default' }, /unknown message type "exec"/],
    [{ type: 'x'.repeat(500) }, /unknown message type "x{40}"$/],
    [{ type: 'ready', extra: 1 }, /^ready: unexpected field 'extra'/],
    [{ type: 'refresh', force: true }, /^refresh: unexpected field 'force'/],
    [{ type: 'revealPod', pod: 'kube-system/etcd' }, /^revealPod: unexpected field 'pod'/],
    [{ type: 'selectAttempt' }, /attempt is not a positive integer/],
    [{ type: 'selectAttempt', attempt: 0 }, /attempt is not a positive integer/],
    [{ type: 'selectAttempt', attempt: 1.5 }, /attempt is not a positive integer/],
    [{ type: 'selectAttempt', attempt: '2' }, /attempt is not a positive integer/],
    [{ type: 'selectAttempt', attempt: 2 ** 40 }, /attempt is not a positive integer/],
    [{ type: 'selectPlacement', index: -1 }, /index is not a non-negative integer/],
    [{ type: 'selectPlacement', index: Number.NaN }, /index is not a non-negative integer/],
    [{ type: 'selectPlacement', index: 3, attempt: 1 }, /unexpected field 'attempt'/],
    [{ type: 'revealNode' }, /node is not a node name/],
    [{ type: 'revealNode', node: '' }, /node is not a node name/],
    [{ type: 'revealNode', node: 'Whale2' }, /node is not a node name/],
    [{ type: 'revealNode', node: '../../etc/passwd' }, /node is not a node name/],
    [{ type: 'revealNode', node: 'has space' }, /node is not a node name/],
    [{ type: 'revealNode', node: 'a'.repeat(254) }, /node is not a node name/],
    [{ type: 'revealNode', node: { name: 'whale2' } }, /node is not a node name/],
  ];
  for (const [m, reason] of bad) {
    const v = validateTraceWebviewMessage(m);
    assert.equal(v.ok, false, JSON.stringify(m));
    if (!v.ok) assert.match(v.reason, reason, JSON.stringify(m));
  }
});

test('a saved view state restores its subject, sort and filter, and anything unusable is refused', () => {
  const subject = { kind: 'pod', title: 'default/web-1', namespace: 'default', podName: 'web-1', clusterName: 'kind-whales' };
  assert.deepEqual(validateTraceViewState({ subject, sortColumn: 'total', sortDescending: true, filter: 'taint', verdict: 'filtered', junk: 1 }), { subject, sortColumn: 'total', sortDescending: true, filter: 'taint', verdict: 'filtered' });
  assert.equal(validateTraceViewState({ subject, verdict: 'everything' })?.verdict, undefined, 'an unknown verdict toggle is dropped');
  const manifest = { kind: 'manifest', title: 'web.yaml: Deployment web', clusterName: 'kind-whales' };
  assert.deepEqual(validateTraceViewState({ subject: manifest, sortColumn: 42 }), { subject: manifest });
  for (const bad of [undefined, 'x', {}, { subject: { ...subject, kind: 'node' } }, { subject: { ...subject, podName: undefined } }, { subject: { ...subject, title: '' } }, { subject: { ...subject, clusterName: 'a\nb' } }]) {
    assert.equal(validateTraceViewState(bad), undefined, JSON.stringify(bad));
  }
});
