// The manifests' link to the selected cluster and to the files: one ManifestApi per connection
// (disposed when the context changes), the cluster's discovery cached per connection, and the
// parsed documents of open editors cached per document so CodeLens, hovers and commands agree
// on document indexes.
import * as vscode from 'vscode';
import type { ClusterManifestApi } from '../../cluster/index.js';
import { ManifestDocumentCache } from '../../manifests/document-cache';
import { parseManifests, type ManifestDocument } from '../../manifests/documents';
import { looksLikeManifest, notAManifestMessage } from '../../manifests/looks-like-manifest';
import type { Discovery } from '../../manifests/resources';
import type { ClusterModule } from '../cluster-module';
import type { ActiveCluster, ClusterSession } from '../cluster-session';
import { Disposable } from '../disposable';

export const MANIFEST_GLOB = '**/*.{yaml,yml,json}';

/** A manifest file as read for one command: its URI, its text and its parsed documents. */
export interface ManifestSource {
  uri: vscode.Uri;
  documents: ManifestDocument[];
}

export interface ManifestCluster {
  active: ActiveCluster;
  api: ClusterManifestApi;
}

export class ManifestService extends Disposable {
  private current?: { active: ActiveCluster; api: ClusterManifestApi; discovery?: Promise<Discovery> };
  private readonly caches = new Map<string, { version: number; cache: ManifestDocumentCache; documents: ManifestDocument[] }>();

  constructor(
    private readonly session: ClusterSession,
    private readonly cluster: () => ClusterModule,
    /** Starts the first connection if nothing has yet (activation by a YAML file does not). */
    private readonly ensureInitialized: () => Promise<void>,
  ) {
    super();
    this._register(session.onDidChangeActive(() => this.drop()));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.caches.delete(d.uri.toString())));
    this._register({ dispose: () => this.drop() });
  }

  private drop(): void {
    this.current?.api.dispose();
    this.current = undefined;
  }

  /** The selected cluster's ManifestApi, or undefined when no cluster is connected. */
  connected(): ManifestCluster | undefined {
    const active = this.session.current;
    if (!active) return undefined;
    if (this.current?.active !== active) {
      this.drop();
      this.current = { active, api: this.cluster().createManifestApi(active.kubeconfigs, active.contextName) };
    }
    return { active, api: this.current.api };
  }

  /** For commands: the selected cluster after the first connection was made, or undefined when none is. */
  async connect(): Promise<ManifestCluster | undefined> {
    await this.ensureInitialized();
    return this.connected();
  }

  /** The cluster's discovery; `fresh` asks again (after a CRD was applied, or for an unknown kind). */
  discovery(fresh = false): Promise<Discovery> | undefined {
    const c = this.connected();
    if (!c || !this.current) return undefined;
    if (fresh || !this.current.discovery) {
      const current = this.current;
      const p = c.api.discover();
      current.discovery = p;
      // A failed discovery is not remembered: the next command asks again.
      p.catch(() => {
        if (current.discovery === p) current.discovery = undefined;
      });
    }
    return this.current.discovery;
  }

  /** Parsed documents of an open editor, re-parsing only the documents that changed. */
  documentsOf(document: vscode.TextDocument): ManifestDocument[] {
    const key = document.uri.toString();
    const hit = this.caches.get(key);
    if (hit && hit.version === document.version) return hit.documents;
    const cache = hit?.cache ?? new ManifestDocumentCache();
    const documents = cache.parse(document.getText());
    this.caches.set(key, { version: document.version, cache, documents });
    return documents;
  }

  /**
   * The manifest files behind a command's arguments: the explorer's selection (files and folders),
   * else the given URI, else the active editor. Unsaved editor text wins over the file on disk.
   * Explicitly chosen files that are not manifests are reported in `skipped`.
   */
  async read(uris: readonly vscode.Uri[]): Promise<{ sources: ManifestSource[]; skipped: string[] }> {
    const files: vscode.Uri[] = [];
    const explicit = new Set<string>();
    for (const uri of uris) {
      let isFolder = false;
      if (uri.scheme === 'file' || uri.scheme === 'vscode-remote') {
        try {
          isFolder = ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
        } catch {
          isFolder = false; // an untitled or deleted file: read below reports it
        }
      }
      if (isFolder) {
        const found = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, MANIFEST_GLOB), '**/node_modules/**');
        files.push(...found.sort((a, b) => a.fsPath.localeCompare(b.fsPath)));
      } else {
        files.push(uri);
        explicit.add(uri.toString());
      }
    }
    const sources: ManifestSource[] = [];
    const skipped: string[] = [];
    const seen = new Set<string>();
    for (const uri of files) {
      if (seen.has(uri.toString())) continue;
      seen.add(uri.toString());
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      if (!looksLikeManifest(text)) {
        // In a folder, other YAML (CI files, values files) is simply not ours.
        if (explicit.has(uri.toString())) skipped.push(notAManifestMessage(uri.path.split('/').pop() ?? uri.toString()));
        continue;
      }
      sources.push({ uri, documents: open ? this.documentsOf(open) : parseManifests(text) });
    }
    return { sources, skipped };
  }
}
