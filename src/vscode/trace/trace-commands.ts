// "Trace Scheduling" for a pod (tree and diagram context menus, the palette with a pod picker)
// and for a manifest (CodeLens, editor and explorer menus: a what-if, nothing applied). Each
// opens one trace panel per subject; the data comes from feeds built by TraceFeeds.

import * as vscode from 'vscode';
import type { KubeObject } from '../../kube/object.js';
import type { ActiveCluster, ClusterSession } from '../cluster-session.js';
import type { ManifestCommandOptions } from '../manifests/manifest-commands.js';
import type { ManifestService } from '../manifests/manifest-service.js';
import type { TraceFeed } from './trace-feed.js';
import type { WhatIfDocuments } from './what-if-feed.js';
import { TracePanel, type TracePanelHost } from './trace-panel.js';
import {
  type PodRef,
  isTraceableWorkload,
  manifestPanelTitle,
  manifestSubjectKey,
  podPanelTitle,
  podPickItems,
  podRefFromArgument,
  podSubjectKey,
} from './trace-subjects.js';

export const TRACE_POD_COMMAND = 'clusterAnatomy.traceScheduling';
export const TRACE_MANIFEST_COMMAND = 'clusterAnatomy.traceManifest';

/** A QuickPick of 150,000 pods is no help: the picker lists this many, Pending ones first. */
export const MAX_PICKER_PODS = 10_000;

/** The documents a what-if simulates, read again on each refresh (the editor may have changed). */
export interface WhatIfInput {
  /** `deployment.yaml (Deployment/web)` */
  title: string;
  defaultNamespace: string;
  load(): Promise<WhatIfDocuments>;
}

/** Builds the data behind a panel; the real one reaches src/trace through the cluster bundle. */
export interface TraceFeeds {
  pod(active: ActiveCluster, pod: PodRef): TraceFeed;
  whatIf(active: ActiveCluster, input: WhatIfInput): TraceFeed;
}

export interface TraceCommandsOptions {
  extensionUri: vscode.Uri;
  session: ClusterSession;
  manifests: ManifestService;
  feeds: TraceFeeds;
  host: TracePanelHost;
  /** Starts the first connection if nothing has yet. */
  ensureInitialized(): Promise<void>;
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.toString();
}

