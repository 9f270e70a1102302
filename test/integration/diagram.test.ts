// The architecture diagram inside VS Code: its command opens one webview panel of the
// diagram's view type (a second run brings the same one forward), a diagram id revealed in
// the tree selects the matching element, as a click in the diagram does, and a panel restored
// after a reload shows the cluster again.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DIAGRAM_VIEW_TYPE, DiagramSerializer } from '../../src/vscode/diagram/diagram-panel';
import { diagramSourceFor } from '../../src/vscode/diagram/diagram-source';
import type { DiagramSnapshot, HostMessage } from '../../webview/protocol/diagram-messages';
import { type ClusterAnatomyApi, activateOnEmulator, waitFor } from './extension-under-test';

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
  let extensionUri: vscode.Uri;

  before(async () => {
    const started = await activateOnEmulator();
    extensionUri = started.extension.extensionUri;
    t = started.t;
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

  it('a diagram restored after a reload (through its serializer) loads, says ready and is sent the cluster again', async () => {
    await vscode.window.tabGroups.close(diagramTabs());
    // What VS Code hands the serializer on a reload: a bare panel of the view type and the state the webview saved.
    const restored = vscode.window.createWebviewPanel(DIAGRAM_VIEW_TYPE, 'Cluster Architecture', vscode.ViewColumn.Active, {});
    const saved = { zoom: 0.8, panX: 10, panY: 20, namespace: 'kube-system', showSystemPods: true };
    // Record what the host posts to the restored webview, and what the webview says.
    const posted: HostMessage[] = [];
    const webview = restored.webview;
    const post = webview.postMessage.bind(webview);
    webview.postMessage = (m: HostMessage) => {
      posted.push(m);
      return post(m);
    };
    const received: unknown[] = [];
    const listening = webview.onDidReceiveMessage((m: unknown) => received.push(m));
    try {
      // The extension registers the same class with the same source (extension.ts).
      const serializer = new DiagramSerializer(extensionUri, diagramSourceFor(t.session, t.tree, t.treeView, () => undefined));
      await serializer.deserializeWebviewPanel(restored, saved);
      assert.ok(webview.options.enableScripts, 'scripts are enabled again');
      assert.match(webview.html, /Content-Security-Policy/);
      await waitFor('the restored webview to say ready', () => received.some((m) => (m as { type?: string }).type === 'ready'), 60_000);
      const whole: DiagramSnapshot = await waitFor('a snapshot of the cluster', () =>
        posted.find((m): m is Extract<HostMessage, { type: 'snapshot' }> => m.type === 'snapshot' && m.snapshot.nodes.length > 0)?.snapshot,
      );
      assert.equal(whole.clusterName, t.session.current!.contextName);
      assert.deepEqual(whole.nodes.map((n) => n.name).sort(), ['whale1', 'whale2', 'whale3']);
      assert.ok(whole.components.some((c) => c.id === 'cp:kube-apiserver'), 'the control plane is drawn');
      assert.ok(whole.pods.some((p) => p.namespace === 'kube-system'), 'with its pods');
      const [tab] = await waitFor('the restored diagram tab', () => (diagramTabs().length ? diagramTabs() : undefined));
      assert.equal(tab.label, 'Cluster Architecture');

      // And it is live again: a pod created now arrives as a delta.
      const api = (await t.manifests.service.connect())!.api;
      const ref = { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespace: 'default', name: 'restored-diagram-probe' };
      await api.apply(ref, { apiVersion: 'v1', kind: 'Pod', metadata: { name: ref.name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } }, { dryRun: false, force: true, fieldManager: 'cluster-anatomy-tests', fieldValidation: 'Strict' });
      try {
        await waitFor('a delta with the new pod', () => posted.some((m) => m.type === 'delta' && m.delta.podsUpserted.some((p) => p.id === 'pod:default/restored-diagram-probe')));
      } finally {
        await api.delete(ref, { propagationPolicy: 'Background' }).catch(() => undefined);
      }
    } finally {
      listening.dispose();
      restored.dispose();
    }
  });
});
