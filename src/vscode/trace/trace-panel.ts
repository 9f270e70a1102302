// The WebviewPanel host of one trace: serves the bundle under a strict CSP, waits for the
// webview's `ready`, sends the feed's whole state on each change, answers attempt/placement
// picks, and validates every inbound message (invalid ones are logged and dropped). One
// panel per subject: opening the same pod again brings its panel forward.

import * as vscode from 'vscode';
import type { DecisionTable, TraceHostMessage, TraceState, TraceSubject, TraceWebviewMessage } from '../../../webview/protocol/trace-messages.js';
import { validateTraceWebviewMessage } from '../../../webview/protocol/trace-validate.js';
import { Disposable } from '../disposable.js';
import type { TraceFeed } from './trace-feed.js';
import { makeNonce, traceHtml } from './trace-html.js';

export const TRACE_VIEW_TYPE = 'clusterAnatomy.schedulingTrace';

/** What the panel asks of the rest of the extension. */
export interface TracePanelHost {
  log(message: string): void;
  /** Reveal a node in the Architecture tree. */
  revealNode(node: string): void | Thenable<void>;
  /** Reveal a pod in the Architecture tree. */
  revealPod(namespace: string, name: string): void | Thenable<void>;
}

export interface TracePanelOptions {
  key: string;
  title: string;
  extensionUri: vscode.Uri;
  host: TracePanelHost;
  feed: TraceFeed;
  /** The subject before the feed's first state (shown by a restored panel too). */
  subject: TraceSubject;
}

export function traceWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

function traceIcon(extensionUri: vscode.Uri): { light: vscode.Uri; dark: vscode.Uri } {
  return { light: vscode.Uri.joinPath(extensionUri, 'media', 'trace-light.svg'), dark: vscode.Uri.joinPath(extensionUri, 'media', 'trace-dark.svg') };
}

export class TracePanel extends Disposable {
  private static readonly open = new Map<string, TracePanel>();
  private ready = false;
  private feed: TraceFeed;
  private feedSubscription?: { dispose(): void };
  /** The attempt or what-if pod the user picked, re-sent when a hidden webview comes back. */
  private selected?: { decision: DecisionTable | null; attempt?: number; placementIndex?: number };

  /** Opens the trace of a subject, or brings its open panel to the front (the new feed is dropped). */
  static show(options: Omit<TracePanelOptions, 'feed'>, feed: () => TraceFeed): TracePanel {
    const existing = TracePanel.open.get(options.key);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    // The feed first: if it cannot be built, no empty panel is left behind.
    const data = feed();
    const panel = vscode.window.createWebviewPanel(TRACE_VIEW_TYPE, options.title, vscode.ViewColumn.Active, {
      ...traceWebviewOptions(options.extensionUri),
      retainContextWhenHidden: false,
    });
    return new TracePanel(panel, { ...options, feed: data });
  }

  /** Adopts a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, options: TracePanelOptions): TracePanel {
    TracePanel.open.get(options.key)?.dispose();
    return new TracePanel(panel, options);
  }

  /** The open trace panels (tests, and a context switch that may want to refresh them). */
  static all(): TracePanel[] {
    return [...TracePanel.open.values()];
  }

  static find(key: string): TracePanel | undefined {
    return TracePanel.open.get(key);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly options: TracePanelOptions,
  ) {
    super();
    this.feed = options.feed;
    TracePanel.open.set(options.key, this);
    const webview = panel.webview;
    panel.title = options.title;
    panel.iconPath = traceIcon(options.extensionUri);
    webview.options = traceWebviewOptions(options.extensionUri);
    webview.html = traceHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(options.extensionUri, 'dist', 'webview-trace.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(options.extensionUri, 'media', 'trace.css')).toString(),
      title: options.title,
    });
    this._register({ dispose: () => this.dropFeed() });
    this._register(webview.onDidReceiveMessage((raw: unknown) => void this.handleMessage(raw)));
    this._register(panel.onDidDispose(() => this.dispose()));
    // A hidden webview is torn down (no retainContextWhenHidden); it says `ready` again when shown.
    this._register(panel.onDidChangeViewState(() => {
      if (!panel.visible) this.ready = false;
    }));
    this.setFeed(options.feed);
  }

  /** Follows another feed (a restored panel once the cluster is connected); the old one is disposed. */
  setFeed(feed: TraceFeed): void {
    if (this.isDisposed) {
      feed.dispose();
      return;
    }
    this.feedSubscription?.dispose();
    if (this.feed !== feed) this.feed.dispose();
    this.feed = feed;
    this.selected = undefined;
    this.feedSubscription = feed.onDidChange((state) => this.sendState(state));
    feed.start();
    if (this.ready) this.post({ type: 'state', state: feed.state ?? placeholderState(this.options.subject) });
  }

  private dropFeed(): void {
    this.feedSubscription?.dispose();
    this.feedSubscription = undefined;
    this.feed.dispose();
  }

  get key(): string {
    return this.options.key;
  }

  get subject(): TraceSubject {
    return this.feed.state?.subject ?? this.options.subject;
  }

  /** The state last sent (or about to be sent) to the webview. */
  get state(): TraceState | undefined {
    return this.feed.state;
  }

  /** The webview has said `ready` and receives states. */
  get isReady(): boolean {
    return this.ready;
  }

  /** Fetches or simulates again (a manifest traced again after an edit). */
  refresh(): void {
    this.selected = undefined;
    this.feed.refresh();
  }

  override dispose(): void {
    if (TracePanel.open.get(this.options.key) === this) TracePanel.open.delete(this.options.key);
    super.dispose();
    this.panel.dispose();
  }

  private post(m: TraceHostMessage): void {
    void this.panel.webview.postMessage(m);
  }

  private sendState(state: TraceState): void {
    if (!this.ready) return;
    this.post({ type: 'state', state });
    // A new state shows the latest attempt; a pick the user made stays on screen.
    if (this.selected) this.post({ type: 'decision', ...this.selected });
  }

  /**
   * Every message from the webview goes through here: validated first, anything invalid is
   * logged and dropped; a failing action is logged, never thrown back into the webview.
   */
  async handleMessage(raw: unknown): Promise<void> {
    const v = validateTraceWebviewMessage(raw);
    if (!v.ok) {
      this.options.host.log(`trace: dropped a message from the webview: ${v.reason}`);
      return;
    }
    try {
      await this.handle(v.message);
    } catch (e) {
      this.options.host.log(`trace: ${v.message.type} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async handle(m: TraceWebviewMessage): Promise<void> {
    const feed = this.feed;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (feed.state) this.sendState(feed.state);
        else this.post({ type: 'state', state: placeholderState(this.options.subject) });
        return;
      case 'selectAttempt': {
        const decision = await feed.selectAttempt(m.attempt);
        this.selected = { decision, attempt: m.attempt };
        this.post({ type: 'decision', ...this.selected });
        return;
      }
      case 'selectPlacement': {
        const decision = await feed.selectPlacement(m.index);
        this.selected = { decision, placementIndex: m.index };
        this.post({ type: 'decision', ...this.selected });
        return;
      }
      case 'revealNode':
        await this.options.host.revealNode(m.node);
        return;
      case 'revealPod': {
        const s = this.subject;
        if (s.kind === 'pod' && s.namespace && s.podName) await this.options.host.revealPod(s.namespace, s.podName);
        return;
      }
      case 'refresh':
        this.refresh();
        return;
    }
  }
}

/** What the view shows while the first state is being fetched. */
export function placeholderState(subject: TraceSubject): TraceState {
  return { subject, journey: [], attempts: [], live: false, notes: ['Loading…'] };
}
