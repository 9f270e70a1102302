// sh and bash as `kubectl exec` runs them: -c scripts, stdin without a terminal, exit codes,
// and each shell's own words for errors (busybox ash, dash, bash).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exec, piped, sh } from './support';

test("sh -c 'echo $HOSTNAME; exit 3' prints the hostname and exits 3", async () => {
  assert.deepEqual(await sh('echo $HOSTNAME; exit 3'), { stdout: 'web-1\n', stderr: '', code: 3 });
  assert.deepEqual(await sh('echo $HOSTNAME; exit 3', 'nginx', 'bash'), { stdout: 'web-1\n', stderr: '', code: 3 });
});

test('&& and || short-circuit on the status; $? is the last status', async () => {
  assert.equal((await sh('true && echo yes || echo no')).stdout, 'yes\n');
  assert.equal((await sh('false && echo yes || echo no')).stdout, 'no\n');
  assert.equal((await sh('false || false && echo skipped; echo $?')).stdout, '1\n');
  assert.equal((await sh('false; echo $?; true; echo $?')).stdout, '1\n0\n');
  assert.equal((await sh('false')).code, 1);
  assert.equal((await sh('exit 300')).code, 44, 'exit codes are taken modulo 256');
  assert.equal((await sh('false; exit')).code, 1, 'exit alone keeps the last status');
});

test('quoting and expansion: single, double, escapes, field splitting, defaults, lengths', async () => {
  const r = await sh(`X='a  b'; echo $X; echo "$X"; echo '$X'; echo \\$X; echo "\\"q\\""; echo \${UNSET:-dflt} \${X:+set} \${#X}; echo "$GREETING"; echo a"b"'c'`);
  assert.equal(r.stdout, 'a b\na  b\n$X\n$X\n"q"\ndflt set 4\nhello world\nabc\n');
});

test('$$ is the shell PID, $0 and positional parameters come from sh -c', async () => {
  assert.equal((await sh('echo $$')).stdout, '7\n');
  assert.equal((await exec(['sh', '-c', 'echo $0 $1 $# "$@"', 'me', 'x', 'y z'])).stdout, 'me x 2 x y z\n');
});

test('assignments, export and the environment of child programs', async () => {
  const r = await sh('A=1; B=2 printenv B; printenv A || echo A not exported; export A; printenv A; export C=3; env | grep -q C 2>/dev/null; printenv C');
  // `env | grep` is a pipe: unsupported, so the whole script is refused.
  assert.equal(r.code, 2);
  const ok = await sh('A=1; B=2 printenv B; printenv A || echo A not exported; export A; printenv A; export C=3; printenv C; unset C; printenv C; echo $?');
  assert.equal(ok.stdout, '2\nA not exported\n1\n3\n1\n');
});

test('the shell adds PWD and SHLVL to what its programs see (dash no SHLVL, bash also _)', async () => {
  const busy = (await sh('env')).stdout.split('\n');
  assert.ok(busy.includes('PWD=/') && busy.includes('SHLVL=1'));
  const dash = (await sh('env', 'debian')).stdout.split('\n');
  assert.ok(dash.includes('PWD=/') && !dash.some((l) => l.startsWith('SHLVL=')));
  const bash = (await sh('env', 'debian', 'bash')).stdout.split('\n');
  assert.ok(bash.includes('SHLVL=1') && bash.includes('_=/usr/bin/env'));
});

test('cd and pwd: logical paths, cd - and HOME; errors per shell', async () => {
  assert.equal((await sh('cd /tmp; pwd; cd ..; pwd; cd; pwd; cd -; cd /etc/; pwd')).stdout, '/tmp\n/\n/root\n/\n/etc\n');
  assert.equal((await sh('cd /bin; pwd; /bin/pwd', 'debian')).stdout, '/bin\n/usr/bin\n', '/bin is a link: the shell keeps the logical path');
  assert.deepEqual(await sh('cd /nope; echo $?'), { stdout: '2\n', stderr: "sh: cd: can't cd to /nope: No such file or directory\n", code: 0 });
  assert.deepEqual(await sh('cd /nope; echo $?', 'debian'), { stdout: '2\n', stderr: "sh: 1: cd: can't cd to /nope\n", code: 0 });
  assert.deepEqual(await sh('cd /etc/hosts; echo $?', 'debian', 'bash'), { stdout: '1\n', stderr: 'bash: line 1: cd: /etc/hosts: Not a directory\n', code: 0 });
});

