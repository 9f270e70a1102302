// `kubectl exec -it`: the terminal's line discipline (echo, backspace, Ctrl-C, Ctrl-D), the
// shells' prompts, one output stream with \r\n line ends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineDiscipline } from '../../../src/emulator/nodes/exec/line-discipline';
import { start } from './support';

const interactive = (image = 'busybox', shell = 'sh') => start([shell], { image, tty: true, stdin: true });

test('the line discipline echoes, erases, and hands over lines, Ctrl-C and Ctrl-D', () => {
  const echoed: string[] = [];
  const events: string[] = [];
  const ld = new LineDiscipline((t) => echoed.push(t), { line: (l) => events.push(`line:${l}`), interrupt: () => events.push('int'), endOfInput: () => events.push('eof') });
  ld.input('ab\x7fc\r');
  ld.input('x\x1b[D\x1bOAy\x03');
  ld.input('q\x04\x15\x04');
  assert.deepEqual(events, ['line:ac', 'int', 'eof']);
  assert.equal(echoed.join(''), 'ab\b \bc\nxy^Cq\b \b');
});

test('busybox sh on a terminal: prompt, echo of what is typed, output with \\r\\n', async () => {
  const run = await interactive();
  assert.equal(run.screen(), '/ # ');
  await run.type('echo hi');
  assert.equal(run.screen(), '/ # echo hi');
  await run.type('\r');
  assert.equal(run.screen(), '/ # echo hi\r\nhi\r\n/ # ');
  await run.type('cd /tmp\r');
  assert.ok(run.screen().endsWith('/tmp # '));
  await run.type('cd\r');
  assert.ok(run.screen().endsWith('~ # '), 'HOME is shown as ~');
  assert.equal(run.stderr, '');
  assert.equal(run.results.length, 0);
});

test('backspace erases the last character on screen and in the line', async () => {
  const run = await interactive();
  await run.type('echo hix\x7f\r');
  assert.equal(run.screen(), '/ # echo hix\b \b\r\nhi\r\n/ # ');
  await run.type('\x7f\x7f');
  assert.ok(run.screen().endsWith('/ # '), 'nothing to erase on an empty line');
});

test('errors show on the terminal too (one stream); $? follows', async () => {
  const run = await interactive();
  await run.type('foo\r');
  await run.type('echo $?\r');
  assert.equal(run.screen(), '/ # foo\r\nsh: foo: not found\r\n/ # echo $?\r\n127\r\n/ # ');
  assert.equal(run.stderr, '');
});

test('Ctrl-C abandons the line being typed: ^C, a new prompt, status 130', async () => {
  const run = await interactive();
  await run.type('echo abc\x03');
  assert.equal(run.screen(), '/ # echo abc^C\r\n/ # ');
  await run.type('echo $?\r');
  assert.ok(run.screen().endsWith('echo $?\r\n130\r\n/ # '));
});

test('Ctrl-C stops sleep infinity and the rest of the line; the shell goes on', async () => {
  const run = await interactive();
  await run.type('sleep infinity; echo after\r');
  assert.equal(run.screen(), '/ # sleep infinity; echo after\r\n');
  await run.timers.advance(3_600_000);
  assert.equal(run.results.length, 0);
  await run.type('\x03');
  assert.equal(run.screen(), '/ # sleep infinity; echo after\r\n^C\r\n/ # ');
  await run.type('echo $?\r');
  assert.ok(run.screen().endsWith('130\r\n/ # '));
});

test('lines typed while a command runs wait their turn', async () => {
  const run = await interactive();
  await run.type('sleep 1\r');
  await run.type('echo next\r');
  assert.ok(!run.screen().includes('next\r\nnext'), 'not run yet');
  await run.timers.advance(1000);
  assert.ok(run.screen().endsWith('/ # next\r\n/ # '));
});

test('Ctrl-C also throws away lines typed ahead, as a tty flushes its input', async () => {
  const run = await interactive();
  await run.type('sleep 5\r');
  await run.type('echo typed-ahead\r');
  await run.type('\x03');
  await run.timers.advance(10_000);
  assert.equal(run.screen(), '/ # sleep 5\r\necho typed-ahead\r\n^C\r\n/ # ');
});

