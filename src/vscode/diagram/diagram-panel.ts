// The WebviewPanel host of the architecture diagram: serves the bundle under a strict CSP,
// waits for the webview's `ready`, sends a snapshot then deltas of the current cluster,
// answers hovers from the anatomy's tooltip source, and validates every inbound message.

import * as vscode from 'vscode';
import type { ChangeSet, ClusterModel } from '../../cluster/model.js';
import type { Event } from '../../cluster/emitter.js';
import { DiagramProjector } from '../../anatomy/diagram-snapshot.js';
import { diagramTooltip } from '../../anatomy/diagram-tooltip.js';
import type { HealthContext } from '../../anatomy/health.js';
import type { HostMessage, WebviewMessage } from '../../../webview/protocol/diagram-messages.js';
import { snapshotMessages } from '../../../webview/protocol/diagram-slices.js';
import { validateWebviewMessage } from '../../../webview/protocol/diagram-validate.js';
import { Disposable } from '../disposable.js';
import { diagramHtml, makeNonce } from './diagram-html.js';

export interface DiagramCluster {
  model: ClusterModel;
  clusterName: string;
  /** Fresh at each call: health ages use the caller's Clock. */
  healthContext(): HealthContext;
}

/** What the panel needs from the extension; the sidebar's session provides it. */
export interface DiagramSource {
  current(): DiagramCluster | undefined;
  onDidChangeModel: Event<ChangeSet>;
  /** A context switch or reconnect: the panel sends a new snapshot. */
  onDidChangeCluster: Event<unknown>;
  /** Reveal a diagram element id (`node:whale2`, `pod:ns/name`, `kubelet:whale2`, `cp:etcd`) in the tree. */
  reveal(id: string): void | Thenable<void>;
  openPodYaml(namespace: string, name: string): void | Thenable<void>;
  log(message: string): void;
}

export const DIAGRAM_VIEW_TYPE = 'clusterAnatomy.architectureDiagram';

export function diagramWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class DiagramPanel extends Disposable {
  private static current: DiagramPanel | undefined;
  /** Kept so a diagram opened (or shown again) while something is lit shows it too. */
  private static highlighted: { ids: string[]; reason?: string } = { ids: [] };
  private ready = false;
  private projector?: DiagramProjector;
  /** The last snapshot was taken before Nodes and Pods were listed: the next one replaces it. */
  private projectedBeforeSync = false;

  /** Opens the diagram, or brings the open one to the front. */
  static show(extensionUri: vscode.Uri, source: DiagramSource): DiagramPanel {
    if (DiagramPanel.current) {
      DiagramPanel.current.panel.reveal();
      return DiagramPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(DIAGRAM_VIEW_TYPE, 'Cluster Architecture', vscode.ViewColumn.Active, {
      ...diagramWebviewOptions(extensionUri),
      retainContextWhenHidden: false,
    });
    return (DiagramPanel.current = new DiagramPanel(panel, extensionUri, source));
  }

  /** Adopts a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, source: DiagramSource): DiagramPanel {
    DiagramPanel.current?.dispose();
    return (DiagramPanel.current = new DiagramPanel(panel, extensionUri, source));
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly source: DiagramSource,
  ) {
    super();
    const webview = panel.webview;
    webview.options = diagramWebviewOptions(extensionUri);
    webview.html = diagramHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview-diagram.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'diagram.css')).toString(),
    });
    this._register(webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this._register(source.onDidChangeModel((changes) => this.sendDelta(changes)));
    this._register(source.onDidChangeCluster(() => this.sendSnapshot()));
    this._register(panel.onDidDispose(() => this.dispose()));
    // A hidden webview is torn down (no retainContextWhenHidden); it says `ready` again when shown.
    this._register(panel.onDidChangeViewState(() => {
      if (!panel.visible) this.ready = false;
    }));
  }

  /** Outlines elements (e.g. the pods of a manifest just applied); an empty list clears. */
  static highlight(ids: string[], reason?: string): void {
    DiagramPanel.highlighted = { ids: [...ids], reason };
    if (DiagramPanel.current?.ready) DiagramPanel.current.post({ type: 'highlight', ...DiagramPanel.highlighted });
  }

  override dispose(): void {
    if (DiagramPanel.current === this) DiagramPanel.current = undefined;
    super.dispose();
    this.panel.dispose();
  }

  private post(m: HostMessage): void {
    void this.panel.webview.postMessage(m);
  }

  private sendSnapshot(): void {
    if (!this.ready) return;
    const c = this.source.current();
    if (!c) {
      this.projector = undefined;
      this.post({ type: 'snapshot', snapshot: { clusterName: '(not connected)', components: [], nodes: [], pods: [], edges: [], stale: false } });
      return;
    }
    this.projector = new DiagramProjector(c.model);
    this.projectedBeforeSync = !(c.model.hasSynced('Node') && c.model.hasSynced('Pod'));
    for (const m of snapshotMessages(this.projector.snapshot(c.healthContext(), c.clusterName))) this.post(m);
    if (DiagramPanel.highlighted.ids.length) this.post({ type: 'highlight', ...DiagramPanel.highlighted });
  }

  private sendDelta(changes: ChangeSet): void {
    if (!this.ready || !this.projector) return;
    const c = this.source.current();
    if (!c) return;
    // Until Nodes and Pods are listed, snapshots: as deltas the first listing would read as
    // activity and light a path for every pod listed.
    if (this.projectedBeforeSync) {
      this.sendSnapshot();
      return;
    }
    const delta = this.projector.delta(changes, c.healthContext());
    if (delta) this.post({ type: 'delta', delta });
  }

  private receive(raw: unknown): void {
    const v = validateWebviewMessage(raw);
    if (!v.ok) {
      this.source.log(`diagram: dropped a message from the webview: ${v.reason}`);
      return;
    }
    void this.handle(v.message).catch((e: unknown) => this.source.log(`diagram: ${v.message.type} failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  private async handle(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.sendSnapshot();
        return;
      case 'reveal':
        await this.source.reveal(m.id);
        return;
      case 'openPodYaml': {
        const key = m.id.slice('pod:'.length);
        const slash = key.indexOf('/');
        if (slash > 0) await this.source.openPodYaml(key.slice(0, slash), key.slice(slash + 1));
        return;
      }
      case 'hover': {
        const c = this.source.current();
        this.post({ type: 'tooltip', requestId: m.requestId, id: m.id, content: c ? diagramTooltip(m.id, c.healthContext()) : null });
        return;
      }
      case 'exportSvg':
        await this.save('svg', new TextEncoder().encode(m.svg));
        return;
      case 'exportPng':
        await this.save('png', Buffer.from(m.dataUrl.slice(m.dataUrl.indexOf(',') + 1), 'base64'));
        return;
    }
  }

  private async save(format: 'svg' | 'png', bytes: Uint8Array): Promise<void> {
    const name = `${this.source.current()?.clusterName ?? 'cluster'}-architecture.${format}`.replace(/[^\w.-]/g, '_');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
    });
    if (!target) {
      this.post({ type: 'exported', format });
      return;
    }
    await vscode.workspace.fs.writeFile(target, bytes);
    this.post({ type: 'exported', format, path: target.fsPath });
  }
}

/** Restores the diagram after a window reload (register with registerWebviewPanelSerializer). */
export class DiagramSerializer implements vscode.WebviewPanelSerializer {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly source: DiagramSource,
  ) {}

  /** The saved view state is the webview's own (it reads it with getState): the host only reconnects it. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, _state?: unknown): Promise<void> {
    DiagramPanel.revive(panel, this.extensionUri, this.source);
  }
}
