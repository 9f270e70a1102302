// The elements of the "Architecture" tree and how they nest, without `vscode`, so the
// tree's shape can be tested and benchmarked on a synthetic model. Elements are cached by
// a stable id: VS Code matches refreshed elements by identity, so the same object must
// come back for the same thing for as long as it exists.

import type { AddOnName, ControlPlaneComponentName } from '../cluster/control-plane.js';
import type { ConnectionState, ForbiddenResource } from '../cluster/connection.js';
import type { ClusterModel } from '../cluster/model.js';
import { type NodeGroup, groupNodes } from '../cluster/node-groups.js';
import { objectKey } from '../cluster/projections.js';
import { type Distribution, controlPlaneEntries, detectClusterDistribution } from '../anatomy/distribution.js';
import type { ApiServerProbes } from '../anatomy/health.js';

export type NodeComponentKind = 'kubelet' | 'kube-proxy' | 'container-runtime';

export type ArchitectureElement =
  | { kind: 'cluster'; id: string }
  | { kind: 'status'; id: string }
  | { kind: 'forbidden'; id: string; forbidden: ForbiddenResource }
  | { kind: 'controlPlane'; id: string }
  | { kind: 'component'; id: string; component: ControlPlaneComponentName }
  | { kind: 'instance'; id: string; component: ControlPlaneComponentName; podKey: string }
  | { kind: 'addOns'; id: string }
  | { kind: 'addOn'; id: string; addOn: AddOnName }
  | { kind: 'nodes'; id: string }
  | { kind: 'nodeGroup'; id: string; groupId: string; pageIndex?: number }
  | { kind: 'node'; id: string; nodeName: string }
  | { kind: 'nodeComponent'; id: string; nodeName: string; component: NodeComponentKind }
  | { kind: 'pods'; id: string; nodeName: string }
  | { kind: 'pod'; id: string; podKey: string }
  | { kind: 'unscheduled'; id: string }
  | { kind: 'unscheduledPage'; id: string; page: number };

/** What the tree shows: one connection's model plus what the session knows about it. */
export interface ArchitectureSource {
  readonly contextName: string;
  readonly model: ClusterModel;
  readonly state: ConnectionState;
  readonly serverVersion?: string;
  readonly probes?: ApiServerProbes;
  /** Clock time, for ages in health verdicts. */
  now(): number;
}

export function podElementId(podKey: string, nodeName: string): string {
  return `pod/${nodeName}/${podKey}`;
}

export interface ArchitectureOptions {
  /** No tree level lists more than this many nodes or pending pods. */
  pageSize?: number;
  groupBy?: 'role' | 'zone';
}

export class ArchitectureElements {
  private readonly cache = new Map<string, ArchitectureElement>();
  private groups?: NodeGroup[];
  private distribution?: Distribution;
  readonly pageSize: number;

  constructor(
    readonly source: ArchitectureSource,
    private readonly options: ArchitectureOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 100;
  }

  /**
   * Forgets derived data after the model changed: node groups when nodes came or went,
   * the distribution when what it is detected from (nodes, control-plane pods) changed.
   */
  invalidate(nodeListChanged: boolean, distributionInputsChanged = true): void {
    if (nodeListChanged) this.groups = undefined;
    if (distributionInputsChanged) this.distribution = undefined;
  }

  clusterDistribution(): Distribution {
    return (this.distribution ??= detectClusterDistribution(this.source.model, this.source.serverVersion));
  }

  /** The cached element with this id, if the tree has handed it out. */
  cached(id: string): ArchitectureElement | undefined {
    return this.cache.get(id);
  }

  forget(id: string): void {
    this.cache.delete(id);
  }

  root(): ArchitectureElement {
    return this.get({ kind: 'cluster', id: 'cluster' });
  }

  children(e: ArchitectureElement | undefined): ArchitectureElement[] {
    if (!e) return [this.root()];
    const m = this.source.model;
    switch (e.kind) {
      case 'cluster':
        return this.clusterChildren();
      case 'controlPlane':
        return controlPlaneEntries(m, this.clusterDistribution()).map((c) => this.get({ kind: 'component', id: `cp/${c.view.name}`, component: c.view.name }));
      case 'component':
        return m.controlPlaneComponent(e.component).instances.map((i) => {
          const podKey = objectKey(i.pod);
          return this.get({ kind: 'instance', id: `cp/${e.component}/${podKey}`, component: e.component, podKey });
        });
      case 'addOns':
        return [this.get({ kind: 'addOn', id: 'addon/coredns', addOn: 'coredns' })];
      case 'nodes':
        return this.nodesChildren();
      case 'nodeGroup':
        return this.groupChildren(e);
      case 'node':
        return [
          this.get({ kind: 'nodeComponent', id: `node/${e.nodeName}/kubelet`, nodeName: e.nodeName, component: 'kubelet' }),
          this.get({ kind: 'nodeComponent', id: `node/${e.nodeName}/kube-proxy`, nodeName: e.nodeName, component: 'kube-proxy' }),
          this.get({ kind: 'nodeComponent', id: `node/${e.nodeName}/container-runtime`, nodeName: e.nodeName, component: 'container-runtime' }),
          this.get({ kind: 'pods', id: `node/${e.nodeName}/pods`, nodeName: e.nodeName }),
        ];
      case 'pods':
        return m.podsOnNode(e.nodeName).map((p) => this.podElement(objectKey(p), p.nodeName));
      case 'unscheduled': {
        const pods = m.unscheduled();
        if (pods.length <= this.pageSize) return pods.map((p) => this.podElement(objectKey(p), p.nodeName));
        const pages: ArchitectureElement[] = [];
        for (let i = 0; i * this.pageSize < pods.length; i++) pages.push(this.get({ kind: 'unscheduledPage', id: `unscheduled/${i}`, page: i }));
        return pages;
      }
      case 'unscheduledPage':
        return m
          .unscheduled()
          .slice(e.page * this.pageSize, (e.page + 1) * this.pageSize)
          .map((p) => this.podElement(objectKey(p), p.nodeName));
      default:
        return [];
    }
  }