test('Ctrl-D on an empty line ends the shell with the last status; on a non-empty line it does nothing', async () => {
  const run = await interactive();
  await run.type('false\r');
  await run.type('abc\x04');
  assert.equal(run.results.length, 0);
  await run.type('\x15\x04');
  assert.deepEqual(run.result, { exitCode: 1 });
  assert.ok(run.screen().endsWith('/ # abc\b \b\b \b\b \b\r\n'));
});

test('exit N ends the session with N', async () => {
  const run = await interactive();
  await run.type('exit 7\r');
  assert.deepEqual(run.result, { exitCode: 7 });
});

test('bash: root@hostname:dir# prompt, says exit on exit and Ctrl-D', async () => {
  const run = await interactive('nginx', 'bash');
  assert.equal(run.screen(), 'root@web-1:/# ');
  await run.type('cd /etc\r');
  assert.ok(run.screen().endsWith('root@web-1:/etc# '));
  await run.type('foo\r');
  assert.ok(run.screen().includes('bash: foo: command not found\r\n'), 'no line number when interactive');
  await run.type('\x04');
  assert.ok(run.screen().endsWith('root@web-1:/etc# exit\r\n'));
  assert.deepEqual(run.result, { exitCode: 127 });

  const exits = await interactive('debian', 'bash');
  await exits.type('exit 3\r');
  assert.ok(exits.screen().endsWith('exit 3\r\nexit\r\n'));
  assert.deepEqual(exits.result, { exitCode: 3 });
});

test("Debian's sh (dash) prompts with #; an open quote asks for more with >", async () => {
  const run = await interactive('debian', 'sh');
  assert.equal(run.screen(), '# ');
  await run.type("echo 'a\r");
  assert.equal(run.screen(), "# echo 'a\r\n> ");
  await run.type("b'\r");
  assert.equal(run.screen(), "# echo 'a\r\n> b'\r\na\r\nb\r\n# ");
});

test('a syntax error in an interactive shell is reported and the shell goes on', async () => {
  const run = await interactive();
  await run.type('echo a | wc\r');
  assert.ok(run.screen().endsWith('sh: syntax error: unsupported in this emulated shell: |\r\n/ # '));
  assert.equal(run.results.length, 0);
});

test('arrow keys and other escape sequences are not echoed or run', async () => {
  const run = await interactive();
  await run.type('\x1b[A\x1b[Decho ok\r');
  assert.equal(run.screen(), '/ # echo ok\r\nok\r\n/ # ');
});

test('a program with a terminal: cat echoes and copies lines until Ctrl-D', async () => {
  const run = await start(['cat'], { tty: true, stdin: true });
  await run.type('abc\r');
  assert.equal(run.screen(), 'abc\r\nabc\r\n');
  await run.type('\x04');
  assert.deepEqual(run.result, { exitCode: 0 });
});

test('Ctrl-C ends a program run directly: status 130', async () => {
  const run = await start(['sleep', 'infinity'], { tty: true, stdin: true });
  await run.type('\x03');
  assert.equal(run.screen(), '^C');
  assert.deepEqual(run.result, { exitCode: 130 });
  const script = await start(['sh', '-c', 'sleep 10; echo after'], { tty: true, stdin: true });
  await script.type('\x03');
  assert.deepEqual(script.result, { exitCode: 130 });
  assert.ok(!script.screen().includes('after'));
});

test('without a terminal, ^C is just a byte and stderr stays separate', async () => {
  const run = await start(['cat'], { stdin: true });
  await run.type('\x03x\n');
  assert.equal(run.screen(), '\x03x\n');
  assert.equal(run.results.length, 0);
  const err = await start(['sh', '-c', 'foo'], {});
  assert.equal(err.stderr, 'sh: foo: not found\n');
  assert.equal(err.screen(), '');
});

test('resize changes how many columns ls fills', async () => {
  const run = await interactive('debian', 'bash');
  run.proc.resize(30, 10);
  await run.type('ls /etc\r');
  assert.ok(run.screen().includes('ls /etc\r\ndebian_version  os-release\r\nhostname        resolv.conf\r\nhosts\r\n'), JSON.stringify(run.screen()));
  run.proc.resize(20, 10);
  await run.type('ls /etc\r');
  assert.ok(run.screen().endsWith('ls /etc\r\ndebian_version\r\nhostname\r\nhosts\r\nos-release\r\nresolv.conf\r\nroot@web-1:/# '), 'two columns would need 27 of 20');
});
