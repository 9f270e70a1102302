// Kills the emulator with SIGKILL in the middle of a create load, restarts it on the same
// state dir, and checks that every create it acknowledged (201) survived and that the
// revision sequence continues past them.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { removeStateDir, startEmulatorProcess, type EmulatorProcess } from './support/emulator-process';
import { clientFromKubeconfig } from './support/https-client';

const CONCURRENCY = 16;

describe('crash durability', () => {
  const started: EmulatorProcess[] = [];
  after(async () => {
    for (const e of started) await e.stop();
    if (started[0]) removeStateDir(started[0].stateDir);
  });

  it('keeps every acknowledged create across kill -9', { timeout: 120000 }, async () => {
    const first = await startEmulatorProcess();
    started.push(first);
    const client = clientFromKubeconfig(first.kubeconfig, CONCURRENCY);
    const acked = new Map<string, number>();
    let n = 0;
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const name = `cm-${n++}`;
        const res = await client.send({
          method: 'POST',
          path: '/api/v1/namespaces/default/configmaps',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { payload: 'x'.repeat(512) } }),
        });
        if (res.status === 201) acked.set(name, Number(JSON.parse(res.body).metadata.resourceVersion));
      }
    };
    const load = Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const deadline = Date.now() + 30000;
    while (acked.size < 1500 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await first.kill9();
    killed = true;
    await load;
    client.close();
    assert.ok(acked.size >= 1500, `only ${acked.size} creates acknowledged before the kill`);

    const second = await startEmulatorProcess({ stateDir: first.stateDir, fresh: false });
    started.push(second);
    const restarted = clientFromKubeconfig(second.kubeconfig, 4);
    try {
      const list = await restarted.send({ method: 'GET', path: '/api/v1/namespaces/default/configmaps' });
      assert.equal(list.status, 200);
      const present = new Set<string>(JSON.parse(list.body).items.map((i: { metadata: { name: string } }) => i.metadata.name));
      const lost = [...acked.keys()].filter((name) => !present.has(name));
      assert.deepEqual(lost, [], `${lost.length} of ${acked.size} acknowledged creates were lost`);
      const created = await restarted.send({
        method: 'POST',
        path: '/api/v1/namespaces/default/configmaps',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-restart' } }),
      });
      assert.equal(created.status, 201);
      assert.ok(Number(JSON.parse(created.body).metadata.resourceVersion) > Math.max(...acked.values()));
    } finally {
      restarted.close();
    }
  });
});
