// The "Architecture" view's TreeDataProvider: maps the pure elements and their looks onto
// TreeItems, refreshes only the elements a change set touches, and builds tooltips lazily
// in resolveTreeItem, with the API server probed at hover time.

import * as vscode from 'vscode';
import { type ArchitectureElement, ArchitectureElements, podElementId } from './architecture-elements.js';
import type { Event } from '../cluster/emitter.js';
import { elementsToRefresh } from './architecture-changes.js';
import { type ElementLook, type HealthColor, describeElement } from './architecture-labels.js';
import { elementTooltip } from './architecture-tooltips.js';
import type { ActiveCluster, ClusterSession } from './cluster-session.js';
import { Disposable } from './disposable.js';
import type { Clock } from '../kube/clock.js';

const COLORS: Record<HealthColor, string | undefined> = {
  healthy: 'testing.iconPassed',
  degraded: 'list.warningForeground',
  unhealthy: 'list.errorForeground',
  unknown: 'disabledForeground',
  none: undefined,
};

const COLLAPSIBLE: Record<ElementLook['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export const RETRY_COMMAND = 'clusterAnatomy.refresh';

/** A short note to show after a pod's description (e.g. "applied just now"), and when it changes. */
export interface PodNotes {
  describe(podKey: string): string | undefined;
  readonly onDidChange: Event<string[]>;
}

export class ArchitectureTreeProvider extends Disposable implements vscode.TreeDataProvider<ArchitectureElement> {
  private readonly changed = this._register(new vscode.EventEmitter<ArchitectureElement | ArchitectureElement[] | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private elements?: ArchitectureElements;
  private podNotes?: PodNotes;
  /** How many refreshes fired and of how many elements (tests check that refreshes stay narrow). */
  readonly refreshStats = { fires: 0, elements: 0, full: 0 };

  constructor(
    private readonly session: ClusterSession,
    private readonly clock: Clock,
    private readonly groupBy: () => 'role' | 'zone' = () => 'role',
    private readonly pageSize = 100,
  ) {
    super();
    this._register(session.onDidChangeActive((a) => this.reset(a)));
    this._register(session.onDidChangeState(() => this.fire('all')));
    this._register(session.onDidChangeInfo(() => this.onInfo()));
    this._register(
      session.onDidChangeModel((changes) => {
        if (!this.elements) return;
        this.fire(elementsToRefresh(this.elements, changes));
      }),
    );
  }

  /** Shows notes next to pods, refreshing only the pods whose note came or went. */
  showPodNotes(notes: PodNotes): void {
    this.podNotes = notes;
    this._register(
      notes.onDidChange((keys) => {
        const elements = this.elements;
        if (!elements) return;
        this.fire(
          keys.flatMap((key) => {
            const pod = elements.source.model.pod(key);
            const element = pod && elements.cached(podElementId(key, pod.nodeName));
            return element ? [element] : [];
          }),
        );
      }),
    );
  }

  /** The pure tree (for tests and the benchmark). */
  get current(): ArchitectureElements | undefined {
    return this.elements;
  }

  private reset(active: ActiveCluster | undefined): void {
    const clock = this.clock;
    this.elements = active
      ? new ArchitectureElements(
          {
            contextName: active.contextName,
            model: active.connection.model,
            get state() {
              return active.connection.state;
            },
            get serverVersion() {
              return active.serverVersion;
            },
            get probes() {
              return active.probes;
            },
            now: () => clock.now(),
          },
          { pageSize: this.pageSize, groupBy: this.groupBy() },
        )
      : undefined;
    this.fire('all');
  }

  /** Rebuilds the tree (a setting that shapes it changed). */
  rebuild(): void {
    this.reset(this.session.current);
  }

  private onInfo(): void {
    if (!this.elements) return;
    this.elements.invalidate(false);
    // Version and distribution are on the root; probes colour kube-apiserver and etcd.
    this.fire('all');
  }

  private fire(what: 'all' | ArchitectureElement[]): void {
    if (what === 'all') {
      this.refreshStats.full++;
      this.refreshStats.fires++;
      this.changed.fire(undefined);
    } else if (what.length) {
      this.refreshStats.fires++;
      this.refreshStats.elements += what.length;
      this.changed.fire(what);
    }
  }

  getChildren(element?: ArchitectureElement): ArchitectureElement[] {
    // No cluster: an empty root lets the view show its welcome content.
    return this.elements ? this.elements.children(element) : [];
  }

  getTreeItem(element: ArchitectureElement): vscode.TreeItem {
    // VS Code may still ask about an element of a connection that was just replaced.
    if (!this.elements) return new vscode.TreeItem(element.id);
    const look = describeElement(this.elements, element);
    const item = new vscode.TreeItem(look.label, COLLAPSIBLE[look.collapsible]);
    item.id = element.id;
    item.description = look.description;
    const note = element.kind === 'pod' ? this.podNotes?.describe(element.podKey) : undefined;
    if (note) item.description = look.description ? `${look.description} · ${note}` : note;
    const color = COLORS[look.color];
    item.iconPath = new vscode.ThemeIcon(look.codicon, color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = look.contextValue;
    if (look.retry) item.command = { command: RETRY_COMMAND, title: 'Retry' };
    return item;
  }

  async resolveTreeItem(item: vscode.TreeItem, element: ArchitectureElement, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    const elements = this.elements;
    if (!elements) return item;
    const markdown = await this.tooltipMarkdown(element);
    if (markdown && !token.isCancellationRequested) item.tooltip = toMarkdownString(markdown);
    return item;
  }

  /** Tooltip text with fresh health: the API server's probes are at most 2 s old. */
  async tooltipMarkdown(element: ArchitectureElement): Promise<string | undefined> {
    const elements = this.elements;
    if (!elements) return undefined;
    if (element.kind === 'component' || element.kind === 'instance') {
      // While the connection is down an earlier answer says nothing: probe again.
      const live = elements.source.state.phase === 'connected' && !elements.source.model.stale;
      await this.session.probe(undefined, live ? 2000 : 0).catch(() => undefined);
    }
    return elementTooltip(elements, element);
  }

  /** TreeView.reveal needs it: the element's parent, up to the cluster root. */
  getParent(element: ArchitectureElement): ArchitectureElement | undefined {
    return this.elements?.parent(element);
  }

  /**
   * Selects and shows the tree element for a diagram id (a click in the diagram); false when
   * the tree has no such element (not connected, or the thing is gone).
   */
  async revealDiagramElement(id: string, view: vscode.TreeView<ArchitectureElement>): Promise<boolean> {
    const element = this.elements?.fromDiagramId(id);
    if (!element) return false;
    await view.reveal(element, { select: true, focus: true, expand: false });
    return true;
  }

  /** Finds a cached element by id (tests). */
  element(id: string): ArchitectureElement | undefined {
    return this.elements?.cached(id);
  }
}

export function toMarkdownString(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown, true);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}
