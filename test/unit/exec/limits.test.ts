// What one exec may make the API server hold: input its command does not read, a terminal
// line, and the files it writes. Each bound fails loudly, never by dropping data unseen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WRITABLE_LAYER_CHARS } from '../../../src/emulator/nodes/exec/filesystem';
import { MAX_LINE } from '../../../src/emulator/nodes/exec/line-discipline';
import { MAX_UNREAD_INPUT_CHARS } from '../../../src/emulator/nodes/exec/process';
import { exec, start } from './support';

test('input the command leaves unread past the bound ends the exec with a message on stderr', async () => {
  const run = await start(['sleep', '100'], { stdin: true });
  const chunk = 'x'.repeat(1024 * 1024);
  for (let sent = 0; sent <= MAX_UNREAD_INPUT_CHARS; sent += chunk.length) run.proc.input(chunk);
  assert.deepEqual(run.result, { exitCode: 1 });
  assert.match(run.stderr, /left more than 4194304 characters of its input unread; this exec is ended/);
  await run.timers.advance(200_000);
  assert.equal(run.results.length, 1, 'the sleep does not end it again');
});

test('input a command reads does not count against the bound', async () => {
  const run = await start(['cat'], { stdin: true });
  const chunk = 'y'.repeat(1024 * 1024);
  for (let i = 0; i < 6; i++) await run.type(chunk);
  run.proc.endInput();
  await run.timers.advance(0);
  assert.deepEqual(run.result, { exitCode: 0 });
  assert.equal(run.stdout.length, 6 * chunk.length);
});

test('a terminal line keeps at most 4095 characters, as a tty does', async () => {
  const run = await start(['sh'], { stdin: true, tty: true });
  await run.type(`echo ${'z'.repeat(MAX_LINE + 100)}\r`);
  const echoed = run.screen().split('\r\n').find((l) => l.startsWith('z'));
  assert.equal(echoed?.length, MAX_LINE - 'echo '.length);
});

test('the write layer is bounded: past it a write fails with No space left on device; rm frees it', async () => {
  const half = Math.ceil(WRITABLE_LAYER_CHARS / 2) + 10;
  const big = 'w'.repeat(half - 1);
  const r = await exec(['sh', '-c', `echo ${big} > /tmp/a; echo ${big} > /tmp/b; echo $?; rm /tmp/a; echo ${big} > /tmp/b; echo $?`]);
  assert.match(r.stderr, /No space left on device/);
  assert.equal(r.stdout, '1\n0\n');
});
