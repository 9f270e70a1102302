// Manifests against the bundled emulator, inside VS Code: apply a file and find its objects in
// the cluster, a bad document blocks the whole file with a diagnostic at its line, a dry run
// writes nothing, a conflict offers force, diff opens a diff editor, delete removes the objects,
// and every document gets its CodeLenses.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ManifestRunResult } from '../../src/vscode/manifests/manifest-commands';
import { DIFF_SCHEME } from '../../src/vscode/manifests/diff-documents';
import { type ClusterAnatomyApi, activateExtension, waitFor } from './extension-under-test';

type Testing = ClusterAnatomyApi['testing'];

const NS = 'manifests-it';

const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${NS}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: ${NS}
data:
  greeting: hello
---
apiVersion: v1
kind: Namespace
metadata:
  name: ${NS}
`;

// Line 12 (0-based 11) holds the bad name: the whole file must be refused because of it.
const BAD = `apiVersion: v1
kind: ConfigMap
metadata:
  name: good-config
  namespace: ${NS}
data:
  a: "1"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: Bad_Name
  namespace: ${NS}
`;

const DRY = `apiVersion: v1
kind: ConfigMap
metadata:
  name: dry-only
  namespace: ${NS}
data:
  a: "1"
`;

const CONTESTED = `apiVersion: v1
kind: ConfigMap
metadata:
  name: contested
  namespace: ${NS}
data:
  owner: cluster-anatomy
