import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from './extension-under-test';

describe('Views', () => {
  before(async () => {
    await activateExtension();
  });

  it('opens the Cluster Anatomy container in the activity bar', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.clusterAnatomy');
  });

  it('focuses the Architecture view', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('clusterAnatomy.architecture.focus'), 'the Architecture view contributes no focus command');
    await vscode.commands.executeCommand('clusterAnatomy.architecture.focus');
  });
});
