// A container's `while true` loop writes its lines again every turn, as the Kubernetes docs'
// counter pod does (`i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerBehaviour } from '../../../src/emulator/nodes/container-command';
import { renderContainerLog } from '../../../src/emulator/nodes/container-logs';
import { newContainerRun } from '../../../src/emulator/nodes/container-state';

const T0 = Date.UTC(2026, 10, 29, 22, 0, 0);

function running(script: string) {
  const behaviour = containerBehaviour({ image: 'busybox', command: ['sh', '-c', script], restartPolicy: 'Always' });
  const c = newContainerRun({ name: 'count', image: 'busybox' }, behaviour, 'ContainerCreating');
  c.state = 'running';
  c.startedAtMs = T0;
  return { behaviour, c };
}

const log = (c: ReturnType<typeof running>['c'], atMs: number, options = {}) => {
  const r = renderContainerLog(c, 'counter', atMs, options);
  assert.ok(r.ok);
  return r.text;
};

test('the docs counter: a line per second with the counter and the date', () => {
  const { behaviour, c } = running('i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done');
  assert.equal(behaviour.exitAfterMs, undefined, 'runs until stopped');
  assert.deepEqual(behaviour.repeat?.periodMs, 1000);
  assert.equal(log(c, T0 + 2500), '0: Sun Nov 29 22:00:00 UTC 2026\n1: Sun Nov 29 22:00:01 UTC 2026\n2: Sun Nov 29 22:00:02 UTC 2026\n');
  assert.equal(log(c, T0 + 9000, { tailLines: 1 }), '9: Sun Nov 29 22:00:09 UTC 2026\n');
});

test('lines before the loop come once; each turn writes its lines at their times', () => {
  const { c } = running('echo starting; while true; do echo tick; sleep 2; date; sleep 3; done');
  assert.equal(log(c, T0 + 5000), 'starting\ntick\nSun Nov 29 22:00:02 UTC 2026\ntick\n');
  assert.equal(log(c, T0 + 5000, { sinceTime: new Date(T0 + 1000).toISOString() }), 'Sun Nov 29 22:00:02 UTC 2026\ntick\n');
});

test('a loop that never sleeps, or runs what we cannot read, writes nothing (no flood)', () => {
  assert.equal(running('while true; do echo spin; done').behaviour.repeat, undefined);
  assert.equal(running('while true; do curl http://web; sleep 1; done').behaviour.repeat, undefined);
});

test('a long-running loop keeps only what the current log file holds (10 MiB), the newest lines', () => {
  const { c } = running('while true; do echo line; sleep 1; done');
  const text = log(c, T0 + 30 * 86_400_000);
  assert.ok(text.length <= 10 * 1024 * 1024, `${text.length} bytes`);
  assert.ok(text.length > 1_000_000);
});
