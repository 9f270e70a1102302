import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, findExtension, waitFor } from './extension-under-test';
import { note } from './notes';

// Activation sits on the path of opening the view; the design budget is 50 ms (ARCHITECTURE.md),
// the bound here is loose enough for a noisy shared machine but catches a heavy import.
const activationBoundMs = 500;

const MANIFEST = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n';
const JSON_MANIFEST = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'json' } }, null, 2);

describe('Activation', () => {
  it('is activated only by YAML and JSON files, its view, its commands and its restored webviews (no `*`)', () => {
    // View and commands activate implicitly from contributes; the rest must be exactly these.
    assert.deepEqual(findExtension().packageJSON.activationEvents, ['onLanguage:yaml', 'onLanguage:json', 'onWebviewPanel:clusterAnatomy.architectureDiagram', 'onWebviewPanel:clusterAnatomy.schedulingTrace']);
    // This file runs first (files run in name order): no YAML/JSON is open and nothing has opened the view.
    const opened = vscode.workspace.textDocuments.filter((d) => d.languageId === 'yaml' || d.languageId === 'json').map((d) => d.uri.toString());
    assert.deepEqual(opened, [], 'no YAML/JSON document is open yet');
    assert.equal(findExtension().isActive, false);
  });

  it('activates when a JSON manifest opens and shows its CodeLens, without connecting to a cluster', async () => {
    // A file on disk: JSON manifests get CodeLens as files (the provider's selector), like `kubectl apply -f x.json`.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-anatomy-activation-'));
    try {
      const file = path.join(dir, 'configmap.json');
      fs.writeFileSync(file, JSON_MANIFEST);
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      assert.equal(document.languageId, 'json');
      await vscode.window.showTextDocument(document);
      const extension = await waitFor('activation by the JSON file', () => findExtension().isActive && findExtension());
      const lenses = await waitFor('CodeLens on the JSON manifest', async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
        return found?.some((l) => l.command?.command.startsWith('clusterAnatomy.')) ? found : undefined;
      });
      assert.deepEqual(lenses.filter((l) => l.command?.command.startsWith('clusterAnatomy.')).map((l) => l.command?.title).sort(), ['Apply', 'Diff']);
      const t = extension.exports.testing;
      assert.equal(t.treeView.visible, false, 'the Architecture view is not showing');
      assert.equal(t.session.current, undefined, 'no cluster was selected on activation');
      assert.equal(t.emulator.running, false, 'the bundled emulator was not started on activation');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a YAML manifest gets its CodeLens too', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: MANIFEST });
    await vscode.window.showTextDocument(document);
    const lenses = await waitFor('CodeLens on the manifest', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      return found?.length ? found : undefined;
    });
    assert.deepEqual(lenses.map((l) => l.command?.title).sort(), ['Apply', 'Diff', 'Trace scheduling']);
    const t = findExtension().exports.testing;
    assert.equal(t.session.current, undefined, 'still no cluster selected');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('makes the first connection once the Architecture view shows', async () => {
    const t = findExtension().exports.testing;
    await vscode.commands.executeCommand('clusterAnatomy.architecture.focus');
    // Without a kubeconfig (as in this suite) the first connection is the bundled emulator.
    await waitFor('a cluster selected after the view showed', () => t.session.current, 60_000);
  });

  it('activates without errors and exports its activation time', async () => {
    const started = performance.now();
    const extension = await activateExtension();
    // activate() ran when the JSON file opened; this measures what is left (nothing) from outside.
    const loadAndActivateMs = performance.now() - started;
    assert.equal(extension.isActive, true);
    const { activationMs } = extension.exports;
    assert.equal(typeof activationMs, 'number');
    note('activationMs', Number(activationMs.toFixed(2)));
    note('loadAndActivateMs', Number(loadAndActivateMs.toFixed(1)));
    console.log(`Cluster Anatomy activated in ${activationMs.toFixed(1)} ms (${loadAndActivateMs.toFixed(1)} ms with loading)`);
    assert.ok(activationMs < activationBoundMs, `activate() took ${activationMs.toFixed(1)} ms (bound ${activationBoundMs} ms)`);
  });
});
