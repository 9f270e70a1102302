// Which tree elements a model change set touches, so the tree refreshes only those
// (VS Code re-renders a refreshed element and its expanded subtree). Only elements the
// tree has already handed out can be refreshed; the others are fetched when expanded.

import type { ChangeSet } from '../cluster/views.js';
import { type ArchitectureElement, type ArchitectureElements, podElementId } from './architecture-elements.js';

export type Refresh = 'all' | ArchitectureElement[];

/** The elements to refresh for a change set. */
export function elementsToRefresh(elements: ArchitectureElements, changes: ChangeSet): Refresh {
  // Both are rare (connect, outage): everything shown changes its look (colours, "listing…").
  if (changes.staleChanged || changes.syncedChanged) return 'all';
  const model = elements.source.model;
  const before = elements.clusterDistribution().title;
  elements.invalidate(changes.nodeListChanged, changes.nodeListChanged || changes.nodes.size > 0 || changes.components.size > 0);
  const out = new Set<ArchitectureElement>();
  const add = (id: string) => {
    const e = elements.cached(id);
    if (!e) return;
    if (elements.exists(e)) out.add(e);
    else elements.forget(id);
  };
  // The root changes when the distribution is first known; its refresh covers everything.
  // ("Unscheduled" stays on the root even at 0: every new pod passes through it, and
  // making it appear and vanish would re-render the whole tree per pod.)
  if (before !== elements.clusterDistribution().title) return 'all';
  if (changes.nodeListChanged) add('nodes');
  for (const name of changes.nodes) {
    add(`node/${name}`);
    add(`node/${name}/pods`);
  }
  for (const key of changes.pods) {
    const pod = model.pod(key);
    if (pod) add(podElementId(key, pod.nodeName));
  }
  if (changes.components.size) add('cp');
  for (const name of changes.addOns) add(`addon/${name}`);
  if (changes.unscheduled) {
    add('unscheduled');
    for (let i = 0; elements.cached(`unscheduled/${i}`); i++) add(`unscheduled/${i}`);
  }
  // A refreshed ancestor re-renders its subtree: drop descendants of refreshed elements.
  const ids = new Set([...out].map((e) => e.id));
  return [...out].filter((e) => !ancestorIds(e).some((a) => ids.has(a)));
}

function ancestorIds(e: ArchitectureElement): string[] {
  switch (e.kind) {
    case 'node':
    case 'nodeGroup':
      return ['nodes'];
    case 'pods':
    case 'nodeComponent':
      return ['nodes', `node/${e.nodeName}`];
    case 'pod': {
      const node = e.id.slice('pod/'.length, e.id.length - e.podKey.length - 1);
      return node ? ['nodes', `node/${node}`, `node/${node}/pods`] : ['unscheduled'];
    }
    case 'component':
    case 'instance':
      return ['cp'];
    case 'unscheduledPage':
      return ['unscheduled'];
    case 'addOn':
      return ['addons'];
    default:
      return [];
  }
}
