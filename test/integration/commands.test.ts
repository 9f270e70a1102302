import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, contributedCommands } from './extension-under-test';

describe('Commands', () => {
  it('contributes at least one command', async () => {
    const extension = await activateExtension();
    assert.ok(contributedCommands(extension).length > 0);
  });

  it('registers every contributed command', async () => {
    const extension = await activateExtension();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributedCommands(extension).filter((c) => !registered.has(c.command)).map((c) => c.command);
    assert.deepEqual(missing, [], `contributed in package.json but not registered: ${missing.join(', ')}`);
  });

  it('shows the output log', async () => {
    await activateExtension();
    await vscode.commands.executeCommand('clusterAnatomy.showLog');
  });
});
