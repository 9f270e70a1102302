// An offscreen list of buttons, one per component, so Tab walks the diagram, a screen reader
// reads each element's role and health, and Enter reveals it in the tree. The canvas itself
// is aria-hidden: this list is its accessible twin.

import type { DiagramHealth } from '../protocol/diagram-messages.js';
import type { Scene } from './scene.js';

/** Buttons beyond this many nodes would slow the page; search narrows the list instead. */
export const MAX_LISTED_NODES = 200;

export interface ListHandlers {
  focus(id: string): void;
  activate(id: string): void;
}

function item(id: string, text: string, handlers: ListHandlers): HTMLLIElement {
  const li = document.createElement('li');
  const b = document.createElement('button');
  b.type = 'button';
  b.dataset.id = id;
  b.textContent = text;
  b.setAttribute('aria-label', text);
  b.addEventListener('focus', () => handlers.focus(id));
  b.addEventListener('click', () => handlers.activate(id));
  li.append(b);
  return li;
}

const PART = { kubelet: 'kubelet', proxy: 'kube-proxy', runtime: 'container runtime' } as const;

export function renderAccessibleList(list: HTMLElement, scene: Scene, handlers: ListHandlers): void {
  const items: HTMLLIElement[] = [];
  const h = (s: DiagramHealth) => s;
  for (const c of scene.components) {
    items.push(item(c.id, `${c.title}, control plane, ${h(c.health)}: ${c.summary}`, handlers));
    for (const i of c.instances) items.push(item(i.id, `${c.title} ${i.name} on ${i.nodeName}${i.election ? `, ${i.election}` : ''}, ${h(i.health)}`, handlers));
  }
  const q = scene.filter.search.trim().toLowerCase();
  const nodes = q ? scene.nodeOrder.filter((n) => n.name.toLowerCase().includes(q)) : scene.nodeOrder;
  for (const n of nodes.slice(0, MAX_LISTED_NODES)) {
    const pods = scene.podsOn(n.name).length;
    items.push(item(n.id, `node ${n.name}${n.controlPlane ? ' (control plane)' : ''}, ${n.ready ? 'Ready' : 'NotReady'}, ${pods} pod${pods === 1 ? '' : 's'}`, handlers));
    for (const part of ['kubelet', 'proxy', 'runtime'] as const) {
      const name = part === 'proxy' && n.proxyName ? n.proxyName : part === 'runtime' && n.runtimeName ? `container runtime ${n.runtimeName}` : PART[part];
      items.push(item(`${part}:${n.name}`, `${name} on ${n.name}, ${h(n[part])}`, handlers));
    }
  }
  if (nodes.length > MAX_LISTED_NODES) {
    const li = document.createElement('li');
    li.textContent = `${nodes.length - MAX_LISTED_NODES} more nodes: type in Search to narrow the list.`;
    items.push(li);
  }
  list.replaceChildren(...items);
}
