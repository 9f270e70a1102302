// The elements of the "Architecture" tree and how they nest, without `vscode`, so the
// tree's shape can be tested and benchmarked on a synthetic model. Elements are cached by
// a stable id: VS Code matches refreshed elements by identity, so the same object must
// come back for the same thing for as long as it exists.

import { type AddOnName, CONTROL_PLANE_COMPONENTS, type ControlPlaneComponentName } from '../cluster/control-plane.js';
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

/** The node parts of the diagram's ids (`kubelet:whale2`) as the tree names them. */
const DIAGRAM_NODE_PARTS: Record<'kubelet' | 'proxy' | 'runtime', NodeComponentKind> = { kubelet: 'kubelet', proxy: 'kube-proxy', runtime: 'container-runtime' };

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
      default:
        return true;
    }
  }

  /** The element's parent, as TreeView.reveal walks it up to the root (undefined for the root or a vanished element). */
  parent(e: ArchitectureElement): ArchitectureElement | undefined {
    const m = this.source.model;
    switch (e.kind) {
      case 'cluster':
        return undefined;
      case 'status':
      case 'forbidden':
      case 'controlPlane':
      case 'nodes':
      case 'addOns':
      case 'unscheduled':
        return this.root();
      case 'addOn':
        return this.get({ kind: 'addOns', id: 'addons' });
      case 'component':
        return this.get({ kind: 'controlPlane', id: 'cp' });
      case 'instance':
        return this.get({ kind: 'component', id: `cp/${e.component}`, component: e.component });
      case 'nodeGroup': {
        const owner = this.nodeGroups().find((g) => g.pages?.some((p) => p.id === e.groupId));
        return owner ? this.groupElement(owner.id) : this.get({ kind: 'nodes', id: 'nodes' });
      }
      case 'node': {
        const groups = this.nodeGroups();
        if (groups.length === 1 && groups[0].id === 'all') return this.get({ kind: 'nodes', id: 'nodes' });
        for (const g of groups) {
          const page = g.pages?.find((p) => p.nodeNames.includes(e.nodeName));
          if (page) return this.groupElement(page.id);
          if (!g.pages && g.nodeNames.includes(e.nodeName)) return this.groupElement(g.id);
        }
        return undefined;
      }
      case 'nodeComponent':
      case 'pods':
        return this.nodeElement(e.nodeName);
      case 'pod': {
        const p = m.pod(e.podKey);
        if (!p) return undefined;
        if (p.nodeName) return m.node(p.nodeName) ? this.get({ kind: 'pods', id: `node/${p.nodeName}/pods`, nodeName: p.nodeName }) : undefined;
        if (m.unscheduledCount <= this.pageSize) return this.get({ kind: 'unscheduled', id: 'unscheduled' });
        const index = m.unscheduled().findIndex((u) => objectKey(u) === e.podKey);
        if (index < 0) return undefined;
        const page = Math.floor(index / this.pageSize);
        return this.get({ kind: 'unscheduledPage', id: `unscheduled/${page}`, page });
      }
      case 'unscheduledPage':
        return this.get({ kind: 'unscheduled', id: 'unscheduled' });
    }
  }

  /**
   * The tree element for an id of the diagram's protocol (`cp:etcd`, `cp:etcd:etcd-whale1`,
   * `node:whale2`, `kubelet:whale2`, `proxy:…`, `runtime:…`, `pod:ns/name`), or undefined
   * when the tree does not show that thing.
   */
  fromDiagramId(id: string): ArchitectureElement | undefined {
    const m = this.source.model;
    const colon = id.indexOf(':');
    if (colon < 0) return undefined;
    const kind = id.slice(0, colon);
    const rest = id.slice(colon + 1);
    switch (kind) {
      case 'cp': {
        const [name, podName] = rest.split(':');
        const component = CONTROL_PLANE_COMPONENTS.find((c) => c === name);
        if (!component) return undefined;
        if (podName === undefined) return this.get({ kind: 'component', id: `cp/${component}`, component });
        const instance = m.controlPlaneComponent(component).instances.find((i) => i.pod.name === podName);
        if (!instance) return undefined;
        const podKey = objectKey(instance.pod);
        return this.get({ kind: 'instance', id: `cp/${component}/${podKey}`, component, podKey });
      }
      case 'node':
        return m.node(rest) ? this.nodeElement(rest) : undefined;
      case 'kubelet':
      case 'proxy':
      case 'runtime': {
        if (!m.node(rest)) return undefined;
        const component = DIAGRAM_NODE_PARTS[kind];
        return this.get({ kind: 'nodeComponent', id: `node/${rest}/${component}`, nodeName: rest, component });
      }
      case 'pod': {
        const p = m.pod(rest);
        return p ? this.podElement(rest, p.nodeName) : undefined;
      }
      default:
        return undefined;
    }
  }

  private groupElement(groupId: string): ArchitectureElement {
    return this.get({ kind: 'nodeGroup', id: `nodes/${groupId}`, groupId });
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
    out.push(this.get({ kind: 'unscheduled', id: 'unscheduled' }));
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
