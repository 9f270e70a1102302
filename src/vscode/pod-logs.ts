// "Follow Logs" on a pod (tree and diagram context menus): a read-only terminal streaming the
// container's log as `kubectl logs -f --tail=200` does (src/cluster/pod-logs.ts). When the
// container stops the log ends and the terminal stays, for reading, until a key is pressed.
import * as vscode from 'vscode';
import type { LogFollower } from '../cluster/index.js';
import type { ClusterModule } from './cluster-module.js';
import type { ClusterSession } from './cluster-session.js';
import { endText, pickPodContainer, type PickedContainer } from './pod-terminal.js';

const TAIL_LINES = 200;

export function registerPodLogs(session: ClusterSession, cluster: () => ClusterModule, log: (message: string) => void): vscode.Disposable {
  return vscode.commands.registerCommand('clusterAnatomy.followPodLogs', async (arg?: unknown): Promise<vscode.Terminal | undefined> => {
    const picked = await pickPodContainer(session, cluster(), arg, 'follow the logs of', false);
    if (!picked) return undefined;
    const terminal = vscode.window.createTerminal({ name: `logs: ${picked.pod} (${picked.container})`, iconPath: new vscode.ThemeIcon('output'), pty: logTerminal(cluster(), picked, log) });
    terminal.show(true);
    return terminal;
  });
}

function logTerminal(cluster: ClusterModule, { kc, namespace, pod, container }: PickedContainer, log: (message: string) => void): vscode.Pseudoterminal {
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
            write.fire(endText(error ? { error } : { remark: 'The container stopped: its log ends here.' }));
          },
        })
        .then(
          (f) => {
            if (closed) f.stop();
            else follower = f;
          },
          (e: unknown) => write.fire(endText({ error: e instanceof Error ? e.message : String(e) })),
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
