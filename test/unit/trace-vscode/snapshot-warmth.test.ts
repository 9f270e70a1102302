// The background build of the scheduling snapshot: on a large cluster a notification says why
// the window is busy for a moment; on a small one it happens unnoticed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { warmNeedsProgress, warmProgressTitle } from '../../../src/vscode/trace/snapshot-warmth.js';

test('a notification only where the first build takes a noticeable time', () => {
  assert.equal(warmNeedsProgress(12), false, 'the seed cluster');
  assert.equal(warmNeedsProgress(5_000), false);
  assert.equal(warmNeedsProgress(150_000), true, 'the 150,000-pod scale target takes 1-4 s');
});

test('the notification names the cluster and its size', () => {
  assert.equal(
    warmProgressTitle('prod-eu', 150_000),
    'Cluster Anatomy: preparing the scheduling snapshot of prod-eu (150,000 pods) for traces and what-ifs…',
  );
});
