import * as assert from 'node:assert/strict';
import { activateExtension, findExtension } from './extension-under-test';
import { note } from './notes';

// Activation sits on the path of opening the view; the design budget is 50 ms (ARCHITECTURE.md),
// the bound here is loose enough for a noisy shared machine but catches a heavy import.
const activationBoundMs = 500;

describe('Activation', () => {
  it('is not activated before its view or a command is used (no `*` activation)', () => {
    // This file runs first (files run in name order) and nothing has opened the view yet.
    assert.equal(findExtension().isActive, false);
  });

  it('activates without errors and exports its activation time', async () => {
    const started = performance.now();
    const extension = await activateExtension();
    // Loading the bundle plus activate(), as seen from outside.
    const loadAndActivateMs = performance.now() - started;
    assert.equal(extension.isActive, true);
    const { activationMs } = extension.exports;
    assert.equal(typeof activationMs, 'number');
    note('activationMs', Number(activationMs.toFixed(2)));
    note('loadAndActivateMs', Number(loadAndActivateMs.toFixed(1)));
    console.log(`Cluster Anatomy activated in ${activationMs.toFixed(1)} ms (${loadAndActivateMs.toFixed(1)} ms with loading)`);
    assert.ok(activationMs < activationBoundMs, `activate() took ${activationMs.toFixed(1)} ms (bound ${activationBoundMs} ms)`);
  });
});
