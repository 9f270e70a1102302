// `kubectl logs -f` against simulated containers: the docs' counter pod streams a line a second
// (counter and date), and following a container that exits ends with its last line.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { removeStateDir, startEmulatorProcess, type EmulatorProcess } from './support/emulator-process';
import { KUBECTL, missing, ok, run } from './support/kube-clients';

const skip = missing(KUBECTL);

describe('kubectl logs -f against simulated containers', { skip }, () => {
  let emu: EmulatorProcess;
  const k = (...args: string[]) => ok(KUBECTL, args, emu.kubeconfig, { timeoutMs: 60_000 });

  before(async () => {
    emu = await startEmulatorProcess();
  });
  after(async () => {
    await emu?.stop();
    if (emu) removeStateDir(emu.stateDir);
  });

  it('streams the counter pod a line a second until the client stops', async () => {
    await k('run', 'counter', '--image=busybox', '--', 'sh', '-c', 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done');
    await k('wait', '--for=condition=Ready', 'pod/counter', '--timeout=60s');
    const started = Date.now();
    const r = await run(KUBECTL, ['logs', '-f', '--tail=1', 'counter'], emu.kubeconfig, { timeoutMs: 4_500 });
    assert.ok(Date.now() - started >= 4_000, 'the stream stayed open until kubectl was stopped');
    const counts = r.stdout.trim().split('\n').map((l) => Number(/^(\d+): \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}$/.exec(l)?.[1]));
    assert.ok(counts.length >= 4, r.stdout);
    counts.forEach((n, i) => assert.equal(n, counts[0] + i, `consecutive: ${r.stdout}`));
  });

  it('following a container that exits ends after its last line', async () => {
    await k('run', 'once', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'echo a; sleep 2; echo b; sleep 2; echo c');
    await k('wait', '--for=condition=Ready', 'pod/once', '--timeout=60s');
    const r = await run(KUBECTL, ['logs', '-f', 'once'], emu.kubeconfig, { timeoutMs: 20_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'a\nb\nc\n');
  });
});
