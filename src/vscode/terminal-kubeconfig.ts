// The KUBECONFIG value integrated terminals get, so `kubectl` there talks to what the sidebar
// shows. For a context of the user's files, a one-line kubeconfig naming the context goes first
// (kubectl takes the first current-context it finds). That file is per window: two windows on
// different contexts share the global storage folder, and one file would make each window's
// terminals follow whichever window selected last. No `vscode` here, so it is unit-tested.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ActiveCluster } from './cluster-session.js';

export type TerminalSelection = Pick<ActiveCluster, 'selection' | 'contextName' | 'files'>;

/** The window's context-selector file; `windowId` is vscode.env.sessionId. */
export function terminalSelectorFile(storageDir: string, windowId: string): string {
  const safe = windowId.replace(/[^A-Za-z0-9._-]/g, '_') || 'window';
  return path.join(storageDir, 'terminals', `${safe}.kubeconfig`);
}

/** Writes the window's selector when needed and returns the KUBECONFIG value for `active`. */
export function terminalKubeconfig(active: TerminalSelection, storageDir: string, windowId: string): string {
  // The emulator's own kubeconfig names its only context: nothing to select.
  if (active.selection.kind === 'emulator') return active.files[0];
  const selector = terminalSelectorFile(storageDir, windowId);
  fs.mkdirSync(path.dirname(selector), { recursive: true });
  fs.writeFileSync(selector, `apiVersion: v1\nkind: Config\ncurrent-context: ${JSON.stringify(active.contextName)}\n`, { mode: 0o600 });
  return [selector, ...active.files].join(path.delimiter);
}

/** Removes the window's selector when the window goes away. */
export function removeTerminalSelector(storageDir: string, windowId: string): void {
  fs.rmSync(terminalSelectorFile(storageDir, windowId), { force: true });
}
