// "Follow Logs" on a pod (tree and diagram context menus): a read-only terminal streaming the
// container's log as `kubectl logs -f --tail=200` does (src/cluster/pod-logs.ts). When the
// container stops the log ends and the terminal stays, for reading, until a key is pressed.
import * as vscode from 'vscode';
import type { KubeConfig } from '../cluster/client-node.js';
import type { LogFollower } from '../cluster/index.js';
import type { ClusterModule } from './cluster-module.js';
import type { ClusterSession } from './cluster-session.js';
import { podOf } from './pod-commands.js';

const TAIL_LINES = 200;
const RED = '\x1b[31m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

export function registerPodLogs(session: ClusterSession, cluster: () => ClusterModule, log: (message: string) => void): vscode.Disposable {
  return vscode.commands.registerCommand('clusterAnatomy.followPodLogs', async (arg?: unknown): Promise<vscode.Terminal | undefined> => {
    const pod = podOf(session, arg);
    const active = session.current;
    if (!pod || !active) return undefined;
    const kc = active.kubeconfigs.kubeConfigFor(active.contextName);
    let containers;
    try {
      containers = await cluster().podContainers(kc, pod.namespace, pod.name);
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot read the logs of pod ${pod.namespace}/${pod.name}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    const container = containers.all.length === 1 ? containers.all[0] : await vscode.window.showQuickPick(containers.all, { title: `Follow Logs of ${pod.namespace}/${pod.name}`, placeHolder: 'Container' });
    if (!container) return undefined;
    const terminal = vscode.window.createTerminal({ name: `logs: ${pod.name} (${container})`, iconPath: new vscode.ThemeIcon('output'), pty: logTerminal(cluster(), kc, pod.namespace, pod.name, container, log) });
    terminal.show(true);
    return terminal;
  });
}

function logTerminal(cluster: ClusterModule, kc: KubeConfig, namespace: string, pod: string, container: string, log: (message: string) => void): vscode.Pseudoterminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let follower: LogFollower | undefined;
  let closed = false;
  // A terminal wants \r\n; the log has \n.
  const show = (text: string) => write.fire(text.replace(/\r?\n/g, '\r\n'));
  return {
    onDidWrite: write.event,
    onDidClose: close.event,
    open() {
      log(`logs: following ${namespace}/${pod} container ${container}`);
      void cluster
        .followLogs(kc, namespace, pod, container, { tailLines: TAIL_LINES }, {
          output: show,
          end: (error) => {
            if (error) log(`logs of ${namespace}/${pod} (${container}): ${error}`);
            write.fire(error ? `\r\n${RED}${error.replace(/\n/g, '\r\n')}${RESET}\r\n` : `\r\n${DIM}The container stopped: its log ends here.${RESET}\r\n`);
            write.fire(`${DIM}Press any key to close this terminal.${RESET}`);
          },
        })
        .then(
          (f) => {
            if (closed) f.stop();
            else follower = f;
          },
          (e: unknown) => write.fire(`${RED}${e instanceof Error ? e.message : String(e)}${RESET}\r\n`),
        );
    },
    // Read-only: any key (Ctrl-C included) closes it, as stopping `kubectl logs -f` would.
    handleInput() {
      close.fire();
    },
    close() {
      closed = true;
      follower?.stop();
      write.dispose();
      close.dispose();
    },
  };
}
