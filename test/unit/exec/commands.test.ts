// The emulated programs run directly (`kubectl exec pod -- CMD`), with busybox's or GNU
// coreutils' output and exit codes by image.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exec, piped, start } from './support';

test('echo and printf', async () => {
  assert.equal((await exec(['echo', '-n', 'a', 'b'])).stdout, 'a b');
  assert.equal((await exec(['echo', '-e', 'a\\nb\\c', 'never'])).stdout, 'a\nb');
  assert.equal((await exec(['/bin/echo', 'x'], { image: 'debian' })).stdout, 'x\n');
  assert.equal((await exec(['printf', '%s=%d\\n', 'a', '1', 'b', '2'])).stdout, 'a=1\nb=2\n', 'the format repeats for the remaining arguments');
  assert.equal((await exec(['printf', '[%5s|%-4s|%03d|%x|%%]\\n', 'ab', 'c', '7', '255'])).stdout, '[   ab|c   |007|ff|%]\n');
  assert.deepEqual(await exec(['printf', '%d\\n', 'abc'], { image: 'debian' }), { stdout: '0\n', stderr: "printf: 'abc': expected a numeric value\n", code: 1 });
  assert.deepEqual(await exec(['printf', '%d\\n', 'abc']), { stdout: '0\n', stderr: "printf: invalid number 'abc'\n", code: 1 });
});

