// "Open Shell in Container" on a pod (tree and diagram context menus): a terminal running the
// container's shell through the API (src/cluster/pod-shell.ts), with no kubectl needed. A pod
// with several running containers asks which; the default-container annotation comes first.
import * as vscode from 'vscode';
import type { KubeConfig } from '../cluster/client-node.js';
import type { ShellSession } from '../cluster/index.js';
import type { ClusterModule } from './cluster-module.js';
import type { ClusterSession } from './cluster-session.js';
import { podOf } from './pod-commands.js';

const RED = '\x1b[31m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

export function registerPodShell(session: ClusterSession, cluster: () => ClusterModule, log: (message: string) => void): vscode.Disposable {
  return vscode.commands.registerCommand('clusterAnatomy.openPodShell', async (arg?: unknown): Promise<vscode.Terminal | undefined> => {
    const pod = podOf(session, arg);
    const active = session.current;
    if (!pod || !active) return undefined;
    const kc = active.kubeconfigs.kubeConfigFor(active.contextName);
    let containers;
    try {
      containers = await cluster().podContainers(kc, pod.namespace, pod.name);
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot open a shell in pod ${pod.namespace}/${pod.name}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    if (containers.running.length === 0) {
      void vscode.window.showErrorMessage(`Pod ${pod.namespace}/${pod.name} has no running container to open a shell in (phase ${containers.phase}).`);
      return undefined;
    }
    const container = containers.running.length === 1 ? containers.running[0] : await vscode.window.showQuickPick(containers.running, { title: `Open Shell in ${pod.namespace}/${pod.name}`, placeHolder: 'Container' });
    if (!container) return undefined;
    const terminal = vscode.window.createTerminal({ name: `${pod.name} (${container})`, iconPath: new vscode.ThemeIcon('terminal'), pty: shellTerminal(cluster(), kc, pod.namespace, pod.name, container, log) });
    terminal.show();
    return terminal;
  });
}

function shellTerminal(cluster: ClusterModule, kc: KubeConfig, namespace: string, pod: string, container: string, log: (message: string) => void): vscode.Pseudoterminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let shell: ShellSession | undefined;
  // Keys typed (or sendText) before the connection is up are kept, not dropped.
  let typedEarly = '';
  let failed = false;
  return {
    onDidWrite: write.event,
    onDidClose: close.event,
    open(dimensions) {
      log(`exec: a shell in ${namespace}/${pod} container ${container}`);
      void cluster.openShell(kc, namespace, pod, container, { columns: dimensions?.columns ?? 80, rows: dimensions?.rows ?? 24 }, {
        output: (text) => write.fire(text),
        exit: (end) => {
          if ('code' in end) {
            close.fire(end.code);
            return;
          }
          // Left open with the reason until a key is pressed: a closing terminal would hide it.
          failed = true;
          log(`exec in ${namespace}/${pod} (${container}) failed: ${end.error}`);
          write.fire(`\r\n${RED}${end.error.replace(/\n/g, '\r\n')}${RESET}\r\n${DIM}Press any key to close this terminal.${RESET}`);
        },
      }).then((s) => {
        shell = s;
        if (typedEarly) s.input(typedEarly);
        typedEarly = '';
      });
    },
    handleInput(data) {
      if (failed) close.fire(1);
      else if (shell) shell.input(data);
      else typedEarly += data;
    },
    setDimensions(dimensions) {
      shell?.resize(dimensions.columns, dimensions.rows);
    },
    close() {
      shell?.close();
      write.dispose();
      close.dispose();
    },
  };
}
