// Composition root: builds the object graph, registers it, and disposes it with the extension.
import * as vscode from 'vscode';
import { createLog } from './vscode/log';

export interface ClusterAnatomyApi {
  /** How long activate() took, in milliseconds (reported by the integration suite). */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): ClusterAnatomyApi {
  const started = performance.now();
  const log = createLog();
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('clusterAnatomy.showLog', () => log.show(true)),
  );
  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
