import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerBehaviour } from '../../../src/emulator/nodes/container-command';

const run = (command: string[] | undefined, args?: string[], image = 'busybox', restartPolicy = 'Never') => containerBehaviour({ image, command, args, restartPolicy });

test('sleep, exit, true and false give exit times and codes', () => {
  assert.deepEqual(run(['sleep', '30']), { exitAfterMs: 30_000, exitCode: 0, output: [] });
  assert.equal(run(['sleep', '2m']).exitAfterMs, 120_000);
  assert.equal(run(['false']).exitCode, 1);
  assert.equal(run(['/bin/true']).exitCode, 0);
  assert.deepEqual(run(['sh', '-c', 'exit 3']), { exitAfterMs: 0, exitCode: 3, output: [] });
});

test('sh -c scripts: sequences, && and ||, echo output with its time', () => {
  const b = run(['sh', '-c', 'echo "hello world"; sleep 5; echo done && exit 7']);
  assert.equal(b.exitAfterMs, 5000);
  assert.equal(b.exitCode, 7);
  assert.deepEqual(b.output.map((o) => [o.atMs, o.text]), [
    [0, 'hello world'],
    [5000, 'done'],
  ]);
  assert.equal(run(['/bin/sh', '-c', 'false || exit 4']).exitCode, 4);
  assert.equal(run(['/bin/sh', '-c', 'false && exit 4']).exitCode, 1, 'the script ends with the status of false');
  assert.equal(run(undefined, ['sh', '-c', 'sleep 1'], 'busybox').exitAfterMs, 1000, 'args alone run in the image shell');
});

test('long-running forms and images run until stopped', () => {
  assert.equal(run(['sh', '-c', 'while true; do echo hi; sleep 5; done']).exitAfterMs, undefined);
  assert.equal(run(['sleep', 'infinity']).exitAfterMs, undefined);
  assert.equal(run(undefined, undefined, 'nginx', 'Always').exitAfterMs, undefined);
  assert.equal(run(undefined, undefined, 'busybox', 'Always').exitAfterMs, 0, 'a shell image with no command exits at once (and crash-loops under a Deployment)');
});

test('an unknown command is a service under restartPolicy Always and a finishing task otherwise', () => {
  assert.equal(run(['/app/server', '--port=8080'], undefined, 'example/app', 'Always').exitAfterMs, undefined);
  const task = run(['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'], undefined, 'perl', 'Never');
  assert.equal(task.exitCode, 0);
  assert.ok((task.exitAfterMs ?? 0) > 0);
});
