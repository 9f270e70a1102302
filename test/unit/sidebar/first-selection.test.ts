// What the extension connects to by itself (setting clusterAnatomy.emulator.autoStart): the
// bundled emulator, a kubeconfig context, or nothing, in which case the view shows its welcome
// content with the "Start Bundled Emulator" button.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUTO_START_VALUES, firstSelection } from '../../../src/vscode/first-selection.js';

const EMULATOR = { kind: 'emulator' } as const;
const none = { saved: undefined, contexts: [], currentContext: undefined };
const kubeconfig = { saved: undefined, contexts: ['prod', 'dev'], currentContext: 'dev' };

test('the setting\'s values are the ones package.json offers', async () => {
  const manifest = (await import('../../../package.json', { with: { type: 'json' } })).default as any;
  const setting = manifest.contributes.configuration.properties['clusterAnatomy.emulator.autoStart'];
  assert.deepEqual(setting.enum, AUTO_START_VALUES);
  assert.equal(setting.default, 'whenNoKubeconfig');
});

test('whenNoKubeconfig (the default): no kubeconfig starts the emulator; a kubeconfig connects to its current-context', () => {
  assert.deepEqual(firstSelection({ autoStart: 'whenNoKubeconfig', ...none }), EMULATOR);
  assert.deepEqual(firstSelection({ autoStart: undefined, ...none }), EMULATOR, 'unset means the default');
  assert.deepEqual(firstSelection({ autoStart: 'whenNoKubeconfig', ...kubeconfig }), { kind: 'context', contextName: 'dev' });
});

test('whenNoKubeconfig: contexts but no current-context start nothing (the welcome view offers to select one)', () => {
  assert.equal(firstSelection({ autoStart: 'whenNoKubeconfig', saved: undefined, contexts: ['prod'], currentContext: undefined }), undefined);
  assert.equal(firstSelection({ autoStart: 'whenNoKubeconfig', saved: undefined, contexts: ['prod'], currentContext: 'gone' }), undefined);
});

test('never: no kubeconfig starts nothing, so the welcome view shows its Start button; a saved emulator choice is not restarted either', () => {
  assert.equal(firstSelection({ autoStart: 'never', ...none }), undefined);
  assert.equal(firstSelection({ autoStart: 'never', ...none, saved: EMULATOR }), undefined);
  // Connecting to a real cluster is not starting the emulator: never does not prevent it.
  assert.deepEqual(firstSelection({ autoStart: 'never', ...kubeconfig }), { kind: 'context', contextName: 'dev' });
});

test('always: the emulator, even over a kubeconfig or a saved context', () => {
  assert.deepEqual(firstSelection({ autoStart: 'always', ...none }), EMULATOR);
  assert.deepEqual(firstSelection({ autoStart: 'always', ...kubeconfig, saved: { kind: 'context', contextName: 'prod' } }), EMULATOR);
});

test('the last selection wins over current-context, while it still exists', () => {
  assert.deepEqual(firstSelection({ autoStart: 'whenNoKubeconfig', ...kubeconfig, saved: { kind: 'context', contextName: 'prod' } }), { kind: 'context', contextName: 'prod' });
  assert.deepEqual(firstSelection({ autoStart: 'whenNoKubeconfig', ...kubeconfig, saved: EMULATOR }), EMULATOR);
  // Removed from kubeconfig since: fall back to current-context, not to a dead context.
  assert.deepEqual(firstSelection({ autoStart: 'whenNoKubeconfig', ...kubeconfig, saved: { kind: 'context', contextName: 'deleted' } }), { kind: 'context', contextName: 'dev' });
});

test('a value the setting does not know counts as the default instead of disabling the emulator', () => {
  assert.deepEqual(firstSelection({ autoStart: 'sometimes', ...none }), EMULATOR);
});
