// The shell grammar we emulate, and what it refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScript, type ParseResult, type Word } from '../../../src/emulator/nodes/exec/shell-parser';

/** The words of each command as quoted text, for compact assertions. */
function shape(r: ParseResult): unknown {
  if (!r.ok) return r;
  return r.lists.map((l) => ({ ops: l.operators, cmds: l.commands.map((c) => [...c.assignments.map((a) => `${a.name}=${render(a.value)}`), ...c.words.map(render)]) }));
}

function render(w: Word): string {
  return w.map((p) => (p.kind === 'text' ? (p.quoted ? `'${p.text}'` : p.text) : p.kind === 'tilde' ? '~' : `\${${p.length ? '#' : ''}${p.name}${p.op ?? ''}${p.word ? render(p.word) : ''}}${p.quoted ? 'q' : ''}`)).join('');
}

test('lists, && and ||, newlines and comments', () => {
  assert.deepEqual(shape(parseScript('a 1; b && c || d # comment\n\ne')), [
    { ops: [], cmds: [['a', '1']] },
    { ops: ['&&', '||'], cmds: [['b'], ['c'], ['d']] },
    { ops: [], cmds: [['e']] },
  ]);
  assert.deepEqual(shape(parseScript('a &&\n  b')), [{ ops: ['&&'], cmds: [['a'], ['b']] }]);
});

test('quotes: single quotes keep everything, double quotes expand parameters, backslashes escape', () => {
  assert.deepEqual(shape(parseScript(`echo 'a $X "b"' "c $Y \\" \\z" d\\ e ""`)), [{ ops: [], cmds: [['echo', `'a $X "b"'`, `'c '\${Y}q' " \\z'`, `d' 'e`, `''`]] }]);
});

test('parameters: $NAME ${NAME} specials, defaults and lengths; a lone $ is itself', () => {
  assert.deepEqual(shape(parseScript('echo $A ${B}x $? $$ $1 ${C:-d e} ${#D} $ a$')), [{ ops: [], cmds: [['echo', '${A}', '${B}x', '${?}', '${$}', '${1}', '${C:-d e}', '${#D}', '$', 'a$']] }]);
});

test('assignments before the command name; ~ at a word start', () => {
  assert.deepEqual(shape(parseScript('A=1 B="x y" env C=3 ~/x a~')), [{ ops: [], cmds: [['A=1', `B='x y'`, 'env', 'C=3', '~/x', 'a~']] }]);
});

test('redirections', () => {
  const r = parseScript('echo hi >/tmp/x 2>&1 >> y < z 2>/dev/null');
  assert.ok(r.ok);
  assert.deepEqual(
    r.lists[0].commands[0].redirects.map((x) => [x.fd, x.op, render(x.target)]),
    [
      [1, '>', '/tmp/x'],
      [2, '>&', '1'],
      [1, '>>', 'y'],
      [0, '<', 'z'],
      [2, '>', '/dev/null'],
    ],
  );
});

test('unsupported syntax is named, never guessed at', () => {
  const unsupported = (s: string) => {
    const r = parseScript(s);
    return !r.ok && 'unsupported' in r ? r.unsupported : r;
  };
  assert.equal(unsupported('ls | wc'), '|');
  assert.equal(unsupported('sleep 1 &'), '&');
  assert.equal(unsupported('(cd /)'), '(');
  assert.equal(unsupported('echo $(date)'), '$(');
  assert.equal(unsupported('echo $((1+1))'), '$((');
  assert.equal(unsupported('echo `date`'), '`');
  assert.equal(unsupported('if true; then echo; fi'), 'if');
  assert.equal(unsupported('for i in 1; do echo; done'), 'for');
  assert.equal(unsupported('cat <<EOF'), '<<');
  assert.equal(unsupported('echo ${A%x}'), '${A%x}');
  assert.equal(unsupported('echo a; while true; do :; done'), 'while');
});

test('incomplete input (open quotes, a trailing operator) and unexpected tokens', () => {
  assert.deepEqual(parseScript("echo 'abc"), { ok: false, incomplete: "'" });
  assert.deepEqual(parseScript('echo "abc'), { ok: false, incomplete: '"' });
  assert.deepEqual(parseScript('true &&'), { ok: false, incomplete: 'operator' });
  assert.deepEqual(parseScript('echo ${A'), { ok: false, incomplete: '}' });
  assert.deepEqual(parseScript('&& echo'), { ok: false, unexpected: '&&', line: 1 });
  assert.deepEqual(parseScript('echo a\n; b'), { ok: false, unexpected: ';', line: 2 });
  assert.deepEqual(parseScript('echo >'), { ok: false, unexpected: 'newline', line: 1 });
  assert.deepEqual(parseScript('a;; b'), { ok: false, unexpected: ';;', line: 1 });
});

test('line numbers follow newlines, also inside quotes', () => {
  const r = parseScript("echo 'a\nb'\nfoo", 3);
  assert.ok(r.ok);
  assert.deepEqual(
    r.lists.map((l) => l.commands[0].line),
    [3, 5],
  );
});
