// What the pod terminals (Open Shell in Container, Follow Logs) share: the container picked
// from a pod's context-menu argument, and how a terminal says it ended and waits for a key.
import * as vscode from 'vscode';
import type { KubeConfig } from '../cluster/client-node.js';
import type { ClusterModule } from './cluster-module.js';
import type { ClusterSession } from './cluster-session.js';
import { podOf } from './pod-commands.js';

export interface PickedContainer {
  kc: KubeConfig;
  namespace: string;
  pod: string;
  container: string;
}

/**
 * The container a command acts on: the only candidate, or the one picked (the default-container
 * annotation's first). `running`: only running containers qualify (a shell needs one).
 * Undefined when cancelled or impossible, after saying why.
 */
export async function pickPodContainer(session: ClusterSession, cluster: ClusterModule, arg: unknown, action: string, running: boolean): Promise<PickedContainer | undefined> {
  const ref = podOf(session, arg);
  const active = session.current;
  if (!ref || !active) return undefined;
  const kc = active.kubeconfigs.kubeConfigFor(active.contextName);
  const where = `${ref.namespace}/${ref.name}`;
  let candidates: string[];
  try {
    const containers = await cluster.podContainers(kc, ref.namespace, ref.name);
    candidates = running ? containers.running : containers.all;
    if (candidates.length === 0) {
      void vscode.window.showErrorMessage(`Pod ${where} has no ${running ? 'running ' : ''}container to ${action} (phase ${containers.phase}).`);
      return undefined;
    }
  } catch (e) {
    void vscode.window.showErrorMessage(`Cannot ${action} pod ${where}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  const container = candidates.length === 1 ? candidates[0] : await vscode.window.showQuickPick(candidates, { title: `${action[0].toUpperCase()}${action.slice(1)} ${where}`, placeHolder: 'Container' });
  return container ? { kc, namespace: ref.namespace, pod: ref.name, container } : undefined;
}

const RED = '\x1b[31m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** The end of a terminal's session, left on screen: an error in red or a dim remark, then the key to close. */
export function endText(ending: { error: string } | { remark: string }): string {
  const body = 'error' in ending ? `${RED}${ending.error.replace(/\r?\n/g, '\r\n')}${RESET}` : `${DIM}${ending.remark}${RESET}`;
  return `\r\n${body}\r\n${DIM}Press any key to close this terminal.${RESET}`;
}
