// Right-clicking a pod in the diagram hands VS Code's webview menu the pod's namespace and name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vscodeContextFor } from '../../../webview/diagram/context-menu.js';

test('a pod gets the "pod" webview section with its namespace and name; the default cut/copy/paste items are dropped', () => {
  assert.deepEqual(JSON.parse(vscodeContextFor('pod:default/web-7d9c-abcde')), { webviewSection: 'pod', podNamespace: 'default', podName: 'web-7d9c-abcde', preventDefaultContextMenuItems: true });
});

test('anything else (a node, a component, empty space) offers no pod section', () => {
  for (const id of ['node:whale2', 'kubelet:whale2', 'cp:kube-scheduler', 'pod:no-slash', 'pod:/x', undefined]) {
    assert.deepEqual(JSON.parse(vscodeContextFor(id)), { preventDefaultContextMenuItems: true }, String(id));
  }
});
