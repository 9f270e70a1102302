// Finds and activates the extension under test.
import * as vscode from 'vscode';
import type { ClusterAnatomyApi } from '../../src/extension';

export type { ClusterAnatomyApi };

export const extensionId = 'cluster-anatomy.cluster-anatomy';

export function findExtension(): vscode.Extension<ClusterAnatomyApi> {
  const extension = vscode.extensions.getExtension<ClusterAnatomyApi>(extensionId);
  if (!extension) throw new Error(`extension ${extensionId} is not loaded in this host`);
  return extension;
}

export async function activateExtension(): Promise<vscode.Extension<ClusterAnatomyApi>> {
  const extension = findExtension();
  await extension.activate();
  return extension;
}

interface ContributedCommand {
  readonly command: string;
  readonly title: string;
}

export function contributedCommands(extension: vscode.Extension<unknown>): ContributedCommand[] {
  const manifest = extension.packageJSON as { contributes?: { commands?: ContributedCommand[] } };
  return manifest.contributes?.commands ?? [];
}

/** Activates the extension and connects it to the bundled emulator (started when not selected). */
export async function activateOnEmulator(): Promise<{ extension: vscode.Extension<ClusterAnatomyApi>; t: ClusterAnatomyApi['testing'] }> {
  const extension = await activateExtension();
  const t = extension.exports.testing;
  await t.initialized;
  if (t.session.current?.selection.kind !== 'emulator') await vscode.commands.executeCommand('clusterAnatomy.startEmulator');
  await emulatorConnected(t);
  return { extension, t };
}

/** Waits until the session is connected to the bundled emulator. */
export async function emulatorConnected(t: ClusterAnatomyApi['testing'], timeoutMs = 60_000): Promise<void> {
  await waitFor('the emulator connection', () => t.session.current?.selection.kind === 'emulator' && t.session.current.connection.state.phase === 'connected', timeoutMs);
}

/** Waits until `check` returns a value (not undefined/false), polling; fails with `what` at the deadline. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
