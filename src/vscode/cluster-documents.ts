// Read-only virtual documents: the API server's health (`/readyz?verbose` and
// `/livez?verbose`, as `kubectl get --raw` prints them) and a pod's YAML.

import * as vscode from 'vscode';
import type { ClusterSession } from './cluster-session.js';
import { podYaml } from './pod-yaml.js';

export const HEALTH_SCHEME = 'cluster-anatomy-health';
export const POD_SCHEME = 'cluster-anatomy-pod';

export function healthUri(contextName: string): vscode.Uri {
  return vscode.Uri.from({ scheme: HEALTH_SCHEME, path: `/${contextName}/api-server-health.txt`, query: String(Date.now()) });
}

export function podUri(contextName: string, namespace: string, name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: POD_SCHEME, path: `/${contextName}/${namespace}/${name}.yaml` });
}

export class HealthDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly session: ClusterSession) {}

  async provideTextDocumentContent(): Promise<string> {
    const active = this.session.current;
    if (!active) return 'No cluster is selected.\n';
    const h = await active.connection.probeApiServer(0);
    const out = [`# API server health of context "${active.contextName}", ${new Date(h.at).toISOString()}`, ''];
    for (const r of [h.readyz, h.livez]) {
      out.push(`$ kubectl get --raw='/${r.endpoint}?verbose'`);
      out.push(r.error ? `error: ${r.error}` : r.text.trimEnd(), '');
    }
    return out.join('\n');
  }
}

export class PodDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly session: ClusterSession) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const active = this.session.current;
    const [, contextName, namespace, file] = uri.path.split('/');
    const name = file.replace(/\.yaml$/, '');
    if (!active || active.contextName !== contextName) return `# context "${contextName}" is no longer selected\n`;
    const res = await active.connection.transport.get(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`);
    if (res.status !== 200) {
      let message = res.body;
      try {
        message = JSON.parse(res.body).message ?? message;
      } catch {
        // not a Status
      }
      return `# GET pod ${namespace}/${name} failed (HTTP ${res.status}): ${message}\n`;
    }
    return podYaml(JSON.parse(res.body));
  }
}
