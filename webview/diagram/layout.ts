// World coordinates of everything drawn: the control-plane region on top (kube-apiserver at
// its hub), a bus for the API server's connections, then node cards in a square-ish grid.
// Cards are uniform so a point maps to a card by arithmetic, not by searching 5,000 rects.

import type { Scene } from './scene.js';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const CARD_W = 240;
export const CARD_H = 168;
export const GAP = 24;
export const CHIP = 9;
export const CHIP_STEP = 11;
export const CHIP_COLS = 20;
export const CHIP_ROWS = 8;
const CP_BOX_W = 210;
const CP_BOX_H = 74;
const GRID_TOP = 300;

export interface Layout {
  cols: number;
  rows: number;
  width: number;
  height: number;
  gridLeft: number;
  gridTop: number;
  busY: number;
  /** Control-plane component boxes by element id (`cp:etcd`). */
  components: Map<string, Rect>;
}

export function computeLayout(scene: Scene): Layout {
  const n = scene.nodeOrder.length;
  const cols = Math.max(1, Math.min(n, Math.ceil(Math.sqrt(n * 1.6))));
  const rows = Math.ceil(n / cols);
  const gridWidth = cols * (CARD_W + GAP) - GAP;
  const width = Math.max(gridWidth, 1000);
  const cx = width / 2;
  const components = new Map<string, Rect>();
  const at = (id: string, x: number, y: number) => components.set(id, { x, y, w: CP_BOX_W, h: CP_BOX_H });
  at('cp:kube-apiserver', cx - CP_BOX_W / 2, 110);
  at('cp:etcd', cx - CP_BOX_W / 2 - 330, 110);
  at('cp:kube-scheduler', cx + CP_BOX_W / 2 + 120, 40);
  at('cp:kube-controller-manager', cx + CP_BOX_W / 2 + 120, 140);
  if (scene.components.some((c) => c.id === 'cp:cloud-controller-manager')) at('cp:cloud-controller-manager', cx + CP_BOX_W / 2 + 120, 240 - CP_BOX_H / 2 + 20);
  const gridLeft = (width - gridWidth) / 2;
  return { cols, rows, width, height: GRID_TOP + rows * (CARD_H + GAP), gridLeft, gridTop: GRID_TOP, busY: GRID_TOP - 40, components };
}

export function cardRect(l: Layout, index: number): Rect {
  const col = index % l.cols;
  const row = Math.floor(index / l.cols);
  return { x: l.gridLeft + col * (CARD_W + GAP), y: l.gridTop + row * (CARD_H + GAP), w: CARD_W, h: CARD_H };
}

export type NodePart = 'kubelet' | 'proxy' | 'runtime';
export const NODE_PARTS: readonly NodePart[] = ['kubelet', 'proxy', 'runtime'];

export function partRect(card: Rect, part: NodePart): Rect {
  const i = NODE_PARTS.indexOf(part);
  const w = (card.w - 16 - 8) / 3;
  return { x: card.x + 8 + i * (w + 4), y: card.y + 28, w, h: 30 };
}

export function chipRect(card: Rect, k: number): Rect {
  return { x: card.x + 10 + (k % CHIP_COLS) * CHIP_STEP, y: card.y + 68 + Math.floor(k / CHIP_COLS) * CHIP_STEP, w: CHIP, h: CHIP };
}

function inside(r: Rect, x: number, y: number): boolean {
  return x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;
}

/** The element id under a world point, finest first (pod chip, node part, node). */
export function hitTest(l: Layout, scene: Scene, x: number, y: number): string | undefined {
  for (const [id, r] of l.components) if (inside(r, x, y)) return id;
  const col = Math.floor((x - l.gridLeft) / (CARD_W + GAP));
  const row = Math.floor((y - l.gridTop) / (CARD_H + GAP));
  if (col < 0 || col >= l.cols || row < 0) return undefined;
  const index = row * l.cols + col;
  const node = scene.nodeOrder[index];
  if (!node) return undefined;
  const card = cardRect(l, index);
  if (!inside(card, x, y)) return undefined;
  for (const part of NODE_PARTS) if (inside(partRect(card, part), x, y)) return `${part}:${node.name}`;
  const k = Math.floor((y - card.y - 68) / CHIP_STEP) * CHIP_COLS + Math.floor((x - card.x - 10) / CHIP_STEP);
  if (y >= card.y + 68 && x >= card.x + 10 && k >= 0 && k < CHIP_COLS * CHIP_ROWS && (x - card.x - 10) < CHIP_COLS * CHIP_STEP) {
    const pods = scene.podsOn(node.name);
    if (k < pods.length && !(k === CHIP_COLS * CHIP_ROWS - 1 && pods.length > CHIP_COLS * CHIP_ROWS)) return pods[k].id;
  }
  return node.id;
}

/** Where an element is, for zoom-to-match and the keyboard focus ring. */
export function elementRect(l: Layout, scene: Scene, id: string): Rect | undefined {
  const comp = l.components.get(id.split(':').slice(0, 2).join(':'));
  if (id.startsWith('cp:')) return comp;
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon);
  let nodeName = id.slice(colon + 1);
  if (kind === 'pod') nodeName = scene.pods.get(id)?.nodeName ?? '';
  const index = scene.nodeOrder.findIndex((n) => n.name === nodeName);
  if (index < 0) return undefined;
  const card = cardRect(l, index);
  if (kind === 'kubelet' || kind === 'proxy' || kind === 'runtime') return partRect(card, kind);
  if (kind === 'pod') {
    const k = scene.podsOn(nodeName).findIndex((p) => p.id === id);
    return k >= 0 && k < CHIP_COLS * CHIP_ROWS ? chipRect(card, k) : card;
  }
  return card;
}
