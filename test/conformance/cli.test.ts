// The kube-emulator CLI: usage, bad flags, one ready line, and a clean stop on SIGTERM that
// keeps the state for the next start.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { buildOnce, EMULATOR_JS, removeStateDir, startEmulatorProcess, type EmulatorProcess } from './support/emulator-process';
import { clientFromKubeconfig } from './support/https-client';

describe('kube-emulator CLI', () => {
  const started: EmulatorProcess[] = [];
  after(async () => {
    for (const e of started) await e.stop();
    if (started[0]) removeStateDir(started[0].stateDir);
  });

  it('prints usage for --help and rejects bad flags with exit code 2', () => {
    buildOnce();
    const help = spawnSync(process.execPath, [EMULATOR_JS, '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: kube-emulator \[flags\]/);
    assert.match(help.stdout, /--state-dir DIR/);
    const bad = spawnSync(process.execPath, [EMULATOR_JS, '--bogus'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /kube-emulator: unknown flag: --bogus/);
    const port = spawnSync(process.execPath, [EMULATOR_JS, '--port', 'http'], { encoding: 'utf8' });
    assert.equal(port.status, 2);
    assert.match(port.stderr, /invalid value "http" for flag --port/);
    assert.match(help.stdout, /--trace-retention MIB/);
    const retention = spawnSync(process.execPath, [EMULATOR_JS, '--trace-retention', '-1'], { encoding: 'utf8' });
    assert.equal(retention.status, 2);
    assert.match(retention.stderr, /invalid value "-1" for flag --trace-retention: must be an integer from 0 to 65536/);
    assert.match(help.stdout, /--stop-when-unused DURATION/);
    for (const [value, why] of [['soon', 'time: invalid duration "soon"'], ['-5s', 'must not be negative']]) {
      const unused = spawnSync(process.execPath, [EMULATOR_JS, '--stop-when-unused', value], { encoding: 'utf8' });
      assert.equal(unused.status, 2);
      assert.ok(unused.stderr.includes(`invalid argument "${value}" for "--stop-when-unused" flag: ${why}`), unused.stderr);
    }
  });

  it('stops cleanly on SIGTERM and starts again with the same objects', { timeout: 60000 }, async () => {
    const first = await startEmulatorProcess();
    started.push(first);
    const c = clientFromKubeconfig(first.kubeconfig, 2);
    const created = await c.send({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept' }, data: { a: '1' } }) });
    assert.equal(created.status, 201);
    c.close();
    assert.equal(await first.stop(), 0);
    const second = await startEmulatorProcess({ stateDir: first.stateDir, fresh: false });
    started.push(second);
    const c2 = clientFromKubeconfig(second.kubeconfig, 2);
    try {
      const got = await c2.send({ method: 'GET', path: '/api/v1/namespaces/default/configmaps/kept' });
      assert.equal(got.status, 200);
      assert.equal(JSON.parse(got.body).metadata.uid, JSON.parse(created.body).metadata.uid);
    } finally {
      c2.close();
    }
  });
});
