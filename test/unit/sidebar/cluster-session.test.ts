import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../../src/kube/clock.js';
import { ClusterSession } from '../../../src/vscode/cluster-session.js';
import type { ClusterModule } from '../../../src/vscode/cluster-module.js';
import type { EmulatorProcess } from '../../../src/vscode/emulator-process.js';

// A cluster module whose connections only record what happens to them.
function fakeCluster(contexts: string[], errors: { file: string; message: string }[] = []) {
  const connections: { contextName: string; started: boolean; disposed: boolean }[] = [];
  const set = (files: string[], names: string[]) => ({
    files,
    errors: files === FILES ? errors : [],
    currentContext: names[0],
    contextNames: () => names,
    listContexts: () => names.map((name) => ({ name, file: files[0], current: false })),
  });
  const FILES = ['/home/u/.kube/config', '/home/u/broken.yaml'];
  const module = {
    loadKubeconfigs: async (sources: { kubeconfigEnv?: string }) => (sources.kubeconfigEnv === '/state/kubeconfig' ? set(['/state/kubeconfig'], ['cluster-anatomy-emulator']) : set(FILES, contexts)),
    createConnection: async ({ contextName }: { contextName: string }) => {
      const c = { contextName, started: false, disposed: false };
      connections.push(c);
      const none = () => ({ dispose() {} });
      return Object.assign(c, {
        model: {},
        state: { phase: 'connecting', forbidden: [], unauthorized: false },
        onDidChange: none,
        onDidChangeState: none,
        start() {
          c.started = true;
        },
        dispose() {
          c.disposed = true;
        },
        serverVersion: async () => ({ gitVersion: 'v1.34.1' }),
        probeApiServer: async () => ({ readyz: { text: '', status: 200 }, livez: { text: '', status: 200 }, at: 0 }),
      });
    },
  };
  return { module: module as unknown as ClusterModule, connections };
}

const emulator = { start: async () => ({ server: 'https://127.0.0.1:1', kubeconfig: '/state/kubeconfig' }) } as unknown as EmulatorProcess;
const log = { info() {}, warn() {}, error() {} };

test('switching context disposes exactly the previous connection; terminals get only loadable files', async () => {
  const { module, connections } = fakeCluster(['kind-a', 'kind-b'], [{ file: '/home/u/broken.yaml', message: 'not valid YAML' }]);
  const session = new ClusterSession({ cluster: () => module, clock: new FakeClock(), log, emulator, kubeconfigSources: () => ({}) });
  const seen: (string | undefined)[] = [];
  session.onDidChangeActive((a) => seen.push(a?.contextName));
  const a = await session.select({ kind: 'context', contextName: 'kind-a' });
  assert.deepEqual(a.files, ['/home/u/.kube/config']);
  await session.select({ kind: 'context', contextName: 'kind-b' });
  assert.deepEqual(connections.map((c) => [c.contextName, c.started, c.disposed]), [['kind-a', true, true], ['kind-b', true, false]]);
  const e = await session.select({ kind: 'emulator' });
  assert.equal(e.contextName, 'cluster-anatomy-emulator');
  assert.deepEqual(e.files, ['/state/kubeconfig']);
  assert.deepEqual(connections.map((c) => c.disposed), [true, true, false]);
  session.dispose();
  assert.deepEqual(connections.map((c) => c.disposed), [true, true, true], 'disposing the session disposes the live connection');
  assert.deepEqual(seen, ['kind-a', 'kind-b', 'cluster-anatomy-emulator']);
});

test('an unknown context fails with the files it was looked for in, and nothing stays connected', async () => {
  const { module, connections } = fakeCluster(['kind-a']);
  const session = new ClusterSession({ cluster: () => module, clock: new FakeClock(), log, emulator, kubeconfigSources: () => ({}) });
  await session.select({ kind: 'context', contextName: 'kind-a' });
  await assert.rejects(session.select({ kind: 'context', contextName: 'gone' }), /context "gone" is not defined in \/home\/u\/\.kube\/config/);
  assert.equal(session.current, undefined);
  assert.equal(connections[0].disposed, true);
  session.dispose();
});