test('a command that is neither builtin nor program: 127 with each shell\'s message', async () => {
  assert.deepEqual(await sh('foo; echo $?'), { stdout: '127\n', stderr: 'sh: foo: not found\n', code: 0 });
  assert.deepEqual(await sh('foo'), { stdout: '', stderr: 'sh: foo: not found\n', code: 127 });
  assert.deepEqual(await sh('echo a\nfoo', 'debian'), { stdout: 'a\n', stderr: 'sh: 2: foo: not found\n', code: 127 });
  assert.deepEqual(await sh('foo', 'nginx', 'bash'), { stdout: '', stderr: 'bash: line 1: foo: command not found\n', code: 127 });
  assert.deepEqual(await exec(['/bin/sh', '-c', 'foo']), { stdout: '', stderr: '/bin/sh: foo: not found\n', code: 127 }, 'the prefix is the name the shell was run as');
  assert.deepEqual(await sh('/nope/x', 'debian', 'bash'), { stdout: '', stderr: 'bash: line 1: /nope/x: No such file or directory\n', code: 127 });
  assert.deepEqual(await sh('/tmp'), { stdout: '', stderr: 'sh: /tmp: Permission denied\n', code: 126 });
  assert.deepEqual(await sh('/tmp', 'debian', 'bash'), { stdout: '', stderr: 'bash: line 1: /tmp: Is a directory\n', code: 126 });
  assert.deepEqual(await sh('ps', 'nginx'), { stdout: '', stderr: 'sh: 1: ps: not found\n', code: 127 }, 'Debian images have no procps');
});

test('real builtins we do not emulate say so', async () => {
  assert.deepEqual(await sh('set -x'), { stdout: '', stderr: 'sh: set: unsupported in this emulated shell\n', code: 2 });
  assert.deepEqual(await sh('declare -a x', 'debian', 'bash'), { stdout: '', stderr: 'bash: line 1: declare: unsupported in this emulated shell\n', code: 2 });
  assert.equal((await sh('declare', 'debian')).stderr, 'sh: 1: declare: not found\n', 'dash has no declare');
});

test('syntax errors in each shell, with status 2', async () => {
  assert.deepEqual(await sh('echo a | wc -l'), { stdout: '', stderr: 'sh: syntax error: unsupported in this emulated shell: |\n', code: 2 });
  assert.deepEqual(await sh('echo a | wc -l', 'debian'), { stdout: '', stderr: 'sh: 1: syntax error: unsupported in this emulated shell: |\n', code: 2 });
  assert.deepEqual(await sh('echo $(date)', 'debian', 'bash'), { stdout: '', stderr: 'bash: -c: line 1: syntax error: unsupported in this emulated shell: $(\n', code: 2 });
  assert.deepEqual(await sh("echo 'open"), { stdout: '', stderr: 'sh: syntax error: unterminated quoted string\n', code: 2 });
  assert.deepEqual(await sh("echo 'open", 'debian'), { stdout: '', stderr: 'sh: 1: Syntax error: Unterminated quoted string\n', code: 2 });
  assert.deepEqual(await sh("echo 'open", 'debian', 'bash'), { stdout: '', stderr: "bash: -c: line 1: unexpected EOF while looking for matching `''\n", code: 2 });
  assert.deepEqual(await sh('&& echo'), { stdout: '', stderr: 'sh: syntax error: unexpected "&&"\n', code: 2 });
  assert.deepEqual(await sh('&& echo', 'debian'), { stdout: '', stderr: 'sh: 1: Syntax error: "&&" unexpected\n', code: 2 });
  assert.deepEqual(await sh('&& echo', 'debian', 'bash'), { stdout: '', stderr: "bash: -c: line 1: syntax error near unexpected token `&&'\nbash: -c: line 1: `&& echo'\n", code: 2 });
  assert.deepEqual(await sh('true &&'), { stdout: '', stderr: 'sh: syntax error: unexpected end of file\n', code: 2 });
});

test('exit with a bad number', async () => {
  assert.deepEqual(await sh('exit abc'), { stdout: '', stderr: 'sh: exit: Illegal number: abc\n', code: 2 });
  assert.deepEqual(await sh('exit abc', 'debian', 'bash'), { stdout: '', stderr: 'bash: line 1: exit: abc: numeric argument required\n', code: 2 });
});

