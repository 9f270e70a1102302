import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, findExtension, waitFor } from './extension-under-test';
import { note } from './notes';

// Activation sits on the path of opening the view; the design budget is 50 ms (ARCHITECTURE.md),
// the bound here is loose enough for a noisy shared machine but catches a heavy import.
const activationBoundMs = 500;

const MANIFEST = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n';

describe('Activation', () => {
  it('is activated only by YAML files, its view, its commands and its restored webviews (no `*`)', () => {
    // View and commands activate implicitly from contributes; the rest must be exactly these.
    assert.deepEqual(findExtension().packageJSON.activationEvents, ['onLanguage:yaml', 'onWebviewPanel:clusterAnatomy.architectureDiagram', 'onWebviewPanel:clusterAnatomy.schedulingTrace']);
    // This file runs first (files run in name order): no YAML/JSON is open and nothing has opened the view.
    const opened = vscode.workspace.textDocuments.filter((d) => d.languageId === 'yaml' || d.languageId === 'json').map((d) => d.uri.toString());
    assert.deepEqual(opened, [], 'no YAML/JSON document is open yet');
    assert.equal(findExtension().isActive, false);
  });

  it('activates when a YAML manifest opens and shows its CodeLens, without connecting to a cluster', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: MANIFEST });
    await vscode.window.showTextDocument(document);
    const extension = await waitFor('activation by the YAML file', () => findExtension().isActive && findExtension());
    const lenses = await waitFor('CodeLens on the manifest', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      return found?.length ? found : undefined;
    });
    assert.deepEqual(lenses.map((l) => l.command?.title).sort(), ['Apply', 'Diff', 'Trace scheduling']);
    const t = extension.exports.testing;
    assert.equal(t.treeView.visible, false, 'the Architecture view is not showing');
    assert.equal(t.session.current, undefined, 'no cluster was selected on activation');
    assert.equal(t.emulator.running, false, 'the bundled emulator was not started on activation');
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
    // activate() ran when the YAML file opened; this measures what is left (nothing) from outside.
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