export class TraceCommands {
  constructor(private readonly o: TraceCommandsOptions) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(TRACE_POD_COMMAND, (arg?: unknown) => this.tracePod(arg)),
      vscode.commands.registerCommand(TRACE_MANIFEST_COMMAND, (uri?: unknown, _selection?: unknown, options?: ManifestCommandOptions) => this.traceManifest(uri, options)),
    ];
  }

  private async connected(): Promise<ActiveCluster | undefined> {
    await this.o.ensureInitialized();
    const active = this.o.session.current;
    if (!active) void vscode.window.showErrorMessage('Trace scheduling needs a cluster: select a context or start the bundled emulator first.');
    return active;
  }

  /** Opens (or reveals) the trace of a pod; without a pod in the argument, asks with a picker. */
  async tracePod(arg?: unknown): Promise<TracePanel | undefined> {
    const active = await this.connected();
    if (!active) return undefined;
    const pod = podRefFromArgument(arg) ?? (arg === undefined ? await this.pickPod(active) : undefined);
    if (!pod) {
      if (arg !== undefined) this.o.host.log(`trace: "${TRACE_POD_COMMAND}" was given something that names no pod`);
      return undefined;
    }
    return TracePanel.show(
      {
        key: podSubjectKey(active.contextName, pod),
        title: podPanelTitle(pod),
        extensionUri: this.o.extensionUri,
        host: this.o.host,
        subject: { kind: 'pod', title: `${pod.namespace}/${pod.name}`, namespace: pod.namespace, podName: pod.name, clusterName: active.contextName },
      },
      () => this.o.feeds.pod(active, pod),
    );
  }

  private async pickPod(active: ActiveCluster): Promise<PodRef | undefined> {
    const model = active.connection.model;
    if (!model.hasSynced('Pod')) {
      const listed = new Promise<void>((resolve) => {
        const done = () => {
          if (!model.hasSynced('Pod') && this.o.session.current === active) return;
          subscriptions.forEach((d) => d.dispose());
          resolve();
        };
        const subscriptions = [this.o.session.onDidChangeModel(done), this.o.session.onDidChangeActive(done), this.o.session.onDidChangeState(done)];
      });
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Listing pods of ${active.contextName}…`, cancellable: true }, (_p, token) =>
        Promise.race([listed, new Promise<void>((resolve) => token.onCancellationRequested(() => resolve()))]),
      );
    }
    const all = podPickItems(model.podsSortedByNode());
    const items = all.slice(0, MAX_PICKER_PODS);
    if (items.length === 0) {
      void vscode.window.showInformationMessage(`No pods in ${active.contextName} to trace.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Cluster Anatomy: Trace Scheduling',
      placeHolder: all.length > items.length ? `Pick a pod (Pending first; ${items.length} of ${all.length} listed)` : 'Pick a pod (Pending first)',
      matchOnDescription: true,
    });
    return picked?.pod;
  }

  /** A what-if of a manifest document (or of the whole file), against the current cluster. */
  async traceManifest(target?: unknown, options: ManifestCommandOptions = {}): Promise<TracePanel | undefined> {
    const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showErrorMessage('Open a manifest first: "Trace Scheduling (What-If)" simulates the pods of its workloads.');
      return undefined;
    }
    const active = await this.connected();
    if (!active) return undefined;
    const cluster = this.o.manifests.connected();
    const defaultNamespace = cluster?.api.defaultNamespace ?? 'default';
    const first = await this.documentsOf(uri, options.documentIndex);
    if (!first) return undefined;
    const only = options.documentIndex !== undefined ? first.objects[0] : undefined;
    const title = manifestPanelTitle(baseName(uri), only ? { kind: only.kind, name: only.metadata?.name } : undefined);
    const key = manifestSubjectKey(active.contextName, uri.toString(), options.documentIndex);
    const existing = TracePanel.find(key);
    if (existing) {
      // The document may have been edited since: simulate again.
      existing.refresh();
      existing.panel.reveal();
      return existing;
    }
    const input: WhatIfInput = {
      title,
      defaultNamespace,
      load: async () => (await this.documentsOf(uri, options.documentIndex)) ?? { objects: [], locations: [], problems: [`${baseName(uri)} is no longer a manifest`] },
    };
    return TracePanel.show(
      { key, title, extensionUri: this.o.extensionUri, host: this.o.host, subject: { kind: 'manifest', title, clusterName: active.contextName } },
      () => this.o.feeds.whatIf(active, input),
    );
  }

  /** The workload objects of a file (or one of its documents), with what keeps others out. */
  private async documentsOf(uri: vscode.Uri, documentIndex: number | undefined): Promise<WhatIfDocuments | undefined> {
    const { sources, skipped } = await this.o.manifests.read([uri]);
    const source = sources[0];
    if (!source) {
      void vscode.window.showWarningMessage(skipped[0] ?? `${baseName(uri)} is not a Kubernetes manifest.`);
      return undefined;
    }
    const documents = documentIndex === undefined ? source.documents : source.documents.filter((d) => d.index === documentIndex);
    const objects: KubeObject[] = [];
    const locations: string[] = [];
    const problems: string[] = [];
    for (const d of documents) {
      const where = `${baseName(uri)}:${d.range.start.line + 1}`;
      const problem = d.problems[0];
      if (problem) problems.push(`${baseName(uri)}:${problem.range.start.line + 1}: ${problem.message}`);
      // A file's own PriorityClasses set its pods' priorities, as they would once applied.
      else if (d.object && (isTraceableWorkload(d.object) || (d.object.kind === 'PriorityClass' && documentIndex === undefined))) {
        objects.push(d.object);
        locations.push(where);
      } else if (d.object && documentIndex !== undefined) problems.push(`${where}: a ${String(d.object.kind)} creates no pods to schedule`);
    }
    // Only PriorityClasses: nothing to place.
    if (!objects.some(isTraceableWorkload)) return { objects: [], locations: [], problems };
    return { objects, locations, problems };
  }
}
