// The diagram's view of the extension: the connection the sidebar shows, with the same
// health context (distribution, API server probes, clock) so both colour things alike.

import * as vscode from 'vscode';
import type { ArchitectureElement } from '../architecture-elements.js';
import { healthContext } from '../architecture-labels.js';
import type { ArchitectureTreeProvider } from '../architecture-tree.js';
import type { ClusterSession } from '../cluster-session.js';
import type { DiagramSource } from './diagram-panel.js';

export function diagramSourceFor(
  session: ClusterSession,
  tree: ArchitectureTreeProvider,
  treeView: vscode.TreeView<ArchitectureElement>,
  log: (message: string) => void,
): DiagramSource {
  return {
    current() {
      // The tree resets its elements on the same event, before the panel hears it.
      const elements = tree.current;
      if (!elements) return undefined;
      return { model: elements.source.model, clusterName: elements.source.contextName, healthContext: () => healthContext(elements) };
    },
    onDidChangeModel: session.onDidChangeModel,
    onDidChangeCluster: session.onDidChangeActive,
    async reveal(id) {
      if (!(await tree.revealDiagramElement(id, treeView))) log(`diagram: ${id} is not in the Architecture view`);
    },
    async openPodYaml(namespace, name) {
      const pod: ArchitectureElement = { kind: 'pod', id: `diagram/${namespace}/${name}`, podKey: `${namespace}/${name}` };
      await vscode.commands.executeCommand('clusterAnatomy.showPodYaml', pod);
    },
    log,
  };
}
