// RBAC as a user meets it: a ServiceAccount with a Role in one namespace, a token from
// `kubectl create token`, and a kubeconfig that uses it. kubectl reads what the Role allows
// and gets kube-apiserver's exact refusal elsewhere; the extension's own connection falls
// back from all namespaces to the context's namespace and shows its pods.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { RealClock } from '../../src/kube/clock';
import { createConnection, loadKubeconfigs, type ClusterConnection } from '../../src/cluster/index';
import { removeStateDir, startEmulatorProcess, type EmulatorProcess } from './support/emulator-process';
import { eventually } from './support/eventually';
import { clientFromKubeconfig } from './support/https-client';
import { KUBECTL, missing, ok, run } from './support/kube-clients';

const skip = missing(KUBECTL);
const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: dev}
rules:
- {apiGroups: [""], resources: [pods], verbs: [get, list, watch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: viewer-pods, namespace: dev}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
subjects:
- {kind: ServiceAccount, name: viewer, namespace: dev}
`;

describe('RBAC with kubectl 1.34 and a ServiceAccount token', { skip }, () => {
  let emu: EmulatorProcess;
  let viewerConfig: string;
  let conn: ClusterConnection | undefined;
  const admin = (...args: string[]) => ok(KUBECTL, args, emu.kubeconfig, { timeoutMs: 60_000 });
  const viewer = (...args: string[]) => run(KUBECTL, args, viewerConfig, { timeoutMs: 60_000 });

  before(async () => {
    emu = await startEmulatorProcess();
    await admin('create', 'namespace', 'dev');
    await admin('create', 'serviceaccount', 'viewer', '-n', 'dev');
    await ok(KUBECTL, ['apply', '-f', '-'], emu.kubeconfig, { input: ROLE });
    await admin('run', 'web', '-n', 'dev', '--image=nginx');
    await admin('run', 'other', '-n', 'default', '--image=nginx');
    const token = (await admin('create', 'token', 'viewer', '-n', 'dev')).trim();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT-shaped token');
    // The admin kubeconfig's cluster, with the token as the only credential, namespace dev.
    const config = parse(readFileSync(emu.kubeconfig, 'utf8'));
    const cluster = config.clusters[0];
    viewerConfig = join(emu.stateDir, 'viewer.kubeconfig');
    writeFileSync(
      viewerConfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [cluster],
        users: [{ name: 'viewer', user: { token } }],
        contexts: [{ name: 'viewer@dev', context: { cluster: cluster.name, user: 'viewer', namespace: 'dev' } }],
        'current-context': 'viewer@dev',
      }),
      { mode: 0o600 },
    );
  });

  after(async () => {
    conn?.dispose();
    await emu?.stop();
    if (emu) removeStateDir(emu.stateDir);
  });

  it('lists pods in dev, where the Role allows it', async () => {
    const r = await viewer('get', 'pods', '-n', 'dev', '-o', 'name');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'pod/web');
  });

  it('is refused pods across namespaces with kube-apiserver\'s message', async () => {
    const r = await viewer('get', 'pods', '-A');
    assert.notEqual(r.code, 0);
    assert.equal(r.stderr.trim(), 'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:dev:viewer" cannot list resource "pods" in API group "" at the cluster scope');
    const other = await viewer('get', 'pods', '-n', 'default');
    assert.equal(other.stderr.trim(), 'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:dev:viewer" cannot list resource "pods" in API group "" in the namespace "default"');
  });

  it('kubectl auth can-i and whoami answer for the token\'s ServiceAccount', async () => {
    assert.equal((await viewer('auth', 'can-i', 'list', 'pods', '-n', 'dev')).stdout.trim(), 'yes');
    const across = await viewer('auth', 'can-i', 'list', 'pods', '-A');
    assert.equal(across.stdout.trim(), 'no');
    assert.equal((await viewer('auth', 'can-i', 'delete', 'pods', '-n', 'dev')).stdout.trim(), 'no');
    const rules = await viewer('auth', 'can-i', '--list', '-n', 'dev');
    assert.match(rules.stdout, /^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    const whoami = await viewer('auth', 'whoami');
    assert.match(whoami.stdout, /Username\s+system:serviceaccount:dev:viewer/);
  });

  it('impersonation: the admin asks can-i --as the ServiceAccount; the ServiceAccount may not impersonate', async () => {
    const as = ['--as=system:serviceaccount:dev:viewer'];
    assert.equal((await run(KUBECTL, ['auth', 'can-i', 'list', 'pods', '-n', 'dev', ...as], emu.kubeconfig)).stdout.trim(), 'yes');
    assert.equal((await run(KUBECTL, ['auth', 'can-i', 'list', 'pods', '-A', ...as], emu.kubeconfig)).stdout.trim(), 'no');
    const r = await viewer('get', 'pods', '--as=jane');
    assert.equal(r.stderr.trim(), 'Error from server (Forbidden): users "jane" is forbidden: User "system:serviceaccount:dev:viewer" cannot impersonate resource "users" in API group "" at the cluster scope');
  });

  it('without credentials: health and version are readable (system:public-info-viewer), the API is 401', async () => {
    const raw = clientFromKubeconfig(emu.kubeconfig);
    try {
      const health = await raw.send({ method: 'GET', path: '/healthz', anonymous: true });
      assert.deepEqual([health.status, health.body], [200, 'ok']);
      assert.equal((await raw.send({ method: 'GET', path: '/version', anonymous: true })).status, 200);
      const pods = await raw.send({ method: 'GET', path: '/api/v1/pods', anonymous: true });
      assert.equal(pods.status, 401);
      assert.equal(JSON.parse(pods.body).reason, 'Unauthorized');
    } finally {
      raw.close();
    }
  });

  it('a token the server did not sign is 401 Unauthorized', async () => {
    const r = await run(KUBECTL, ['get', 'pods', '-n', 'dev', '--token', 'not-a-token'], viewerConfig);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /error: You must be logged in to the server \(Unauthorized\)/);
  });

  it('the extension\'s connection falls back to namespace dev and shows dev\'s pods', async () => {
    const kubeconfigs = await loadKubeconfigs({ kubeconfigEnv: viewerConfig });
    conn = await createConnection({ kubeconfigs, contextName: 'viewer@dev', clock: new RealClock(), flushDelayMs: 20 });
    conn.start();
    const model = conn.model;
    await eventually('pods across namespaces reported forbidden, dev shown instead', async () => {
      const across = conn!.state.forbidden.find((f) => f.resource === 'pods' && f.namespace === undefined);
      return across?.shownNamespaces?.includes('dev') && model.pod('dev/web') ? true : undefined;
    });
    const across = conn.state.forbidden.find((f) => f.resource === 'pods' && f.namespace === undefined)!;
    assert.deepEqual(across.shownNamespaces, ['dev']);
    assert.equal(across.message, 'pods is forbidden: User "system:serviceaccount:dev:viewer" cannot list resource "pods" in API group "" at the cluster scope');
    assert.equal(model.pod('default/other'), undefined, 'nothing from namespaces RBAC keeps hidden');
    assert.ok(conn.state.forbidden.some((f) => f.resource === 'nodes'), 'nodes are forbidden too, and said so');
  });
});
