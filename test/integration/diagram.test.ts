// The architecture diagram inside VS Code: its command opens one webview panel of the
// diagram's view type (a second run brings the same one forward), and a diagram id
// revealed in the tree selects the matching element, as a click in the diagram does.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DIAGRAM_VIEW_TYPE } from '../../src/vscode/diagram/diagram-panel';
import { type ClusterAnatomyApi, activateExtension, waitFor } from './extension-under-test';

type Testing = ClusterAnatomyApi['testing'];

/** The open diagram tabs (VS Code prefixes an extension's view type in the tab input). */
function diagramTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(DIAGRAM_VIEW_TYPE));
}

describe('Architecture diagram', function () {
  this.timeout(120_000);
  let t: Testing;

  before(async () => {
    const extension = await activateExtension();
    t = extension.exports.testing;
    await t.initialized;
    if (t.session.current?.selection.kind !== 'emulator') await vscode.commands.executeCommand('clusterAnatomy.startEmulator');
    await waitFor('the emulator connection', () => t.session.current?.connection.state.phase === 'connected', 60_000);
    await waitFor('the tree to list node whale2', () => t.tree.current?.fromDiagramId('node:whale2'));
  });

  after(async () => {
    await vscode.window.tabGroups.close(diagramTabs());
  });

  it('"Open Architecture Diagram" opens a webview panel of the diagram\'s view type, only once', async () => {
    await vscode.window.tabGroups.close(diagramTabs());
    await vscode.commands.executeCommand('clusterAnatomy.openDiagram');
    const [tab] = await waitFor('a diagram tab', () => (diagramTabs().length ? diagramTabs() : undefined));
    assert.equal(tab.label, 'Cluster Architecture');
    assert.ok(tab.isActive, 'the diagram is the active tab');
    await vscode.commands.executeCommand('clusterAnatomy.openDiagram');
    assert.equal(diagramTabs().length, 1, 'running the command again reuses the panel');
  });

  it('revealing a diagram id selects the element in the Architecture view', async () => {
    assert.equal(await t.tree.revealDiagramElement('pod:kube-system/etcd-whale1', t.treeView), true);
    await waitFor('the pod to be selected', () => t.treeView.selection[0]?.id === 'pod/whale1/kube-system/etcd-whale1');
    assert.equal(await t.tree.revealDiagramElement('kubelet:whale2', t.treeView), true);
    await waitFor('whale2\'s kubelet to be selected', () => t.treeView.selection[0]?.id === 'node/whale2/kubelet');
    assert.equal(await t.tree.revealDiagramElement('node:no-such-node', t.treeView), false);
  });
});
