// Integrated terminals get KUBECONFIG for the selected cluster through the extension's
// environment variable collection; the value itself comes from terminal-kubeconfig.ts.

import * as vscode from 'vscode';
import type { ActiveCluster } from './cluster-session.js';
import { removeTerminalSelector, terminalKubeconfig } from './terminal-kubeconfig.js';

export interface TerminalWindow {
  /** Global storage folder (shared by every window). */
  storageDir: string;
  /** This window's id, vscode.env.sessionId. */
  windowId: string;
}

export function applyTerminalEnvironment(collection: vscode.GlobalEnvironmentVariableCollection, active: ActiveCluster | undefined, window: TerminalWindow): void {
  if (!active) {
    collection.delete('KUBECONFIG');
    collection.description = undefined;
    return;
  }
  collection.replace('KUBECONFIG', terminalKubeconfig(active, window.storageDir, window.windowId));
  collection.description = `KUBECONFIG for Cluster Anatomy's context "${active.contextName}"`;
}

/**
 * Starts keeping terminals' KUBECONFIG for this window. Not persisted: after a reload the
 * window has not selected a cluster yet, and its old selector file is gone, so terminals
 * must not claim a context until the window connects again.
 */
export function trackTerminalEnvironment(collection: vscode.GlobalEnvironmentVariableCollection, window: TerminalWindow): vscode.Disposable {
  collection.persistent = false;
  return { dispose: () => removeTerminalSelector(window.storageDir, window.windowId) };
}
