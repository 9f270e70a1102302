// A kubeconfig whose user gets its token from an exec plugin (as `aws eks get-token`, `gke-gcloud-
// auth-plugin` or `kubelogin` do): the real client path (createConnection -> ClientNodeTransport ->
// client-node's exec authenticator) runs the plugin and connects to an emulator process. The
// plugin is a tiny node script printing an ExecCredential; the kubeconfig itself holds no token.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { RealClock } from '../../../src/kube/clock.js';
import { type ClusterConnection, createConnection } from '../../../src/cluster/index.js';
import { loadKubeconfigs } from '../../../src/cluster/kubeconfig.js';
import { useEmulatorProcess } from '../../conformance/support/emulator-process.js';
import { waitFor } from './fixtures/fake-transport.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-exec-'));
let server = '';
let caData = '';
let token = '';

function readEmulatorKubeconfig(emulator: { kubeconfig: string }): void {
  const kubeconfig = parse(fs.readFileSync(emulator.kubeconfig, 'utf-8'));
  server = kubeconfig.clusters[0].cluster.server;
  caData = kubeconfig.clusters[0].cluster['certificate-authority-data'];
  token = kubeconfig.users[0].user.token;
  assert.ok(token.length >= 32, 'the emulator wrote a bearer token');
}

after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes an exec plugin that logs each run to `<name>.runs`, prints `credential` and exits with `exitCode`. */
function plugin(name: string, credential: unknown, exitCode = 0, stderr = ''): { script: string; runs: () => number } {
  const script = path.join(dir, `${name}.mjs`);
  const runs = path.join(dir, `${name}.runs`);
  fs.writeFileSync(
    script,
    `import { appendFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(runs)}, (process.env.KUBERNETES_EXEC_INFO ? 'info' : 'run') + '\\n');
process.stdout.write(${JSON.stringify(JSON.stringify(credential))});
process.stderr.write(${JSON.stringify(stderr)});
process.exit(${exitCode});
`,
  );
  return { script, runs: () => (fs.existsSync(runs) ? fs.readFileSync(runs, 'utf-8').split('\n').filter(Boolean).length : 0) };
}

function execCredential(bearer: string): unknown {
  // An hour ahead: client-node caches the credential until then, as it would an EKS token.
  const expirationTimestamp = new Date(Date.now() + 3600_000).toISOString();
  return { apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: bearer, expirationTimestamp } };
}

/** A kubeconfig with one context whose user (named `user`, distinct per test: client-node caches tokens by user name) runs `script`. */
function execKubeconfig(user: string, script: string): string {
  const file = path.join(dir, `${user}.kubeconfig`);
  fs.writeFileSync(
    file,
    `apiVersion: v1
kind: Config
current-context: ${user}@emulator
clusters:
- name: emulator
  cluster: { server: "${server}", certificate-authority-data: "${caData}" }
users:
- name: ${user}
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ${JSON.stringify(process.execPath)}
      args: [${JSON.stringify(script)}]
      interactiveMode: Never
contexts:
- name: ${user}@emulator
  context: { cluster: emulator, user: ${user} }
`,
  );
  return file;
}

async function connect(user: string, script: string): Promise<ClusterConnection> {
  const kubeconfigs = await loadKubeconfigs({ kubeconfigEnv: execKubeconfig(user, script), extraFiles: [] });
  assert.equal(kubeconfigs.listContexts()[0].credential, 'exec', 'the context is classified as exec credentials');
  const connection = await createConnection({ kubeconfigs, contextName: `${user}@emulator`, clock: new RealClock(), flushDelayMs: 5 });
  connection.start();
  return connection;
}

describe('exec credentials against an emulator process', () => {
  // In a describe: node:test runs the emulator's before hook ahead of the tests only there.
  const emulator = useEmulatorProcess();
  before(() => readEmulatorKubeconfig(emulator));

  test('an exec plugin\'s token reaches the emulator: the context connects and lists its nodes and control plane', async () => {
    const p = plugin('good', execCredential(token));
    const connection = await connect('exec-good', p.script);
    try {
      await waitFor(() => connection.state.phase === 'connected' && connection.model.nodeNames().length === 3, 'connected with the seed\'s nodes', 20_000);
      assert.deepEqual([...connection.model.nodeNames()].sort(), ['whale1', 'whale2', 'whale3']);
      assert.equal(connection.model.controlPlaneComponent('kube-apiserver').instances.length, 1);
      // The same path serves the hover's health probes.
      const health = await connection.probeApiServer(0);
      assert.equal(health.readyz.status, 200);
      assert.ok(p.runs() >= 1, 'the plugin ran');
    } finally {
      connection.dispose();
    }
  });

  test('an exec plugin that prints a token the server rejects: the connection says the credentials were rejected (401)', async () => {
    const p = plugin('wrong', execCredential('not-the-emulator-token-0123456789abcdef'));
    const connection = await connect('exec-wrong', p.script);
    try {
      await waitFor(() => connection.state.phase === 'error' && connection.state.unauthorized, 'the 401 error state', 20_000);
      assert.match(connection.state.reason ?? '', /rejected the credentials of context "exec-wrong@emulator" \(401 Unauthorized\)/);
      assert.deepEqual(connection.model.nodeNames(), [], 'nothing is shown as if it were live');
    } finally {
      connection.dispose();
    }
  });

  test('an exec plugin that fails: the connection reports the plugin\'s own error output', async () => {
    const p = plugin('failing', {}, 1, 'error: the SSO session has expired; run `aws sso login`');
    const connection = await connect('exec-failing', p.script);
    try {
      await waitFor(() => connection.state.phase === 'error', 'the error state', 20_000);
      assert.match(connection.state.reason ?? '', /the SSO session has expired/);
      assert.ok(p.runs() >= 1, 'the plugin ran');
    } finally {
      connection.dispose();
    }
  });
});
