// Context-menu actions on pods: copy the name, show the YAML (read-only), delete after
// confirmation. The delete goes through client-node's authentication like every request.

import * as https from 'node:https';
import * as http from 'node:http';
import * as vscode from 'vscode';
import type { ArchitectureElement } from './architecture-elements.js';
import type { ClusterSession } from './cluster-session.js';
import { podUri } from './cluster-documents.js';
import { podRefFromArgument } from './trace/trace-subjects.js';

/** The diagram's pod context menu passes the element's data-vscode-context, not a tree element. */
function isDiagramPodContext(arg: unknown): arg is { webviewSection: 'pod' } {
  return typeof arg === 'object' && arg !== null && (arg as { webviewSection?: unknown }).webviewSection === 'pod';
}

/**
 * The pod a menu's argument names: a tree element of kind `pod`/`instance`, or the diagram's
 * `{ webviewSection: 'pod', podNamespace, podName }` (from a webview: untrusted, so its names
 * are checked as Kubernetes names before they reach a URL or a document).
 */
export function podOf(session: ClusterSession, arg: unknown): { namespace: string; name: string } | undefined {
  if (isDiagramPodContext(arg)) return podRefFromArgument(arg);
  const e = arg as ArchitectureElement | undefined;
  if (!e || typeof e !== 'object' || (e.kind !== 'pod' && e.kind !== 'instance') || typeof e.podKey !== 'string') return undefined;
  const p = session.current?.connection.model.pod(e.podKey);
  if (p) return { namespace: p.namespace, name: p.name };
  return podRefFromArgument(e.podKey);
}

async function deletePod(session: ClusterSession, namespace: string, name: string): Promise<{ status: number; body: string }> {
  const active = session.current!;
  const kc = active.kubeconfigs.kubeConfigFor(active.contextName);
  const server = kc.getCurrentCluster()!.server.replace(/\/+$/, '');
  const url = new URL(`${server}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`);
  const opts: https.RequestOptions = { method: 'DELETE', headers: { Accept: 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  const lib = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, opts, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf-8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

// The tree's pod context menu has "Trace Scheduling" in group `2_trace` (src/vscode/trace); the
// diagram's pod context menu offers "Show Pod YAML" and "Trace Scheduling".
export function registerPodCommands(session: ClusterSession): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('clusterAnatomy.copyPodName', async (e?: unknown) => {
      const pod = podOf(session, e);
      if (pod) await vscode.env.clipboard.writeText(pod.name);
    }),
    vscode.commands.registerCommand('clusterAnatomy.showPodYaml', async (e?: unknown) => {
      const pod = podOf(session, e);
      const active = session.current;
      if (!pod || !active) return;
      const doc = await vscode.workspace.openTextDocument(podUri(active.contextName, pod.namespace, pod.name));
      await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    vscode.commands.registerCommand('clusterAnatomy.deletePod', async (e?: unknown, confirmed?: boolean) => {
      const pod = podOf(session, e);
      const active = session.current;
      if (!pod || !active) return;
      if (confirmed !== true) {
        const answer = await vscode.window.showWarningMessage(`Delete pod ${pod.namespace}/${pod.name} in context "${active.contextName}"?`, { modal: true, detail: 'Its controller, if any, will create a replacement.' }, 'Delete');
        if (answer !== 'Delete') return;
      }
      const res = await deletePod(session, pod.namespace, pod.name);
      if (res.status >= 300) {
        let message = res.body;
        try {
          message = JSON.parse(res.body).message ?? message;
        } catch {
          // not a Status
        }
        void vscode.window.showErrorMessage(`Deleting pod ${pod.namespace}/${pod.name} failed (HTTP ${res.status}): ${message}`);
      }
    }),
  ];
}
