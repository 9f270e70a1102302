// The status line says in words what the canvas shows in colour.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type StatusFacts, statusLine } from '../../../webview/diagram/status-line.js';

const base: StatusFacts = { clusterName: 'kind-whales', nodes: 3, pods: 12, loading: false, stale: false, search: '', matches: 0, matchLimit: 500, outlined: 0, outlineReason: '', note: '' };

test('counts alone, then with the search, what an apply outlined, and a note, in that order', () => {
  assert.equal(statusLine(base), 'kind-whales: 3 nodes, 12 pods');
  assert.equal(statusLine({ ...base, search: 'web-', matches: 3, outlined: 3, outlineReason: 'applied just now', note: 'Saved /tmp/a.svg' }), 'kind-whales: 3 nodes, 12 pods · 3 matches · 3 outlined: applied just now · Saved /tmp/a.svg');
});

test('loading slices, reconnecting, a capped search; an outline without a reason is not announced', () => {
  assert.equal(statusLine({ ...base, loading: true, stale: true }), 'kind-whales: 3 nodes, 12 pods (loading…) (reconnecting: last known state)');
  assert.equal(statusLine({ ...base, search: 'a', matches: 500 }), 'kind-whales: 3 nodes, 12 pods · 500+ matches');
  assert.equal(statusLine({ ...base, search: '   ', matches: 0 }), 'kind-whales: 3 nodes, 12 pods');
  assert.equal(statusLine({ ...base, outlined: 2 }), 'kind-whales: 3 nodes, 12 pods');
});
