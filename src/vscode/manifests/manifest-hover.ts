// Hovers in manifests: on `kind:` who acts on the object, plus its live status when it exists in
// the selected cluster; on scheduling fields what kube-scheduler does with them.
import * as vscode from 'vscode';
import { hoverAt, liveStatusMarkdown } from '../../manifests/hover';
import { DiscoveryIndex, refOf } from '../../manifests/resources';
import type { KubeObject } from '../../kube/object';
import { toRange } from './manifest-diagnostics';
import type { ManifestService } from './manifest-service';

export class ManifestHoverProvider implements vscode.HoverProvider {
  constructor(private readonly service: ManifestService) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const doc = this.service.documentsOf(document).find((d) => d.range.start.line <= position.line && position.line <= d.range.end.line);
    if (!doc) return undefined;
    const hover = hoverAt(doc, position.line, position.character);
    if (!hover) return undefined;
    const parts = [hover.markdown];
    const at = doc.pathAt({ line: position.line, character: position.character });
    if (doc.object && at?.path.length === 1 && at.path[0] === 'kind') {
      const live = await this.live(doc.object).catch(() => undefined);
      if (token.isCancellationRequested) return undefined;
      if (live) parts.push(liveStatusMarkdown(live));
    }
    return new vscode.Hover(new vscode.MarkdownString(parts.join('\n\n---\n\n')), toRange(hover.range));
  }

  /** The object as it is in the cluster, if connected and it exists; never an error in a hover. */
  private async live(object: KubeObject): Promise<KubeObject | undefined> {
    const cluster = this.service.connected();
    const discovery = this.service.discovery();
    if (!cluster || !discovery || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || !object.metadata?.name) return undefined;
    const resource = new DiscoveryIndex((await discovery).resources).find(object.apiVersion, object.kind);
    if (!resource) return undefined;
    const withNamespace = { ...object, metadata: { ...object.metadata, namespace: object.metadata.namespace ?? cluster.api.defaultNamespace } };
    return cluster.api.get(refOf(resource, withNamespace));
  }
}
