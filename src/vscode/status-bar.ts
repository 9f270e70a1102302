// The status-bar item: `$(server-environment) <context>` plus the connection's health,
// clicking it opens the context picker.

import * as vscode from 'vscode';
import type { ConnectionState } from '../cluster/index.js';
import type { ClusterSession } from './cluster-session.js';
import { Disposable } from './disposable.js';

export const SELECT_CONTEXT_COMMAND = 'clusterAnatomy.selectContext';

export function statusText(contextName: string | undefined, state: ConnectionState | undefined): string {
  if (!contextName || !state) return '$(server-environment) No cluster';
  const icon = state.phase === 'connected' ? (state.forbidden.length ? '$(lock)' : '$(pass)') : state.phase === 'error' ? '$(error)' : '$(sync~spin)';
  return `$(server-environment) ${contextName} ${icon}`;
}

export class ClusterStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('clusterAnatomy.context', vscode.StatusBarAlignment.Left, 50));

  constructor(private readonly session: ClusterSession) {
    super();
    this.item.name = 'Cluster Anatomy: Context';
    this.item.command = SELECT_CONTEXT_COMMAND;
    this._register(session.onDidChangeActive(() => this.update()));
    this._register(session.onDidChangeState(() => this.update()));
    this.update();
    this.item.show();
  }

  /** The text shown now (tests). */
  get text(): string {
    return this.item.text;
  }

  update(message?: string): void {
    const active = this.session.current;
    const state = active?.connection.state;
    this.item.text = message ?? statusText(active?.contextName, state);
    const phase = state?.phase;
    this.item.backgroundColor = phase === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : phase === 'reconnecting' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const lines = [active ? `Cluster Anatomy: context "${active.contextName}" — ${phase}` : 'Cluster Anatomy: no cluster selected'];
    if (state?.reason) lines.push(state.reason);
    for (const f of state?.forbidden ?? []) lines.push(`Not allowed: ${f.message}${f.shownNamespaces?.length ? ` (showing pods of ${f.shownNamespaces.join(', ')} only)` : ''}`);
    lines.push('Click to select a context');
    this.item.tooltip = lines.join('\n');
  }
}
