import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CrashRestarts } from '../../../src/vscode/crash-restarts.js';

test('restarts after up to 4 crashes within 3 minutes, not the 5th; old crashes age out', () => {
  let now = 0;
  const crashes = new CrashRestarts(() => now);
  for (let i = 0; i < 4; i++) {
    assert.equal(crashes.crashed(), true, `crash ${i + 1}`);
    now += 30_000;
  }
  assert.equal(crashes.crashed(), false, 'the 5th within 3 minutes');
  assert.equal(crashes.recent, 5);
  // 3 minutes after the first ones, they no longer count.
  now += 100_000;
  assert.equal(crashes.crashed(), true);
  assert.equal(crashes.recent, 4, "the crashes at 60, 90, 120 and 220 s");
});
