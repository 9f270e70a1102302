// Integrated terminals get KUBECONFIG for the selected cluster, so `kubectl` there talks
// to what the sidebar shows. For a context of the user's files, a one-line kubeconfig
// naming the context goes first: kubectl takes the first current-context it finds.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ActiveCluster } from './cluster-session.js';

/** The KUBECONFIG value for a selection (exported for tests). */
export function terminalKubeconfig(active: ActiveCluster, storageDir: string): string {
  if (active.selection.kind === 'emulator') return active.files[0];
  const selector = path.join(storageDir, 'terminal-context.kubeconfig');
  fs.mkdirSync(storageDir, { recursive: true });
  fs.writeFileSync(selector, `apiVersion: v1\nkind: Config\ncurrent-context: ${JSON.stringify(active.contextName)}\n`, { mode: 0o600 });
  return [selector, ...active.files].join(path.delimiter);
}

export function applyTerminalEnvironment(collection: vscode.GlobalEnvironmentVariableCollection, active: ActiveCluster | undefined, storageDir: string): void {
  if (!active) {
    collection.delete('KUBECONFIG');
    collection.description = undefined;
    return;
  }
  collection.replace('KUBECONFIG', terminalKubeconfig(active, storageDir));
  collection.description = `KUBECONFIG for Cluster Anatomy's context "${active.contextName}"`;
}