test('redirections: files, 2>&1 order, /dev/null, /dev/stderr, < file', async () => {
  assert.deepEqual(await sh('cat /nope 2>&1; cat /nope 2>/dev/null; echo err >&2; echo out >/dev/stderr'), { stdout: "cat: can't open '/nope': No such file or directory\n", stderr: 'err\nout\n', code: 0 });
  assert.equal((await sh('cat /nope >/tmp/log 2>&1; cat /tmp/log')).stdout, "cat: can't open '/nope': No such file or directory\n");
  assert.equal((await sh('cat /nope 2>&1 >/tmp/log')).stdout, "cat: can't open '/nope': No such file or directory\n", '2>&1 first: stderr stays on the old stdout');
  assert.equal((await sh('echo from-file > /tmp/in; cat < /tmp/in')).stdout, 'from-file\n');
  assert.deepEqual(await sh('cat < /nope'), { stdout: '', stderr: "sh: can't open /nope: no such file\n", code: 1 });
});

test('globbing matches the emulated files; no match keeps the pattern', async () => {
  assert.equal((await sh('echo /etc/host*')).stdout, '/etc/hostname /etc/hosts\n');
  assert.equal((await sh('cat /etc/*release', 'alpine')).stdout.split('\n')[0], '3.22.1', '/etc/alpine-release sorts first');
  assert.equal((await sh('echo /nope/*; echo "/etc/*"')).stdout, '/nope/*\n/etc/*\n');
  assert.equal((await sh('cd /etc; echo host?')).stdout, 'hosts\n');
});

test('sh without -c and without a terminal reads commands from stdin until it ends', async () => {
  assert.deepEqual(await piped(['sh'], 'echo one\nX=2\necho $X; false\n'), { stdout: 'one\n2\n', stderr: '', code: 1 });
  assert.deepEqual(await piped(['sh'], 'echo a\nexit 5\necho never\n'), { stdout: 'a\n', stderr: '', code: 5 });
  assert.deepEqual(await piped(['bash'], "echo 'multi\nline'\nfoo\n", 'debian'), { stdout: 'multi\nline\n', stderr: 'bash: line 3: foo: command not found\n', code: 127 });
  assert.deepEqual(await piped(['sh'], 'echo last line without newline'), { stdout: 'last line without newline\n', stderr: '', code: 0 });
});

test('sh FILE runs a script written in this exec; a missing one is an error', async () => {
  assert.deepEqual(await sh('echo "echo in script; exit 4" > /tmp/s.sh; sh /tmp/s.sh; echo $?'), { stdout: 'in script\n4\n', stderr: '', code: 0 });
  assert.deepEqual(await exec(['sh', '/nope.sh']), { stdout: '', stderr: "sh: can't open '/nope.sh': No such file or directory\n", code: 2 });
  assert.deepEqual(await exec(['bash', '/nope.sh'], { image: 'debian' }), { stdout: '', stderr: 'bash: /nope.sh: No such file or directory\n', code: 127 });
});

test('sh -e stops at the first failure outside && and ||', async () => {
  assert.deepEqual(await exec(['sh', '-ec', 'echo a; false || true; false && echo no; false; echo never']), { stdout: 'a\n', stderr: '', code: 1 });
});

test('bash is there on Debian-based images, not on busybox or Alpine', async () => {
  assert.equal((await sh('bash -c "echo nested; exit 9"; echo $?', 'nginx')).stdout, 'nested\n9\n');
  assert.deepEqual(await sh('bash', 'alpine'), { stdout: '', stderr: 'sh: bash: not found\n', code: 127 });
});

test('echo: the shells differ (dash always reads escapes and knows only -n)', async () => {
  assert.equal((await sh("echo -n a; echo -e 'b\\tc'; echo 'd\\ne'")).stdout, 'ab\tc\nd\\ne\n');
  assert.equal((await sh("echo -n a; echo -e 'b\\tc'; echo 'd\\ne'", 'debian')).stdout, 'a-e b\tc\nd\ne\n');
  assert.equal((await sh("echo -n a; echo -e 'b\\tc'; echo 'd\\ne'", 'debian', 'bash')).stdout, 'ab\tc\nd\\ne\n');
});
