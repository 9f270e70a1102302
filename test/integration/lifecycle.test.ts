// The bundled emulator's life inside VS Code: what a user applied survives a restart (its state
// lives in the extension's global storage), stopping it ends the child process, and with
// `clusterAnatomy.emulator.autoStart: never` nothing starts by itself: the view shows its welcome
// content, whose button starts the emulator.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type ClusterAnatomyApi, activateOnEmulator, emulatorConnected, extensionId, findExtension, waitFor } from './extension-under-test';
import { kubectl } from './kubectl';

type Testing = ClusterAnatomyApi['testing'];

const CONFIG_MAP = 'lifecycle-it';

/** True once no process has this pid (the stopped child was reaped). */
function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function nodesListed(t: Testing): Promise<void> {
  await waitFor('the tree to list whale1-3', () => {
    const root = t.tree.getChildren()[0];
    const nodes = root && t.tree.getChildren(root).find((e) => t.tree.getTreeItem(e).label === 'Nodes');
    return nodes && t.tree.getChildren(nodes).length === 3;
  }, 60_000);
}

describe('Emulator lifecycle', function () {
  this.timeout(120_000);
  let t: Testing;

  before(async () => {
    ({ t } = await activateOnEmulator());
  });

  after(async () => {
    await vscode.workspace.getConfiguration('clusterAnatomy').update('emulator.autoStart', undefined, vscode.ConfigurationTarget.Global);
    // The suites after this one expect a connected emulator.
    if (t.session.current?.selection.kind !== 'emulator' || !t.emulator.running) await vscode.commands.executeCommand('clusterAnatomy.startEmulator');
    await emulatorConnected(t);
  });

  it('keeps its state in the extension\'s global storage: an object applied survives Restart Bundled Emulator', async () => {
    const kubeconfig = t.session.current!.files[0];
    assert.ok(kubeconfig.split(path.sep).includes(extensionId), `the emulator's kubeconfig ${kubeconfig} is in the extension's global storage`);
    kubectl(kubeconfig, 'delete', 'configmap', CONFIG_MAP, '--ignore-not-found');
    kubectl(kubeconfig, 'create', 'configmap', CONFIG_MAP, '--from-literal=applied=before-restart');
    const before = t.emulator.pid!;
    assert.ok(before, 'the extension runs the emulator as its child');

    await vscode.commands.executeCommand('clusterAnatomy.restartEmulator');
    assert.ok(processGone(before), `the old emulator (pid ${before}) is gone`);
    assert.notEqual(t.emulator.pid, before, 'a new emulator process runs');
    await emulatorConnected(t);
    await nodesListed(t);
    const res = await t.session.current!.connection.transport.get(`/api/v1/namespaces/default/configmaps/${CONFIG_MAP}`);
    assert.equal(res.status, 200, `the ConfigMap after the restart: ${res.body}`);
    assert.deepEqual(JSON.parse(res.body).data, { applied: 'before-restart' });
    // kubectl in a terminal (same kubeconfig, same port) still works too.
    assert.equal(kubectl(kubeconfig, 'get', 'configmap', CONFIG_MAP, '-o', 'jsonpath={.data.applied}'), 'before-restart');
    kubectl(kubeconfig, 'delete', 'configmap', CONFIG_MAP);
  });

  it('Stop Bundled Emulator ends the child process; Start brings the same cluster back', async () => {
    const pid = t.emulator.pid!;
    assert.ok(pid && !processGone(pid), 'the emulator runs before');
    await vscode.commands.executeCommand('clusterAnatomy.stopEmulator');
    assert.equal(t.emulator.running, false);
    await waitFor(`the emulator process ${pid} to be gone`, () => processGone(pid), 10_000);
    await vscode.commands.executeCommand('clusterAnatomy.startEmulator');
    await emulatorConnected(t);
    await nodesListed(t);
  });

  it('restarts the emulator after a crash (kill -9) from its saved state, on the same port', async () => {
    const kubeconfig = t.session.current!.files[0];
    kubectl(kubeconfig, 'delete', 'configmap', 'crash-it', '--ignore-not-found');
    kubectl(kubeconfig, 'create', 'configmap', 'crash-it', '--from-literal=applied=before-crash');
    const pid = t.emulator.pid!;
    const server = t.emulator.endpoint!.server;
    process.kill(pid, 'SIGKILL');
    await waitFor('the extension to restart the emulator', () => t.emulator.endpoint !== undefined && t.emulator.pid !== undefined && t.emulator.pid !== pid, 60_000);
    assert.equal(t.emulator.endpoint!.server, server, 'the same port: the open connection recovers by itself');
    await emulatorConnected(t);
    await nodesListed(t);
    assert.equal(kubectl(kubeconfig, 'get', 'configmap', 'crash-it', '-o', 'jsonpath={.data.applied}'), 'before-crash');
    kubectl(kubeconfig, 'delete', 'configmap', 'crash-it');
  });

  it('autoStart "never" without a kubeconfig: nothing starts, the welcome view offers Start Bundled Emulator, which connects', async () => {
    // The welcome content this state shows, as package.json contributes it.
    const welcome = (findExtension().packageJSON.contributes.viewsWelcome as { view: string; when: string; contents: string }[]).find((w) => w.when === 'clusterAnatomy.noKubeconfig');
    assert.ok(welcome, 'a welcome content for clusterAnatomy.noKubeconfig');
    assert.match(welcome.contents, /\[Start Bundled Emulator\]\(command:clusterAnatomy\.startEmulator\)/);

    await vscode.workspace.getConfiguration('clusterAnatomy').update('emulator.autoStart', 'never', vscode.ConfigurationTarget.Global);
    // As in a new window: no emulator, no connection; the last selection saved is the emulator.
    await vscode.commands.executeCommand('clusterAnatomy.stopEmulator');
    t.session.clear();
    await t.controller.initialize();
    assert.equal(t.session.current, undefined, 'no cluster was selected');
    assert.equal(t.emulator.running, false, 'the emulator was not started');
    assert.equal(t.controller.noKubeconfig, true, 'the welcome view for "no kubeconfig" shows');
    assert.deepEqual(t.tree.getChildren(), [], 'the tree is empty, so VS Code shows the welcome content');
    assert.equal(t.terminalKubeconfig(), undefined, 'terminals get no KUBECONFIG');

    // The welcome button.
    await vscode.commands.executeCommand('clusterAnatomy.startEmulator');
    await emulatorConnected(t);
    await nodesListed(t);
    assert.equal(t.terminalKubeconfig(), t.session.current!.files[0]);
  });
});
