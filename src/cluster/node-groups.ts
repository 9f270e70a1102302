// Keeps the Nodes part of the tree usable at 5,000 nodes: nodes are grouped by role
// (control plane first) or by zone, and a group larger than a page is split into pages
// of consecutive names, so no tree level ever renders more than a page of items.

import type { ClusterModel } from './model.js';
import type { NodeRecord } from './projections.js';

export interface NodeGroup {
  /** Stable across refreshes, for tree element ids: `role:worker:2`. */
  id: string;
  /** `control-plane`, `worker`, `zone-a`, or a page label `node-0100 … node-0199`. */
  label: string;
  nodeNames: string[];
  /** Sub-groups (pages) when the group is bigger than a page. */
  pages?: NodeGroup[];
}

export interface NodeGroupingOptions {
  by?: 'role' | 'zone';
  pageSize?: number;
}

/** The role shown for a node: its first role, control-plane (or legacy master) winning; `worker` without any. */
export function primaryRole(n: NodeRecord): string {
  if (n.roles.includes('control-plane') || n.roles.includes('master')) return 'control-plane';
  return n.roles[0] ?? 'worker';
}

function paginate(id: string, names: string[], pageSize: number): NodeGroup[] | undefined {
  if (names.length <= pageSize) return undefined;
  const pages: NodeGroup[] = [];
  for (let i = 0; i < names.length; i += pageSize) {
    const slice = names.slice(i, i + pageSize);
    pages.push({ id: `${id}:${i / pageSize}`, label: `${slice[0]} … ${slice[slice.length - 1]}`, nodeNames: slice });
  }
  return pages;
}

/**
 * Groups for the tree, or a single group holding every node when there are no more
 * than a page of them (the tree then lists nodes directly).
 */
export function groupNodes(model: ClusterModel, options: NodeGroupingOptions = {}): NodeGroup[] {
  const pageSize = options.pageSize ?? 100;
  const by = options.by ?? 'role';
  const names = model.nodeNames();
  if (names.length <= pageSize) return [{ id: 'all', label: 'all', nodeNames: [...names] }];
  const buckets = new Map<string, string[]>();
  for (const name of names) {
    const record = model.node(name)!.record;
    const key = by === 'zone' ? (record.zone ?? '(no zone)') : primaryRole(record);
    let list = buckets.get(key);
    if (!list) buckets.set(key, (list = []));
    list.push(name);
  }
  const keys = [...buckets.keys()].sort((a, b) => (a === 'control-plane' ? -1 : b === 'control-plane' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  return keys.map((key) => {
    const id = `${by}:${key}`;
    const nodeNames = buckets.get(key)!;
    return { id, label: key, nodeNames, pages: paginate(id, nodeNames, pageSize) };
  });
}