`;

async function status(t: Testing, p: string): Promise<number> {
  return (await t.session.current!.connection.transport.get(p)).status;
}

async function object(t: Testing, p: string): Promise<any> {
  const res = await t.session.current!.connection.transport.get(p);
  assert.equal(res.status, 200, `GET ${p}: ${res.body}`);
  return JSON.parse(res.body);
}

function run(command: string, uri: vscode.Uri, options: Record<string, unknown> = {}): Thenable<ManifestRunResult | undefined> {
  return vscode.commands.executeCommand<ManifestRunResult | undefined>(command, uri, [uri], options);
}

describe('Manifests against the bundled emulator', function () {
  this.timeout(120_000);
  let t: Testing;
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-anatomy-manifests-'));
  const file = (name: string, text: string) => {
    const p = path.join(temp, name);
    fs.writeFileSync(p, text);
    return vscode.Uri.file(p);
  };

  before(async () => {
    const extension = await activateExtension();
    t = extension.exports.testing;
    await t.initialized;
    if (t.session.current?.selection.kind !== 'emulator') await vscode.commands.executeCommand('clusterAnatomy.startEmulator');
    await waitFor('the emulator connection', () => t.session.current?.selection.kind === 'emulator' && t.session.current.connection.state.phase === 'connected');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(temp, { recursive: true, force: true });
  });

  it('applies a file: Namespace first, then its Deployment and ConfigMap exist in the cluster', async () => {
    const result = await run('clusterAnatomy.applyManifest', file('app.yaml', APP));
    assert.ok(result?.report?.complete, `apply finished: ${result?.message}`);
    assert.deepEqual(result.report.results.map((r) => `${r.entry.ref.kind} ${r.outcome}`).sort(), ['ConfigMap created', 'Deployment created', 'Namespace created']);
    assert.equal(result.report.results[0].entry.ref.kind, 'Namespace', 'the Namespace goes first');
    const deployment = await object(t, `/apis/apps/v1/namespaces/${NS}/deployments/web`);
    assert.equal(deployment.spec.replicas, 2);
    assert.ok(deployment.metadata.managedFields.some((m: { manager: string }) => m.manager === 'cluster-anatomy'), 'applied as field manager cluster-anatomy');
    assert.equal((await object(t, `/api/v1/namespaces/${NS}/configmaps/web-config`)).data.greeting, 'hello');

    const again = await run('clusterAnatomy.applyManifest', vscode.Uri.file(path.join(temp, 'app.yaml')));
    assert.deepEqual(again?.report?.results.map((r) => r.outcome), ['unchanged', 'unchanged', 'unchanged']);
  });

  it('refuses a whole file with one bad document and shows a diagnostic at its line, cleared when fixed', async () => {
    const uri = file('bad.yaml', BAD);
    const result = await run('clusterAnatomy.applyManifest', uri);
    assert.equal(result?.report, undefined, 'nothing was applied');
    assert.match(result?.message ?? '', /Nothing was applied/);
    assert.equal(await status(t, `/api/v1/namespaces/${NS}/configmaps/good-config`), 404, 'the good document was not applied either');
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Cluster Anatomy');
    assert.equal(diagnostics.length, 1, diagnostics.map((d) => d.message).join('; '));
    assert.equal(diagnostics[0].range.start.line, 11, 'at the line of metadata.name');
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostics[0].message, /Bad_Name/);

    fs.writeFileSync(uri.fsPath, BAD.replace('Bad_Name', 'fixed-name'));
    const fixed = await run('clusterAnatomy.applyManifest', uri);
    assert.ok(fixed?.report?.complete, fixed?.message);
    assert.equal(vscode.languages.getDiagnostics(uri).length, 0, 'the diagnostic is gone');
  });

  it('dry run validates with the server and writes nothing', async () => {
    const result = await run('clusterAnatomy.dryRunManifest', file('dry.yaml', DRY));
    assert.ok(result?.validation?.ok, result?.message);
    assert.ok(result.validation.checked[0].dryRun, 'the server answered the dry run');
    assert.equal(result.report, undefined);
    assert.equal(await status(t, `/api/v1/namespaces/${NS}/configmaps/dry-only`), 404);
  });

  it('reports a conflict with another field manager and applies with force', async () => {
    const uri = file('contested.yaml', CONTESTED);
    const api = t.manifests.service.connected()!.api;
    const ref = { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespace: NS, name: 'contested' };
    await api.apply(ref, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'contested', namespace: NS }, data: { owner: 'someone-else' } }, { dryRun: false, force: false, fieldManager: 'someone-else', fieldValidation: 'Strict' });
    const blocked = await run('clusterAnatomy.applyManifest', uri);
    assert.equal(blocked?.validation?.conflicts.length, 1, blocked?.message);
    assert.match(blocked.message, /someone-else/);
    assert.equal((await object(t, `/api/v1/namespaces/${NS}/configmaps/contested`)).data.owner, 'someone-else');
    const forced = await run('clusterAnatomy.applyManifest', uri, { force: true });
    assert.ok(forced?.report?.complete, forced?.message);
    assert.equal((await object(t, `/api/v1/namespaces/${NS}/configmaps/contested`)).data.owner, 'cluster-anatomy');
  });

  it('diff opens a diff editor between the live object and the dry-run result', async () => {
    const uri = file('app-changed.yaml', APP.replace('replicas: 2', 'replicas: 5'));
    const result = await run('clusterAnatomy.diffManifest', uri);
    assert.ok(result?.diff, result?.message);
    await waitFor('a diff editor', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff && input.original.scheme === DIFF_SCHEME;
    });
    const left = (await vscode.workspace.openTextDocument(result.diff.left)).getText();
    const right = (await vscode.workspace.openTextDocument(result.diff.right)).getText();
    assert.match(left, /replicas: 2/);
    assert.match(right, /replicas: 5/);
    assert.doesNotMatch(right, /managedFields|resourceVersion/, 'server noise is removed');
    assert.equal((await object(t, `/apis/apps/v1/namespaces/${NS}/deployments/web`)).spec.replicas, 2, 'diff wrote nothing');
  });

  it('shows Apply and Diff CodeLenses above every document', async () => {
    const uri = vscode.Uri.file(path.join(temp, 'app.yaml'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const lenses = await waitFor('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l && l.length >= 7 ? l : undefined;
    });
    const ours = lenses.filter((l) => l.command?.command.startsWith('clusterAnatomy.'));
    assert.deepEqual(ours.map((l) => `${l.range.start.line} ${l.command?.title}`), ['0 Apply', '0 Diff', '0 Trace scheduling', '19 Apply', '19 Diff', '27 Apply', '27 Diff']);
  });

  it('hovering kind: says who acts on the object and shows its live status', async () => {
    const uri = vscode.Uri.file(path.join(temp, 'app.yaml'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /ReplicaSet/, 'the Deployment controller and what it makes');
    assert.match(text, /Live in the cluster/, 'the live status of web');
  });

  it('deletes what a file defines, dependents first', async () => {
    const uri = vscode.Uri.file(path.join(temp, 'app.yaml'));
    const result = await run('clusterAnatomy.deleteManifest', uri, { confirmed: true });
    assert.ok(result?.deleteReport, result?.message);
    assert.equal(result.deleteReport.results.at(-1)?.entry.ref.kind, 'Namespace', 'the Namespace goes last');
    assert.ok(result.deleteReport.results.every((r) => r.outcome === 'deleted'), result.message);
    await waitFor('the ConfigMap to be gone', async () => (await status(t, `/api/v1/namespaces/${NS}/configmaps/web-config`)) === 404);
    await waitFor('the Deployment to be gone or going', async () => {
      const res = await t.session.current!.connection.transport.get(`/apis/apps/v1/namespaces/${NS}/deployments/web`);
      return res.status === 404 || !!JSON.parse(res.body).metadata?.deletionTimestamp;
    });
  });
});
