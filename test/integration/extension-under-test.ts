// Finds and activates the extension under test.
import * as vscode from 'vscode';

export const extensionId = 'cluster-anatomy.cluster-anatomy';

export interface ClusterAnatomyApi {
  readonly activationMs: number;
}

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