  /** Whether the element still stands for something (refreshing a vanished one would fail). */
  exists(e: ArchitectureElement): boolean {
    const m = this.source.model;
    switch (e.kind) {
      case 'node':
      case 'nodeComponent':
      case 'pods':
        return m.node(e.nodeName) !== undefined;
      case 'pod':
        return m.pod(e.podKey) !== undefined && e.id === podElementId(e.podKey, m.pod(e.podKey)!.nodeName);
      case 'instance':
        return m.pod(e.podKey) !== undefined;
      case 'nodeGroup':
        return this.findGroupOrPage(e.groupId) !== undefined;
      case 'unscheduledPage':
        return e.page * this.pageSize < m.unscheduledCount;
      case 'unscheduled':
        return m.unscheduledCount > 0;
      default:
        return true;
    }
  }

  /** The groups of the Nodes level, or undefined when nodes are listed directly. */
  nodeGroups(): NodeGroup[] {
    return (this.groups ??= groupNodes(this.source.model, { by: this.options.groupBy, pageSize: this.pageSize }));
  }

  private clusterChildren(): ArchitectureElement[] {
    const { state, model } = this.source;
    const out: ArchitectureElement[] = [];
    const hasData = model.hasSynced('Node') || model.hasSynced('Pod');
    if (state.phase !== 'connected' || model.stale) out.push(this.get({ kind: 'status', id: 'status' }));
    for (const f of state.forbidden) out.push(this.get({ kind: 'forbidden', id: `forbidden/${f.resource}/${f.namespace ?? ''}`, forbidden: f }));
    if (!hasData) return out;
    // Add-ons after the nodes: not part of the core anatomy, but every cluster needs its DNS.
    out.push(this.get({ kind: 'controlPlane', id: 'cp' }), this.get({ kind: 'nodes', id: 'nodes' }), this.get({ kind: 'addOns', id: 'addons' }));
    if (model.unscheduledCount > 0) out.push(this.get({ kind: 'unscheduled', id: 'unscheduled' }));
    return out;
  }

  private nodesChildren(): ArchitectureElement[] {
    const groups = this.nodeGroups();
    if (groups.length === 1 && groups[0].id === 'all') return groups[0].nodeNames.map((n) => this.nodeElement(n));
    return groups.map((g) => this.get({ kind: 'nodeGroup', id: `nodes/${g.id}`, groupId: g.id }));
  }

  private groupChildren(e: Extract<ArchitectureElement, { kind: 'nodeGroup' }>): ArchitectureElement[] {
    const g = this.findGroupOrPage(e.groupId);
    if (!g) return [];
    if (g.pages) return g.pages.map((p) => this.get({ kind: 'nodeGroup', id: `nodes/${p.id}`, groupId: p.id }));
    return g.nodeNames.map((n) => this.nodeElement(n));
  }

  /** Pages are looked up through their parent group (`role:worker:3` is page 3 of `role:worker`). */
  findGroupOrPage(groupId: string): NodeGroup | undefined {
    for (const g of this.nodeGroups()) {
      if (g.id === groupId) return g;
      const page = g.pages?.find((p) => p.id === groupId);
      if (page) return page;
    }
    return undefined;
  }

  nodeElement(name: string): ArchitectureElement {
    return this.get({ kind: 'node', id: `node/${name}`, nodeName: name });
  }

  /** The node is part of the id: a pod that moves gets a new element, never two parents. */
  podElement(podKey: string, nodeName: string): ArchitectureElement {
    return this.get({ kind: 'pod', id: podElementId(podKey, nodeName), podKey });
  }

  private get<E extends ArchitectureElement>(fresh: E): E {
    const known = this.cache.get(fresh.id);
    if (known && known.kind === fresh.kind) return known as E;
    this.cache.set(fresh.id, fresh);
    return fresh;
  }
}