test('env and printenv; printenv of a missing variable exits 1', async () => {
  assert.equal((await exec(['env'])).stdout, 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=web-1\nKUBERNETES_SERVICE_HOST=10.96.0.1\nGREETING=hello world\nHOME=/root\n');
  assert.deepEqual(await exec(['printenv', 'GREETING']), { stdout: 'hello world\n', stderr: '', code: 0 });
  assert.deepEqual(await exec(['printenv', 'NOPE']), { stdout: '', stderr: '', code: 1 });
  assert.deepEqual(await exec(['printenv', 'HOME', 'NOPE', 'HOSTNAME']), { stdout: '/root\nweb-1\n', stderr: '', code: 1 });
  assert.equal((await exec(['env', 'A=1', 'printenv', 'A'])).stdout, '1\n');
  assert.equal((await exec(['env', '-i', 'A=1', 'env'])).stdout, 'A=1\n');
  assert.deepEqual(await exec(['/usr/bin/env', 'nope'], { image: 'debian' }), { stdout: '', stderr: "env: 'nope': No such file or directory\n", code: 127 });
  assert.deepEqual(await exec(['env', 'nope']), { stdout: '', stderr: "env: can't execute 'nope': No such file or directory\n", code: 127 });
});

test('hostname, pwd, whoami, id', async () => {
  assert.equal((await exec(['hostname'])).stdout, 'web-1\n');
  assert.equal((await exec(['hostname', '-i'])).stdout, '10.244.1.5\n');
  assert.equal((await exec(['hostname', '-f'], { target: { hostname: 'db-0', subdomain: 'db' } })).stdout, 'db-0.db.shop.svc.cluster.local\n');
  assert.deepEqual(await exec(['hostname', 'other']), { stdout: '', stderr: 'hostname: sethostname: Operation not permitted\n', code: 1 });
  assert.equal((await exec(['pwd'])).stdout, '/\n');
  assert.equal((await exec(['whoami'])).stdout, 'root\n');
  assert.equal((await exec(['id'], { image: 'debian' })).stdout, 'uid=0(root) gid=0(root) groups=0(root)\n');
  assert.equal((await exec(['id'])).stdout, 'uid=0(root) gid=0(root) groups=0(root),10(wheel)\n');
  assert.equal((await exec(['id', '-u'])).stdout, '0\n');
  assert.equal((await exec(['id', '-un'])).stdout, 'root\n');
});

test('uname with each flag', async () => {
  assert.equal((await exec(['uname'])).stdout, 'Linux\n');
  assert.equal((await exec(['uname', '-s'])).stdout, 'Linux\n');
  assert.equal((await exec(['uname', '-n'])).stdout, 'web-1\n');
  assert.equal((await exec(['uname', '-r'])).stdout, '6.8.0-emulated\n');
  assert.equal((await exec(['uname', '-m'])).stdout, 'x86_64\n');
  assert.equal((await exec(['uname', '-a'])).stdout, 'Linux web-1 6.8.0-emulated #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux\n');
  assert.equal((await exec(['uname', '-sr'])).stdout, 'Linux 6.8.0-emulated\n');
});

test('date prints the clock in UTC, also with a +FORMAT', async () => {
  assert.equal((await exec(['date'])).stdout, 'Sun Nov 29 22:10:05 UTC 2026\n');
  assert.equal((await exec(['date', '+%Y-%m-%dT%H:%M:%SZ %s'])).stdout, '2026-11-29T22:10:05Z 1795990205\n');
});

test('sleep waits on the timers; bad intervals are refused', async () => {
  const run = await start(['sleep', '2']);
  assert.equal(run.results.length, 0);
  await run.timers.advance(1999);
  assert.equal(run.results.length, 0, 'not before 2 s');
  await run.timers.advance(1);
  assert.deepEqual(run.result, { exitCode: 0 });
  const sum = await start(['sleep', '1m', '0.5']);
  await sum.timers.advance(60_499);
  assert.equal(sum.results.length, 0);
  await sum.timers.advance(1);
  assert.deepEqual(sum.result, { exitCode: 0 });
  assert.deepEqual(await exec(['sleep', 'x']), { stdout: '', stderr: "sleep: invalid number 'x'\n", code: 1 });
  assert.deepEqual(await exec(['sleep', 'x'], { image: 'debian' }), { stdout: '', stderr: "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n", code: 1 });
});

test('true and false', async () => {
  assert.equal((await exec(['true'])).code, 0);
  assert.equal((await exec(['false'])).code, 1);
  assert.equal((await exec(['/bin/false'], { image: 'debian' })).code, 1);
});

test('cat: files, several at once, errors per family, stdin', async () => {
  assert.equal((await exec(['cat', '/etc/hostname', '/etc/hostname'])).stdout, 'web-1\nweb-1\n');
  assert.deepEqual(await exec(['cat', 'x']), { stdout: '', stderr: "cat: can't open 'x': No such file or directory\n", code: 1 });
  assert.deepEqual(await exec(['cat', 'x'], { image: 'debian' }), { stdout: '', stderr: 'cat: x: No such file or directory\n', code: 1 });
  assert.deepEqual(await exec(['cat', '/etc'], { image: 'debian' }), { stdout: '', stderr: 'cat: /etc: Is a directory\n', code: 1 });
  assert.deepEqual(await exec(['cat', '/etc']), { stdout: '', stderr: 'cat: read error: Is a directory\n', code: 1 });
  assert.deepEqual(await piped(['cat'], 'line 1\nline 2\n'), { stdout: 'line 1\nline 2\n', stderr: '', code: 0 });
  assert.deepEqual(await exec(['cat']), { stdout: '', stderr: '', code: 0 }, 'no stdin: ends at once');
});

test('cat with no arguments copies stdin as it arrives, until it ends', async () => {
  const run = await start(['cat'], { stdin: true });
  await run.type('first ');
  assert.equal(run.stdout, 'first ');
  await run.type('second\n');
  assert.equal(run.stdout, 'first second\n');
  assert.equal(run.results.length, 0);
  run.proc.endInput();
  await run.timers.advance(0);
  assert.deepEqual(run.result, { exitCode: 0 });
});

test('ls: one name a line into a pipe, -a, -l, files and directories, missing paths per family', async () => {
  assert.equal((await exec(['ls', '/etc'])).stdout, 'hostname\nhosts\nresolv.conf\n');
  assert.equal((await exec(['ls', '-a', '/tmp'])).stdout, '.\n..\n');
  assert.equal((await exec(['ls', '/etc/hosts', '/tmp'])).stdout, '/etc/hosts\n\n/tmp:\n');
  const long = (await exec(['ls', '-l', '/etc'], { image: 'debian' })).stdout;
  assert.equal(
    long,
    [
      'total 16',
      '-rw-r--r-- 1 root root   6 Aug 12  2025 debian_version',
      '-rw-r--r-- 1 root root   6 Nov 29 22:00 hostname',
      '-rw-r--r-- 1 root root 200 Nov 29 22:00 hosts',
      'lrwxrwxrwx 1 root root  21 Aug 12  2025 os-release -> ../usr/lib/os-release',
      '-rw-r--r-- 1 root root 100 Nov 29 22:00 resolv.conf',
      '',
    ].join('\n'),
  );
  assert.equal((await exec(['ls', '-l', '/etc/hosts'])).stdout, '-rw-r--r--    1 root     root           200 Nov 29 22:00 /etc/hosts\n');
  assert.deepEqual(await exec(['ls', 'x']), { stdout: '', stderr: 'ls: x: No such file or directory\n', code: 1 });
  assert.deepEqual(await exec(['ls', 'x'], { image: 'debian' }), { stdout: '', stderr: "ls: cannot access 'x': No such file or directory\n", code: 2 });
  assert.deepEqual(await exec(['ls', '-R']), { stdout: '', stderr: 'ls: option -R is unsupported in this emulated container\n', code: 2 });
});

test('ls on a terminal prints columns as wide as the terminal', async () => {
  const run = await start(['ls', '/'], { tty: true, image: 'debian' });
  assert.equal(run.stdout, 'bin   dev  home  lib64  mnt  proc  run   srv  tmp  var\r\nboot  etc  lib   media  opt  root  sbin  sys  usr\r\n');
  const busybox = await start(['ls', '/'], { tty: true });
  assert.equal(busybox.stdout, 'bin    etc    lib    proc   sys    usr\r\ndev    home   lib64  root   tmp    var\r\n');
});

test('ps lists PID 1 and the exec on busybox images; Debian images have no ps', async () => {
  assert.equal((await exec(['ps'])).stdout, 'PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    7 root      0:00 ps\n');
  assert.equal((await exec(['sh', '-c', 'ps; ps aux'])).stdout.split('\n').slice(1, 4).join('\n'), '    1 root      0:00 sleep 3600\n    7 root      0:00 sh -c ps; ps aux\n    8 root      0:00 ps');
  // A lone command in sh -c replaces the shell (exec, no fork): it keeps the shell's PID.
  assert.equal((await exec(['sh', '-c', 'ps aux'])).stdout, 'PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    7 root      0:00 ps aux\n');
  assert.match((await exec(['ps'], { image: 'nginx:alpine', target: { mainCommand: [] } })).stdout, /\n {4}1 root {6}0:00 nginx -g daemon off;\n/);
  const deb = await start(['ps'], { image: 'nginx' });
  assert.deepEqual(deb.result, { notStarted: 'exec: "ps": executable file not found in $PATH' });
});

test('which finds programs on $PATH', async () => {
  assert.deepEqual(await exec(['which', 'ls', 'nope'], { image: 'debian' }), { stdout: '/usr/bin/ls\n', stderr: '', code: 1 });
  assert.equal((await exec(['which', '-a', 'sh'], { image: 'debian' })).stdout, '/usr/bin/sh\n/bin/sh\n');
  assert.equal((await exec(['which', 'env'], { image: 'alpine' })).stdout, '/usr/bin/env\n');
});

test('test and [: strings, integers, files; malformed expressions exit 2', async () => {
  const t = async (script: string, image = 'busybox', shell = 'sh') => (await exec([shell, '-c', script], { image })).stdout;
  assert.equal(await t('[ -f /etc/hosts ] && echo f; [ -d /etc ] && echo d; [ -e /nope ] || echo missing; test -n "" || echo empty'), 'f\nd\nmissing\nempty\n');
  assert.equal(await t('[ 3 -gt 2 ] && echo gt; [ a = a ] && echo eq; [ a != b -a 1 -le 1 ] && echo both; [ ! -z x ] && echo notz'), 'gt\neq\nboth\nnotz\n');
  assert.deepEqual(await exec(['sh', '-c', '[ 1 = 1'], { image: 'debian' }), { stdout: '', stderr: 'sh: 1: [: missing ]\n', code: 2 });
  assert.deepEqual(await exec(['bash', '-c', '[ x -eq 1 ]'], { image: 'debian' }), { stdout: '', stderr: 'bash: line 1: [: x: integer expression expected\n', code: 2 });
  assert.deepEqual(await exec(['[', '1', '=', '1'], { image: 'debian' }), { stdout: '', stderr: "[: missing ']'\n", code: 2 });
  assert.equal((await exec(['test', '-d', '/tmp'], { image: 'debian' })).code, 0);
});

test('busybox runs its applets by name', async () => {
  assert.equal((await exec(['busybox', 'echo', 'hi'])).stdout, 'hi\n');
  assert.deepEqual(await exec(['busybox', 'curl']), { stdout: '', stderr: 'curl: applet not found\n', code: 127 });
});
