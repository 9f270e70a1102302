// "Open Shell in Container" on a pod (tree and diagram context menus): a terminal running the
// container's shell through the API (src/cluster/pod-shell.ts), with no kubectl needed. A pod
// with several running containers asks which; the default-container annotation comes first.
import * as vscode from 'vscode';
import type { ShellSession } from '../cluster/index.js';
import type { ClusterModule } from './cluster-module.js';
import type { ClusterSession } from './cluster-session.js';
import { endText, pickPodContainer, type PickedContainer } from './pod-terminal.js';

export function registerPodShell(session: ClusterSession, cluster: () => ClusterModule, log: (message: string) => void): vscode.Disposable {
  return vscode.commands.registerCommand('clusterAnatomy.openPodShell', async (arg?: unknown): Promise<vscode.Terminal | undefined> => {
    const picked = await pickPodContainer(session, cluster(), arg, 'open a shell in', true);
    if (!picked) return undefined;
    const terminal = vscode.window.createTerminal({ name: `${picked.pod} (${picked.container})`, iconPath: new vscode.ThemeIcon('terminal'), pty: shellTerminal(cluster(), picked, log) });
    terminal.show();
    return terminal;
  });
}

function shellTerminal(cluster: ClusterModule, { kc, namespace, pod, container }: PickedContainer, log: (message: string) => void): vscode.Pseudoterminal {
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
          write.fire(endText({ error: end.error }));
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
