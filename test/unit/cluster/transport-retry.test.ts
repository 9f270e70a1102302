// A kept-alive connection the server closes just as the client reuses it: a GET is sent again
// once on a new connection instead of failing the caller (a trace view, a discovery); a write
// is not repeated, as the server may have acted on it.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { test } from 'node:test';
import { loadClientNode } from '../../../src/cluster/client-node.js';
import { requestText } from '../../../src/cluster/http-request.js';
import { ClientNodeTransport } from '../../../src/cluster/transport.js';

/** Answers the first request on each connection; drops the connection on any later one, unanswered. */
async function serverClosingReusedConnections(): Promise<{ url: string; requests: () => number; connections: () => number; close(): Promise<void> }> {
  let requests = 0;
  let connections = 0;
  const served = new WeakSet<Socket>();
  const server = http.createServer((req, res) => {
    requests++;
    if (served.has(req.socket)) {
      req.socket.destroy();
      return;
    }
    served.add(req.socket);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url }));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    connections: () => connections,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

test('a GET on a kept-alive connection the server dropped is sent again on a new one', async () => {
  const server = await serverClosingReusedConnections();
  const k8s = await loadClientNode();
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'c', server: server.url, skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
  const transport = new ClientNodeTransport(k8s, kc);
  try {
    assert.deepEqual(JSON.parse((await transport.get('/api')).body), { path: '/api' });
    // The agent reuses the first connection; the server drops it: the retry gets a new one.
    const second = await transport.get('/apis');
    assert.equal(second.status, 200);
    assert.deepEqual(JSON.parse(second.body), { path: '/apis' });
    assert.equal(server.requests(), 3, 'the dropped request, then the same GET again');
    assert.equal(server.connections(), 2);
  } finally {
    transport.dispose();
    await server.close();
  }
});

test('a write on a kept-alive connection the server dropped fails; it is not sent twice', async () => {
  const server = await serverClosingReusedConnections();
  const agent = new http.Agent({ keepAlive: true });
  const url = new URL(`${server.url}/api/v1/namespaces/default/configmaps`);
  try {
    assert.equal((await requestText(http, url, { method: 'GET', agent }, 5_000)).status, 200);
    await assert.rejects(requestText(http, url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, 5_000, '{}'), /socket hang up|ECONNRESET/);
    assert.equal(server.requests(), 2, 'the POST reached the server once');
    assert.equal(server.connections(), 1);
  } finally {
    agent.destroy();
    await server.close();
  }
});

