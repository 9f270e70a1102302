import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateWebviewMessage } from '../../../webview/protocol/diagram-validate.js';

test('well-formed webview messages pass the validator unchanged', () => {
  const good = [
    { type: 'ready' },
    { type: 'reveal', id: 'node:whale2' },
    { type: 'reveal', id: 'cp:kube-scheduler:kube-scheduler-whale1' },
    { type: 'openPodYaml', id: 'pod:default/web-1' },
    { type: 'hover', requestId: 7, id: 'kubelet:whale3' },
    { type: 'exportSvg', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' },
    { type: 'exportPng', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
  ];
  for (const m of good) {
    const v = validateWebviewMessage(m);
    assert.ok(v.ok, JSON.stringify(m));
    assert.deepEqual(v.message, m);
  }
});

test('unknown types, wrong fields and smuggled extras are dropped with a reason', () => {
  const bad: [unknown, RegExp][] = [
    [null, /not an object/],
    ['ready', /not an object/],
    [[{ type: 'ready' }], /not an object/],
    [{ type: 'runCommand', command: 'rm -rf' }, /unknown message type "runCommand"/],
    [{}, /unknown message type/],
    [{ type: 'ready', extra: 1 }, /unexpected field 'extra'/],
    [{ type: 'reveal' }, /id is not an element id/],
    [{ type: 'reveal', id: 'file:///etc/passwd' }, /id is not an element id/],
    [{ type: 'reveal', id: 'node:has space' }, /id is not an element id/],
    [{ type: 'openPodYaml', id: 'node:whale2' }, /id is not a pod/],
    [{ type: 'hover', id: 'node:whale2' }, /requestId/],
    [{ type: 'hover', id: 'node:whale2', requestId: -1 }, /requestId/],
    [{ type: 'hover', id: 'node:whale2', requestId: 1.5 }, /requestId/],
    [{ type: 'exportSvg', svg: '<script>alert(1)</script>' }, /does not start with <svg/],
    [{ type: 'exportSvg', svg: 42 }, /svg is not a string/],
    [{ type: 'exportPng', dataUrl: 'data:text/html;base64,PGgxPg==' }, /base64 PNG/],
    [{ type: 'exportPng', dataUrl: 'data:image/png;base64,<not base64>' }, /base64 PNG/],
  ];
  for (const [m, reason] of bad) {
    const v = validateWebviewMessage(m);
    assert.equal(v.ok, false, JSON.stringify(m));
    if (!v.ok) assert.match(v.reason, reason, JSON.stringify(m));
  }
});
