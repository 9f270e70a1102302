// Terminals' KUBECONFIG per window: two VS Code windows share the extension's global storage, and
// each window's terminals must talk to the context that window's sidebar shows.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { removeTerminalSelector, terminalKubeconfig, terminalSelectorFile } from '../../../src/vscode/terminal-kubeconfig.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-terminal-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const storage = path.join(dir, 'global-storage');
const KUBECTL = path.join(__dirname, '..', '..', '..', '.cache', 'bin', 'kubectl');

// The user's kubeconfig: two contexts, current-context prod.
const userFile = path.join(dir, 'config');
fs.writeFileSync(
  userFile,
  `apiVersion: v1
kind: Config
current-context: prod
clusters:
- { name: c, cluster: { server: "https://127.0.0.1:1" } }
users:
- { name: u, user: { token: t } }
contexts:
- { name: prod, context: { cluster: c, user: u } }
- { name: dev, context: { cluster: c, user: u } }
`,
);

/** The context kubectl in a terminal with this KUBECONFIG uses: kubectl itself when installed. */
function currentContext(kubeconfig: string): string {
  if (fs.existsSync(KUBECTL)) return execFileSync(KUBECTL, ['config', 'current-context'], { env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: 'utf-8' }).trim();
  process.stderr.write(`\n*** kubectl missing at ${KUBECTL}: checking the first file's current-context instead; run node scripts/setup-kube-clients.mjs ***\n`);
  for (const f of kubeconfig.split(path.delimiter)) {
    const m = /^current-context: (.+)$/m.exec(fs.readFileSync(f, 'utf-8'));
    if (m) return JSON.parse(m[1].startsWith('"') ? m[1] : JSON.stringify(m[1]));
  }
  return '';
}

const context = (contextName: string) => ({ selection: { kind: 'context' as const, contextName }, contextName, files: [userFile] });

test('two windows on different contexts: each window\'s terminals keep their own context', () => {
  const a = terminalKubeconfig(context('dev'), storage, 'window-a');
  const b = terminalKubeconfig(context('prod'), storage, 'window-b');
  assert.notEqual(a, b);
  assert.equal(currentContext(a), 'dev');
  assert.equal(currentContext(b), 'prod');
  // Window A selects again: B is not affected.
  const a2 = terminalKubeconfig(context('prod'), storage, 'window-a');
  assert.equal(currentContext(a2), 'prod');
  assert.equal(currentContext(b), 'prod');
  terminalKubeconfig(context('dev'), storage, 'window-b');
  assert.equal(currentContext(a2), 'prod', 'window B switching does not move window A');
});

test('the selector goes first, then the user\'s files; the emulator\'s own kubeconfig needs no selector', () => {
  const value = terminalKubeconfig(context('dev'), storage, 'window-c');
  assert.deepEqual(value.split(path.delimiter), [terminalSelectorFile(storage, 'window-c'), userFile]);
  assert.equal((fs.statSync(terminalSelectorFile(storage, 'window-c')).mode & 0o777).toString(8), '600');
  const emulatorKubeconfig = path.join(storage, 'emulator', 'kubeconfig');
  assert.equal(terminalKubeconfig({ selection: { kind: 'emulator' }, contextName: 'cluster-anatomy-emulator', files: [emulatorKubeconfig] }, storage, 'window-c'), emulatorKubeconfig);
});

test('a window id cannot escape the storage folder, and closing the window removes its file only', () => {
  const odd = terminalSelectorFile(storage, '../../etc/passwd');
  assert.equal(path.dirname(odd), path.join(storage, 'terminals'));
  terminalKubeconfig(context('dev'), storage, 'window-d');
  terminalKubeconfig(context('prod'), storage, 'window-e');
  removeTerminalSelector(storage, 'window-d');
  assert.equal(fs.existsSync(terminalSelectorFile(storage, 'window-d')), false);
  assert.equal(fs.existsSync(terminalSelectorFile(storage, 'window-e')), true);
  removeTerminalSelector(storage, 'window-d');
});
