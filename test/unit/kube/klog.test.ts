// klog lines: the header the emulator writes, read back by the extension at each level.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { klogLine, parseKlogLine } from '../../../src/kube/klog';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../../src/emulator/cluster';
import type { Log } from '../../../src/emulator/log';
import { RealClock } from '../../../src/kube/clock';
import { logEmulatorLine } from '../../../src/vscode/emulator-log';

describe('klog lines', () => {
  it("writes klog's header: severity, month and day, time in microseconds, thread id padded to 7, source", () => {
    const at = Date.UTC(2026, 10, 29, 7, 5, 9, 42);
    assert.equal(klogLine('W', 'lease renewal failed', at, 4242, 'kube-emulator'), 'W1129 07:05:09.042000    4242 kube-emulator] lease renewal failed');
    assert.equal(klogLine('I', 'x', Date.UTC(2026, 0, 2, 23, 59, 59, 999), 12345678, 'src'), 'I0102 23:59:59.999000 12345678 src] x');
  });

  it('reads the header back, and nothing from lines without one', () => {
    const line = klogLine('E', 'internal error on POST /api/v1/pods: boom] and more', Date.UTC(2026, 10, 29), 7, 'kube-emulator');
    assert.deepEqual(parseKlogLine(line), { severity: 'E', source: 'kube-emulator', message: 'internal error on POST /api/v1/pods: boom] and more' });
    // A kube-apiserver line as klog writes it, with file:line.
    assert.deepEqual(parseKlogLine('I1129 10:00:00.000001       1 controller.go:615] quota admission added evaluator'), { severity: 'I', source: 'controller.go:615', message: 'quota admission added evaluator' });
    for (const plain of ['(node:12) Warning: something', 'kube-emulator: unknown flag: --bogus', 'X1129 10:00:00.000001 1 a] b', 'I1129 10:00:00 1 a] b', '']) {
      assert.equal(parseKlogLine(plain), undefined, plain);
    }
  });
});

describe('the emulator log levels', () => {
  it('are given by the component that logs, across the control loops\' thread too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-levels-'));
    const logged: string[] = [];
    const log: Log = (message, severity = 'I') => logged.push(`${severity} ${message}`);
    // Two control planes: the topology's warning is logged by the control loops, in their worker.
    const emu = await startEmulator({ port: 0, stateDir: dir, memoryOnly: true, clock: new RealClock(), log, controlPlane: { controlPlanes: 2, joinWaitMs: 3000 }, controlLoopsThread: true });
    try {
      assert.ok(logged.some((l) => /^W warning: 2 control planes: an even number of etcd members/.test(l)), logged.join('\n'));
      assert.ok(!logged.some((l) => /^[EW] /.test(l) && !l.startsWith('W warning: ')), logged.join('\n'));
    } finally {
      await emu.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows each klog line at its level in the extension, without the header; other stderr lines as warnings', () => {
    const seen: string[] = [];
    const log = { info: (m: string) => seen.push(`info ${m}`), warn: (m: string) => seen.push(`warn ${m}`), error: (m: string) => seen.push(`error ${m}`) };
    const at = Date.UTC(2026, 10, 29);
    logEmulatorLine(log, klogLine('I', 'heap above 1024 MiB', at, 1, 'kube-emulator'), 'stderr');
    logEmulatorLine(log, klogLine('W', 'could not record event', at, 1, 'kube-emulator'), 'stderr');
    logEmulatorLine(log, klogLine('E', 'internal error', at, 1, 'kube-emulator'), 'stderr');
    logEmulatorLine(log, klogLine('F', 'fatal', at, 1, 'kube-emulator'), 'stderr');
    logEmulatorLine(log, '(node:12) Warning: a Node warning', 'stderr');
    logEmulatorLine(log, 'kube-emulator ready at https://127.0.0.1:6443', 'stdout');
    assert.deepEqual(seen, [
      'info [emulator] heap above 1024 MiB',
      'warn [emulator] could not record event',
      'error [emulator] internal error',
      'error [emulator] fatal',
      'warn [emulator] (node:12) Warning: a Node warning',
      'info [emulator] kube-emulator ready at https://127.0.0.1:6443',
    ]);
  });
});
