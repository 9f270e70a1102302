// pods/exec before the upgrade: the checks kube-apiserver and the kubelet make, in their order
// and words, and the RBAC of a WebSocket exec (get and create on pods/exec).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ContainerExecRequest, ContainerRuntimeExec } from '../../../src/emulator/apiserver/context';
import type { UserInfo } from '../../../src/emulator/apiserver/auth/user';
import { testServer, type TestServer } from './support';
import { ns, role, roleBinding } from '../rbac/support';

const started: ContainerExecRequest[] = [];
const runtime: ContainerRuntimeExec = {
  start(request) {
    started.push(request);
    return { input: () => undefined, endInput: () => undefined, resize: () => undefined, kill: () => undefined };
  },
};
let s: TestServer;
let kubeletUp = true;
const upgrade = { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': Buffer.alloc(16, 1).toString('base64'), 'sec-websocket-version': '13', 'sec-websocket-protocol': 'v5.channel.k8s.io' };
const EXEC = '/api/v1/namespaces/default/pods';

function pod(name: string, nodeName: string | undefined, running: string[], containers = ['app']) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { ...(nodeName ? { nodeName } : {}), containers: containers.map((c) => ({ name: c, image: 'busybox' })) },
    status: { phase: 'Running', hostIP: '172.18.0.3', containerStatuses: containers.map((c) => ({ name: c, ready: true, restartCount: 0, image: 'busybox', imageID: '', state: running.includes(c) ? { running: { startedAt: '2026-01-01T00:00:00Z' } } : { waiting: { reason: 'ContainerCreating' } } })) },
  };
}

before(async () => {
  s = await testServer({ containerExec: runtime, hooks: { hasKubelet: () => kubeletUp, namespaceControllerRunning: () => false, garbageCollectorRunning: () => false } });
  for (const p of [pod('web', 'whale2', ['app']), pod('pending', undefined, []), pod('starting', 'whale2', []), pod('two', 'whale2', ['a', 'b'], ['a', 'b'])]) {
    const r = await s.call('POST', `${EXEC}`, { ...p, status: undefined });
    assert.equal(r.status, 201, r.text);
    const st = await s.call('PATCH', `${EXEC}/${p.metadata.name}/status`, { status: p.status });
    assert.equal(st.status, 200, st.text);
  }
});
after(() => s.close());

const exec = (name: string, query: string, headers: Record<string, string> = upgrade, user?: UserInfo) => s.call('GET', `${EXEC}/${name}/exec?${query}`, undefined, headers, user);

test('a well-formed WebSocket exec is accepted with the agreed protocol, after the pod and container checks', async () => {
  const r = await s.api.handle({ method: 'GET', path: `${EXEC}/web/exec`, query: new URLSearchParams('command=ls&command=-l&stdout=true&stderr=true'), headers: upgrade });
  assert.equal(r.status, 101);
  assert.equal(r.upgrade?.protocol, 'v5.channel.k8s.io');
});

test('errors are kube-apiserver\'s and the kubelet\'s, in their order', async () => {
  const cases: [string, string, number, RegExp][] = [
    ['nope', 'command=ls&stdout=true', 404, /^pods "nope" not found$/],
    ['two', 'command=ls&stdout=true', 400, /^a container name must be specified for pod two, choose one of: \[a b\]$/],
    ['web', 'command=ls&stdout=true&container=sidecar', 400, /^container sidecar is not valid for pod web$/],
    ['pending', 'command=ls&stdout=true', 400, /^pod pending does not have a host assigned$/],
    ['web', 'stdout=true', 400, /^you must specify at least 1 command$/],
    ['web', 'command=ls', 400, /^you must specify at least 1 of stdin, stdout, stderr$/],
    ['starting', 'command=ls&stdout=true', 500, /^container not found \("app"\)$/],
  ];
  for (const [name, query, code, message] of cases) {
    const r = await exec(name, query);
    assert.equal(r.status, code, `${name}?${query}: ${r.text}`);
    assert.match(r.json.message, message);
  }
  const plain = await exec('web', 'command=ls&stdout=true', {});
  assert.equal(plain.status, 400);
  assert.equal(plain.json.message, 'Upgrade request required');
  const spdy = await exec('web', 'command=ls&stdout=true', { connection: 'Upgrade', upgrade: 'SPDY/3.1' });
  assert.match(spdy.json.message, /SPDY\/3\.1 is not served by this emulator; exec streams over WebSocket/);
  const protocols = await exec('web', 'command=ls&stdout=true', { ...upgrade, 'sec-websocket-protocol': 'channel.k8s.io' });
  assert.equal(protocols.json.message, 'unable to upgrade connection: requested protocol(s) are not supported: [channel.k8s.io]; supports [v5.channel.k8s.io v4.channel.k8s.io]');
  kubeletUp = false;
  const down = await exec('web', 'command=ls&stdout=true');
  kubeletUp = true;
  assert.equal(down.status, 500);
  assert.match(down.json.message, /error dialing backend: dial tcp 172\.18\.0\.3:10250: connect: connection refused/);
});

test('a WebSocket exec needs create on pods/exec besides get', async () => {
  await s.api.access.enable('unit-test-admin-token');
  const dev: UserInfo = { username: 'dev', groups: ['system:authenticated'] };
  for (const o of [ns('team'), role('default', 'exec-get', [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['get'] }]), roleBinding('default', 'dev-exec-get', { kind: 'Role', name: 'exec-get' }, [{ kind: 'User', name: 'dev' }])]) {
    const path = o.kind === 'Namespace' ? '/api/v1/namespaces' : `/apis/rbac.authorization.k8s.io/v1/namespaces/default/${o.kind === 'Role' ? 'roles' : 'rolebindings'}`;
    assert.equal((await s.call('POST', path, o)).status, 201);
  }
  const getOnly = await exec('web', 'command=ls&stdout=true', upgrade, dev);
  assert.equal(getOnly.status, 403);
  assert.match(getOnly.json.message, /^pods "web" is forbidden: User "dev" cannot create resource "pods\/exec" in API group "" in the namespace "default"/);
  await s.call('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', role('default', 'exec-create', [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }]));
  await s.call('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', roleBinding('default', 'dev-exec-create', { kind: 'Role', name: 'exec-create' }, [{ kind: 'User', name: 'dev' }]));
  const both = await s.api.handle({ method: 'GET', path: `${EXEC}/web/exec`, query: new URLSearchParams('command=ls&stdout=true'), headers: upgrade }, dev);
  assert.equal(both.status, 101);
});
