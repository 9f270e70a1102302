// startExec as the transport drives it: what cannot start (runc's words), done called once
// and never after kill(), input after the end ignored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startExec } from '../../../src/emulator/nodes/exec/process';
import { ManualTimers, exec, settle, start, target } from './support';

test('a command not in the image does not start: runc\'s "executable file not found in $PATH"', async () => {
  const run = await start(['foo', '--bar']);
  assert.deepEqual(run.result, { notStarted: 'exec: "foo": executable file not found in $PATH' });
  assert.equal(run.stdout + run.stderr, '');
  assert.deepEqual((await start(['cd', '/'])).result, { notStarted: 'exec: "cd": executable file not found in $PATH' }, 'cd is a shell builtin, no program');
  assert.deepEqual((await start(['bash'], { image: 'alpine' })).result, { notStarted: 'exec: "bash": executable file not found in $PATH' });
});

test('paths: absolute paths run the file; a missing one or a directory cannot start', async () => {
  assert.equal((await exec(['/bin/sh', '-c', 'echo ok'])).stdout, 'ok\n');
  assert.equal((await exec(['/usr/bin/env', 'sh', '-c', 'echo $0'], { image: 'debian' })).stdout, 'sh\n');
  assert.equal((await exec(['/bin/bash', '-c', 'echo ok'], { image: 'ubuntu' })).stdout, 'ok\n', '/bin is a link to /usr/bin');
  assert.deepEqual((await start(['/opt/app/run'])).result, { notStarted: 'exec: "/opt/app/run": stat /opt/app/run: no such file or directory' });
  assert.deepEqual((await start(['/tmp'])).result, { notStarted: 'exec: "/tmp": permission denied' });
  assert.deepEqual((await start(['/etc/hosts'])).result, { notStarted: 'exec: "/etc/hosts": permission denied' });
});

test('registry.k8s.io images are distroless: not even sh', async () => {
  assert.deepEqual((await start(['sh'], { image: 'registry.k8s.io/coredns/coredns:v1.12.1' })).result, { notStarted: 'exec: "sh": executable file not found in $PATH' });
});

test('done is called once, after startExec returns, with the exit code', async () => {
  const results: unknown[] = [];
  const timers = new ManualTimers();
  const proc = startExec(target(), ['sh', '-c', 'echo hi; exit 3'], { stdin: false, tty: false }, { stdout: () => {}, stderr: () => {} }, (r) => results.push(r), timers);
  assert.deepEqual(results, [], 'not synchronously');
  proc.endInput();
  await settle();
  assert.deepEqual(results, [{ exitCode: 3 }]);
  proc.input('more');
  proc.endInput();
  proc.kill();
  await timers.advance(10_000);
  assert.deepEqual(results, [{ exitCode: 3 }], 'nothing after the end');

  const notFound: unknown[] = [];
  startExec(target(), ['nope'], { stdin: false, tty: false }, { stdout: () => {}, stderr: () => {} }, (r) => notFound.push(r), timers);
  assert.deepEqual(notFound, []);
  await settle();
  assert.equal(notFound.length, 1);
});

test('kill() stops sleep infinity: done is never called, no more output, timers cancelled', async () => {
  const run = await start(['sh', '-c', 'echo before; sleep infinity; echo after'], { stdin: true });
  assert.equal(run.stdout, 'before\n');
  run.proc.kill();
  await run.timers.advance(86_400_000);
  run.proc.input('x\n');
  run.proc.endInput();
  await settle();
  assert.deepEqual(run.results, []);
  assert.equal(run.stdout, 'before\n');

  const timed = await start(['sleep', '5']);
  assert.equal(timed.timers.pending, 1);
  timed.proc.kill();
  assert.equal(timed.timers.pending, 0, 'the sleep timer is cancelled');
  await timed.timers.advance(10_000);
  assert.deepEqual(timed.results, []);
});

test('kill() of an interactive shell waiting for a line', async () => {
  const run = await start(['sh'], { tty: true, stdin: true });
  run.proc.kill();
  await run.type('exit 0\r');
  assert.deepEqual(run.results, []);
  assert.equal(run.stdout, '/ # ');
});

test('without stdin a shell has no commands to read and ends at once', async () => {
  assert.deepEqual(await exec(['sh']), { stdout: '', stderr: '', code: 0 });
  const tty = await start(['bash'], { image: 'debian', tty: true, stdin: false });
  assert.deepEqual(tty.result, { exitCode: 0 });
});

test('input is ignored when the exec has no stdin', async () => {
  const run = await start(['cat'], { stdin: false });
  run.proc.input('ignored');
  await settle();
  assert.equal(run.stdout, '');
  assert.deepEqual(run.result, { exitCode: 0 });
});
