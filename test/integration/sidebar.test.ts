// The sidebar against the bundled emulator, inside VS Code: the extension starts the emulator
// through its command, the tree lists what the cluster really has (asked of the API directly),
// hovers give role and health, switching context replaces the connection, and the tree
// recovers by itself after the emulator is stopped and started again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ArchitectureElement } from '../../src/vscode/architecture-elements';
import { type ClusterAnatomyApi, activateExtension, waitFor } from './extension-under-test';
import { kubectl } from './kubectl';
import { note } from './notes';

type Testing = ClusterAnatomyApi['testing'];

function label(t: Testing, e: ArchitectureElement): string {
  const l = t.tree.getTreeItem(e).label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

function description(t: Testing, e: ArchitectureElement): string {
  const d = t.tree.getTreeItem(e).description;
  return typeof d === 'string' ? d : '';
}

function child(t: Testing, parent: ArchitectureElement | undefined, name: string): ArchitectureElement {
  const found = t.tree.getChildren(parent).find((e) => label(t, e) === name);
  if (!found) throw new Error(`no "${name}" under ${parent ? label(t, parent) : 'the root'}: ${t.tree.getChildren(parent).map((e) => label(t, e)).join(', ')}`);
  return found;
}

async function apiList(t: Testing, path: string): Promise<any[]> {
  const res = await t.session.current!.connection.transport.get(path);
  assert.equal(res.status, 200, `GET ${path}: ${res.body}`);
  return JSON.parse(res.body).items;
}

async function tooltipOf(t: Testing, e: ArchitectureElement): Promise<string> {
  const item = t.tree.getTreeItem(e);
  const resolved = await t.tree.resolveTreeItem(item, e, new vscode.CancellationTokenSource().token);
  const tip = resolved.tooltip;
  assert.ok(tip instanceof vscode.MarkdownString, 'the tooltip is Markdown');
  return tip.value;
}

/** Hover Markdown as a reader sees it: without the escapes that keep cluster text inert. */
function plain(markdown: string): string {
  return markdown.replace(/\\(.)/g, '$1');
}

/** Fault injection through the emulator's API, as a user would do it from a terminal. */
function setComponentRunning(kubeconfig: string, name: string, running: boolean): void {
  kubectl(kubeconfig, 'patch', 'ecomp', name, '--type', 'merge', '-p', JSON.stringify({ spec: { running } }));
}

/** Waits until the control-plane component's hover (resolved afresh each time) shows `state`. */
async function waitForHover(t: Testing, component: string, state: 'healthy' | 'unhealthy', timeoutMs = 30_000): Promise<string> {
  return waitFor(
    `the ${component} hover to say ${state}`,
    async () => {
      const md = await tooltipOf(t, child(t, child(t, t.tree.getChildren()[0], 'Control Plane'), component));
      return md.includes(`**${state}**`) ? plain(md) : undefined;
    },
    timeoutMs,
  );
}

interface WarningAsked {
  message: string;
  options: unknown;
  items: unknown[];
}

/** Runs `run` while VS Code's warning dialogs answer `answer` at once (as a user clicking it), and records what was asked. */
async function answeringWarnings(answer: string | undefined, run: () => Thenable<unknown>): Promise<WarningAsked[]> {
  const asked: WarningAsked[] = [];
  const original = vscode.window.showWarningMessage;
  (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (message: string, options: unknown, ...items: unknown[]) => {
    asked.push({ message, options, items });
    return Promise.resolve(answer);
  };
  try {
    await run();
  } finally {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
  }
  return asked;
}

function iconColor(t: Testing, e: ArchitectureElement): string | undefined {
  const icon = t.tree.getTreeItem(e).iconPath;
  return icon instanceof vscode.ThemeIcon ? icon.color?.id : undefined;
}

/**
 * Waits until a connection has settled: its version and first health probe are in, the node,
 * pod and lease lists have synced, and the tree has done no whole-tree refresh for 300 ms (each
 * of those refreshes the whole tree once, asynchronously, after a context switch).
 */
async function waitForSettled(t: Testing): Promise<void> {
  await waitFor('the connection to settle (version, health probe, nodes, pods and leases listed)', () => {
    const active = t.session.current;
    const model = active?.connection.model;
    return !!active?.serverVersion && !!active.probes && !!model && !model.stale && model.hasSynced('Node') && model.hasSynced('Pod') && model.hasSynced('Lease');
  });
  let full = t.tree.refreshStats.full;
  let since = performance.now();
  await waitFor('no whole-tree refresh for 300 ms', () => {
    if (t.tree.refreshStats.full !== full) {
      full = t.tree.refreshStats.full;
      since = performance.now();
    }
    return performance.now() - since >= 300;
  });
}

/** Waits until the tree shows the cluster's nodes, connected. */
async function waitForNodes(t: Testing, names: string[]): Promise<void> {
  await waitFor(`the tree to list nodes ${names.join(', ')}`, () => {
    const root = t.tree.getChildren()[0];
    const state = t.session.current?.connection.state;
    // Thrown, not returned: a timeout then says what the connection and the tree showed last.
    if (!root || state?.phase !== 'connected') throw new Error(`connection ${state ? `${state.phase}${state.reason ? ` (${state.reason})` : ''}` : 'none'}`);
    const nodes = t.tree.getChildren(root).find((e) => label(t, e) === 'Nodes');
    if (!nodes) throw new Error(`no Nodes under ${label(t, root)}`);
    const shown = t.tree.getChildren(nodes).map((e) => label(t, e));
    if (names.every((n) => shown.includes(n)) && shown.length === names.length) return true;
    throw new Error(`connected, Nodes lists [${shown.join(', ')}]`);
  });
}

describe('Sidebar against the bundled emulator', function () {
  this.timeout(120_000);
  let t: Testing;
  let nodeNames: string[];
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-anatomy-it-'));

  before(async () => {
    const extension = await activateExtension();
    t = extension.exports.testing;
    await t.initialized;
  });

  after(async () => {
    await vscode.workspace.getConfiguration('clusterAnatomy').update('kubeconfigPaths', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(temp, { recursive: true, force: true });
  });

  it('starts the emulator fresh through its reset command and shows it in the status bar', async () => {
    const started = performance.now();
    // Fresh state: what earlier runs applied to the emulator in this profile is discarded.
    await vscode.commands.executeCommand('clusterAnatomy.resetEmulator', true);
    assert.ok(t.emulator.running, 'the emulator process runs');
    assert.equal(t.session.current?.selection.kind, 'emulator');
    await waitFor('the connection to be connected', () => t.session.current?.connection.state.phase === 'connected');
    note('emulatorConnectMs', Math.round(performance.now() - started));
    assert.match(t.statusBar.text, /^\$\(server-environment\) cluster-anatomy-emulator \$\(pass\)$/);
  });

  it('lists the nodes the API server lists, with roles, Ready and kubelet version', async () => {
    const nodes = await apiList(t, '/api/v1/nodes');
    nodeNames = nodes.map((n) => n.metadata.name).sort();
    await waitForNodes(t, nodeNames);
    // The seed's cluster, since emulator part 2 landed.
    assert.deepEqual(nodeNames, ['whale1', 'whale2', 'whale3']);
    const root = t.tree.getChildren()[0];
    assert.equal(label(t, root), 'cluster-anatomy-emulator');
    assert.match(description(t, root), /v1\.\d+.*Cluster Anatomy emulator/);
    const whale1 = child(t, child(t, root, 'Nodes'), 'whale1');
    assert.match(description(t, whale1), /^Ready · control-plane · v1\.\d+\.\d+/);
    assert.deepEqual(t.tree.getChildren(whale1).map((e) => label(t, e)).slice(0, 3), ['kubelet', 'kube-proxy', 'container runtime']);
    assert.match(description(t, child(t, whale1, 'container runtime')), /^containerd \d+\.\d+/);
  });

  it('lists each node\'s pods as the API server has them, sorted by namespace and name', async () => {
    const pods = await apiList(t, '/api/v1/pods');
    const root = t.tree.getChildren()[0];
    for (const node of nodeNames) {
      const expected = pods.filter((p) => p.spec.nodeName === node).map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();
      const nodeEl = child(t, child(t, root, 'Nodes'), node);
      await waitFor(`the pods of ${node}`, () => {
        const podsEl = t.tree.getChildren(nodeEl).find((e) => label(t, e).startsWith('Pods ('));
        if (!podsEl || label(t, podsEl) !== `Pods (${expected.length})`) return false;
        return JSON.stringify(t.tree.getChildren(podsEl).map((e) => label(t, e))) === JSON.stringify(expected);
      });
    }
    // The seed: the four static pods and CoreDNS on whale1, one kube-proxy per node.
    const whale1Pods = t.tree.getChildren(child(t, child(t, child(t, root, 'Nodes'), 'whale1'), 'Pods (7)')).map((e) => label(t, e));
    for (const p of ['kube-system/etcd-whale1', 'kube-system/kube-apiserver-whale1', 'kube-system/kube-scheduler-whale1', 'kube-system/kube-controller-manager-whale1']) assert.ok(whale1Pods.includes(p), p);
  });

  it('shows the control plane with instances per node, the elected leaders and etcd quorum', async () => {
    const cp = child(t, t.tree.getChildren()[0], 'Control Plane');
    const components = t.tree.getChildren(cp).map((e) => label(t, e));
    assert.deepEqual(components, ['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager']);
    const scheduler = child(t, cp, 'kube-scheduler');
    await waitFor('the scheduler leader', () => /leader whale1/.test(description(t, scheduler)));
    assert.match(description(t, child(t, cp, 'etcd')), /^1 member · quorum/);
    const instance = t.tree.getChildren(scheduler)[0];
    assert.equal(label(t, instance), 'whale1');
    assert.match(description(t, instance), /kube-scheduler-whale1 · leader · Running 1\/1/);
  });

  it('shows CoreDNS as an add-on with its ready replicas, and its role on hover', async () => {
    const dnsPods = (await apiList(t, '/api/v1/namespaces/kube-system/pods')).filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
    assert.ok(dnsPods.length > 0, 'the seed runs CoreDNS');
    const coredns = child(t, child(t, t.tree.getChildren()[0], 'Add-ons'), 'CoreDNS');
    await waitFor('CoreDNS replicas ready', () => description(t, coredns) === `${dnsPods.length}/${dnsPods.length} replicas ready`);
    const tip = plain(await tooltipOf(t, coredns));
    assert.match(tip, /\$\(pass\) \*\*healthy\*\*/);
    assert.match(tip, /An add-on, not a core component/);
    for (const p of dnsPods) assert.ok(tip.includes(`| ${p.spec.nodeName} | ${p.metadata.name} |`), `${p.metadata.name} in the replicas table`);
  });

  it('hovering a component gives its role and live health, built at hover time', async () => {
    const cp = child(t, t.tree.getChildren()[0], 'Control Plane');
    assert.equal(t.tree.getTreeItem(child(t, cp, 'kube-scheduler')).tooltip, undefined, 'tooltips are built lazily');
    const scheduler = await tooltipOf(t, child(t, cp, 'kube-scheduler'));
    assert.match(scheduler, /Picks a node for every pod/);
    assert.match(scheduler, /only one is active: they elect a leader through a Lease/);
    assert.match(scheduler, /leader whale1, Lease renewed \d+ s ago/);
    const apiserver = await tooltipOf(t, child(t, cp, 'kube-apiserver'));
    assert.match(apiserver, /\$\(pass\) \*\*healthy\*\*/);
    assert.match(apiserver, /\*\*\/readyz\?verbose\*\*/);
    assert.match(apiserver, /\[\+\]etcd ok/);
    const whale2 = child(t, child(t, t.tree.getChildren()[0], 'Nodes'), 'whale2');
    const kubelet = await tooltipOf(t, child(t, whale2, 'kubelet'));
    assert.match(kubelet, /runs on every node, directly on the host/i);
    assert.match(kubelet, /last heartbeat \d+ s ago/);
    assert.match(kubelet, /\| Ready \| True/);
  });

  it('a kube-scheduler stopped through the API turns its hover unhealthy and says why; started again it is healthy', async () => {
    const kubeconfig = t.session.current!.files[0];
    const scheduler = () => child(t, child(t, t.tree.getChildren()[0], 'Control Plane'), 'kube-scheduler');
    try {
      setComponentRunning(kubeconfig, 'kube-scheduler-whale1', false);
      // Its mirror pod turns NotReady: the only instance, so the component is down.
      const stopped = await waitForHover(t, 'kube-scheduler', 'unhealthy');
      assert.match(stopped, /\$\(error\) \*\*unhealthy\*\*/);
      assert.match(stopped, /- kube-scheduler-whale1 on whale1 is not ready \(Running, 0\/1 containers ready\)/);
      assert.match(stopped, /- no kube-scheduler instance is ready: new pods stay Pending/);
      await waitFor('the tree to colour kube-scheduler as failed', () => iconColor(t, scheduler()) === 'list.errorForeground');
      assert.match(description(t, t.tree.getChildren(scheduler())[0]), /kube-scheduler-whale1 · leader · Running 0\/1/);
    } finally {
      setComponentRunning(kubeconfig, 'kube-scheduler-whale1', true);
    }
    const started = await waitForHover(t, 'kube-scheduler', 'healthy');
    assert.doesNotMatch(started, /not ready/);
    assert.match(started, /leader whale1, Lease renewed \d+ s ago/);
    await waitFor('the tree to colour kube-scheduler as healthy', () => iconColor(t, scheduler()) === 'testing.iconPassed');
  });

  it('etcd stopped through the API: the kube-apiserver and etcd hovers show the failed etcd checks; started again both are healthy', async () => {
    const kubeconfig = t.session.current!.files[0];
    try {
      setComponentRunning(kubeconfig, 'etcd-whale1', false);
      const apiserver = await waitForHover(t, 'kube-apiserver', 'unhealthy');
      // The /readyz?verbose lines as the server prints them, failed checks first.
      assert.match(apiserver, /\*\*\/readyz\?verbose\*\*\n\n```\n\[-\]etcd failed/);
      assert.match(apiserver, /- \/readyz: \[-\]etcd failed/);
      const etcd = await waitForHover(t, 'etcd', 'unhealthy');
      assert.match(etcd, /- \/readyz: \[-\]etcd failed/);
      assert.match(etcd, /Raft consensus algorithm/);
    } finally {
      setComponentRunning(kubeconfig, 'etcd-whale1', true);
    }
    const apiserver = await waitForHover(t, 'kube-apiserver', 'healthy');
    assert.match(apiserver, /\[\+\]etcd ok/);
    assert.doesNotMatch(await waitForHover(t, 'etcd', 'healthy'), /\[-\]etcd/);
  });

  it('shows a pod\'s YAML read-only and the API server\'s health as documents', async () => {
    const whale2 = child(t, child(t, t.tree.getChildren()[0], 'Nodes'), 'whale2');
    const pod = t.tree.getChildren(t.tree.getChildren(whale2)[3])[0];
    await vscode.commands.executeCommand('clusterAnatomy.showPodYaml', pod);
    const doc = await waitFor('the pod YAML editor', () => vscode.window.activeTextEditor?.document);
    assert.equal(doc.uri.scheme, 'cluster-anatomy-pod');
    assert.match(doc.getText(), /^apiVersion: v1\nkind: Pod\n/);
    assert.doesNotMatch(doc.getText(), /managedFields/);
    await vscode.commands.executeCommand('clusterAnatomy.showApiServerHealth');
    const health = await waitFor('the health document', () => (vscode.window.activeTextEditor?.document.uri.scheme === 'cluster-anatomy-health' ? vscode.window.activeTextEditor.document : undefined));
    assert.match(health.getText(), /\$ kubectl get --raw='\/readyz\?verbose'\n\[\+\]ping ok/);
    assert.match(health.getText(), /\$ kubectl get --raw='\/livez\?verbose'/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('switches context: a kubeconfig context replaces the connection, terminals get its KUBECONFIG', async () => {
    const emulatorConnection = t.session.current!.connection;
    const emulatorKubeconfig = t.session.current!.files[0];
    // A second context (another name for the same API server) in an extra kubeconfig file.
    const copy = fs.readFileSync(emulatorKubeconfig, 'utf-8').replace(/cluster-anatomy-emulator/g, 'whale-copy');
    const file = path.join(temp, 'extra.kubeconfig');
    fs.writeFileSync(file, copy);
    // A broken file beside it: reported with its path, the other contexts stay usable.
    const broken = path.join(temp, 'broken.kubeconfig');
    fs.writeFileSync(broken, 'clusters: [\n  - name: x\n');
    await vscode.workspace.getConfiguration('clusterAnatomy').update('kubeconfigPaths', [broken, file], vscode.ConfigurationTarget.Global);
    const set = await t.controller.reloadKubeconfigs();
    assert.deepEqual(set?.errors.map((e) => e.file), [broken]);
    assert.ok(set?.contextNames().includes('whale-copy'));
    assert.ok(await t.controller.select({ kind: 'context', contextName: 'whale-copy' }));
    assert.equal(emulatorConnection.state.phase, 'disposed', 'the previous connection was disposed');
    await waitFor('the tree for whale-copy', () => label(t, t.tree.getChildren()[0]) === 'whale-copy' && t.session.current?.connection.state.phase === 'connected');
    await waitForNodes(t, nodeNames);
    assert.match(t.statusBar.text, /whale-copy/);
    // kubectl in an integrated terminal talks to the selected context.
    const kubeconfig = t.terminalKubeconfig();
    assert.ok(kubeconfig?.split(path.delimiter).includes(file), `KUBECONFIG=${kubeconfig}`);
    // The context selector is this window's own file: another window on another context has its own.
    assert.equal(path.basename(kubeconfig!.split(path.delimiter)[0]), `${vscode.env.sessionId.replace(/[^A-Za-z0-9._-]/g, '_')}.kubeconfig`);
    assert.equal(kubectl(kubeconfig!, 'config', 'current-context'), 'whale-copy');
    // Back to the emulator.
    assert.ok(await t.controller.select({ kind: 'emulator' }));
    await waitForNodes(t, nodeNames);
    assert.equal(label(t, t.tree.getChildren()[0]), 'cluster-anatomy-emulator');
    assert.equal(t.terminalKubeconfig(), t.session.current!.files[0]);
    assert.equal(kubectl(t.terminalKubeconfig()!, 'config', 'current-context'), 'cluster-anatomy-emulator');
  });

  it('copies a pod\'s name to the clipboard from its context menu', async () => {
    const whale2 = child(t, child(t, t.tree.getChildren()[0], 'Nodes'), 'whale2');
    const pod = t.tree.getChildren(t.tree.getChildren(whale2)[3]).find((e) => label(t, e).startsWith('kube-system/kube-proxy-'))!;
    await vscode.env.clipboard.writeText('something else');
    await vscode.commands.executeCommand('clusterAnatomy.copyPodName', pod);
    // The name alone, as `kubectl get pod <name>` wants it, not namespace/name.
    assert.equal(await vscode.env.clipboard.readText(), label(t, pod).replace(/^kube-system\//, ''));
  });

  it('opens a shell in a pod\'s container from its context menu (the terminal closes with the shell\'s exit code) and follows its logs', async () => {
    const kubeconfig = t.session.current!.files[0];
    kubectl(kubeconfig, 'run', 'shell-demo', '--image=nginx', '--overrides={"apiVersion":"v1","spec":{"nodeName":"whale2"}}');
    try {
      const whale2 = child(t, child(t, t.tree.getChildren()[0], 'Nodes'), 'whale2');
      const podsEl = t.tree.getChildren(whale2)[3];
      await waitFor('shell-demo Running in the tree', () => t.tree.getChildren(podsEl).some((e) => label(t, e) === 'default/shell-demo' && e.kind === 'pod' && t.session.current?.connection.model.pod(e.podKey)?.phase === 'Running'), 30_000);
      const pod = t.tree.getChildren(podsEl).find((e) => label(t, e) === 'default/shell-demo')!;
      const terminal = await vscode.commands.executeCommand<vscode.Terminal | undefined>('clusterAnatomy.openPodShell', pod);
      assert.ok(terminal, 'a terminal was opened');
      assert.equal(terminal.name, 'shell-demo (shell-demo)');
      const closed = new Promise<vscode.Terminal>((resolve) => {
        const listener = vscode.window.onDidCloseTerminal((x) => {
          if (x !== terminal) return;
          listener.dispose();
          resolve(x);
        });
      });
      // Typed at once: what arrives before the connection is up waits for it.
      terminal.sendText('exit 3');
      const ended = await Promise.race([closed, new Promise<undefined>((r) => setTimeout(() => r(undefined), 20_000))]);
      assert.ok(ended, 'the terminal closed when the shell exited');
      assert.equal(ended.exitStatus?.code, 3);
      // Follow Logs: a read-only terminal on the same container; a key closes it.
      const logs = await vscode.commands.executeCommand<vscode.Terminal | undefined>('clusterAnatomy.followPodLogs', pod);
      assert.equal(logs?.name, 'logs: shell-demo (shell-demo)');
      const logsClosed = new Promise<boolean>((resolve) => {
        const listener = vscode.window.onDidCloseTerminal((x) => {
          if (x !== logs) return;
          listener.dispose();
          resolve(true);
        });
        setTimeout(() => resolve(false), 20_000);
      });
      logs!.sendText('q', false);
      assert.ok(await logsClosed, 'a key closed the logs terminal');
    } finally {
      kubectl(kubeconfig, 'delete', 'pod', 'shell-demo', '--grace-period=0', '--force', '--ignore-not-found');
    }
  });

  it('asks before deleting a pod; Cancel keeps it', async () => {
    const whale3 = child(t, child(t, t.tree.getChildren()[0], 'Nodes'), 'whale3');
    const proxy = t.tree.getChildren(t.tree.getChildren(whale3)[3]).find((e) => label(t, e).startsWith('kube-system/kube-proxy-'))!;
    const name = label(t, proxy).replace(/^kube-system\//, '');
    const asked = await answeringWarnings(undefined, () => vscode.commands.executeCommand('clusterAnatomy.deletePod', proxy));
    assert.equal(asked.length, 1, 'one confirmation');
    assert.equal(asked[0].message, `Delete pod kube-system/${name} in context "cluster-anatomy-emulator"?`);
    assert.equal((asked[0].options as vscode.MessageOptions).modal, true, 'a modal dialog');
    assert.deepEqual(asked[0].items, ['Delete']);
    // The command has settled: had it sent a DELETE, the pod would be gone or terminating now.
    const res = await t.session.current!.connection.transport.get(`/api/v1/namespaces/kube-system/pods/${name}`);
    assert.equal(res.status, 200, res.body);
    assert.equal(JSON.parse(res.body).metadata.deletionTimestamp, undefined, 'not being deleted');
    assert.ok(t.tree.getChildren(t.tree.getChildren(whale3)[3]).some((e) => label(t, e) === `kube-system/${name}`), 'still in the tree');
  });

  it('deletes a pod once the confirmation is answered Delete; the watch event reaches the tree without a full refresh', async () => {
    // The switch back to the emulator (two tests before) may still be refreshing the whole tree.
    await waitForSettled(t);
    const root = t.tree.getChildren()[0];
    const whale3 = child(t, child(t, root, 'Nodes'), 'whale3');
    const podsEl = t.tree.getChildren(whale3)[3];
    const proxy = t.tree.getChildren(podsEl).find((e) => label(t, e).startsWith('kube-system/kube-proxy-'))!;
    const name = label(t, proxy);
    const fullBefore = t.tree.refreshStats.full;
    let refreshedAt: number | undefined;
    // The first visible effect of the DELETE: the pod shows as Terminating (or is gone).
    const listener = t.tree.onDidChangeTreeData(() => {
      const shown = t.tree.getChildren(podsEl).find((e) => label(t, e) === name);
      if (refreshedAt === undefined && (!shown || description(t, shown).startsWith('Terminating'))) refreshedAt = performance.now();
    });
    try {
      // From the request to the refreshed tree: DELETE, watch event, 100 ms batch, refresh.
      const deletedAt = performance.now();
      const asked = await answeringWarnings('Delete', () => vscode.commands.executeCommand('clusterAnatomy.deletePod', proxy));
      assert.equal(asked.length, 1, 'the user was asked');
      await waitFor(`${name} to show as Terminating or leave the tree`, () => refreshedAt !== undefined);
      note('deleteToTreeMs', Math.round(refreshedAt! - deletedAt));
      await waitFor(`${name} to leave the tree`, () => !t.tree.getChildren(podsEl).some((e) => label(t, e) === name));
    } finally {
      listener.dispose();
    }
    assert.equal(t.tree.refreshStats.full, fullBefore, 'only the changed elements were refreshed');
    // The DaemonSet replaces it.
    await waitFor('a new kube-proxy on whale3', () => t.tree.getChildren(podsEl).some((e) => label(t, e).startsWith('kube-system/kube-proxy-') && label(t, e) !== name));
  });

  it('recovers by itself after the emulator is stopped and started again', async () => {
    const connection = t.session.current!.connection;
    await vscode.commands.executeCommand('clusterAnatomy.stopEmulator');
    assert.equal(t.emulator.running, false);
    await waitFor('the tree to say it is reconnecting', () => {
      const first = t.tree.getChildren(t.tree.getChildren()[0])[0];
      return first && /Reconnecting|Cannot reach/.test(label(t, first));
    }, 60_000);
    assert.match(t.statusBar.text, /\$\((sync~spin|error)\)$/);
    // The hover probes the API server at hover time: it says so, and says the rest is not live.
    // The last known anatomy stays listed (under the status line), so its hover can be asked.
    const tip = await tooltipOf(t, child(t, child(t, t.tree.getChildren()[0], 'Control Plane'), 'kube-apiserver'));
    assert.match(tip, /\$\(error\) \*\*unhealthy\*\*/);
    assert.match(tip, /cannot reach the API server/);
    assert.match(tip, /not live/);
    // A longer outage: every list-watch backs off for seconds. Start must not wait that out. (5 s:
    // several times what the emulator takes to start, so only a wait for the backoff fails this.)
    const soonestRetryMs = await waitFor('every list-watch to back off for 5 s or more', () => {
      const states = connection.watchStates();
      if (!states.every((s) => s.phase === 'backoff' && s.retryAt !== undefined)) return false;
      const soonest = Math.min(...states.map((s) => s.retryAt! - Date.now()));
      return soonest >= 5000 ? soonest : false;
    }, 60_000);
    const restarted = performance.now();
    await vscode.commands.executeCommand('clusterAnatomy.startEmulator');
    await waitForNodes(t, nodeNames);
    const recoveryMs = Math.round(performance.now() - restarted);
    note('recoveryAfterRestartMs', recoveryMs);
    assert.ok(recoveryMs < soonestRetryMs, `recovered in ${recoveryMs} ms, not when the backoff ended (${soonestRetryMs} ms after Start)`);
    assert.equal(t.session.current!.connection, connection, 'the same connection recovered (same port, same kubeconfig)');
    const first = t.tree.getChildren(t.tree.getChildren()[0])[0];
    assert.equal(label(t, first), 'Control Plane', 'no status line once live again');
  });
});
