// Draws the scene on a canvas with levels of detail by on-screen card size: full cards
// (components and pod chips), then tiles with per-look count bars, then plain health tiles.
// Only cards inside the viewport are visited, so cost follows the screen, not the cluster.

import type { DiagramHealth, PodLook } from '../protocol/diagram-messages.js';
import { CARD_H, CARD_W, CHIP_COLS, CHIP_ROWS, GAP, type Layout, NODE_PARTS, type Rect, cardRect, chipRect, partRect } from './layout.js';
import { LOOKS, type Scene } from './scene.js';

export interface View {
  zoom: number;
  panX: number;
  panY: number;
}

export interface Theme {
  /** A high-contrast theme: every shape gets the theme's contrast border, colour is never the only cue. */
  highContrast: boolean;
  background: string;
  foreground: string;
  card: string;
  border: string;
  focus: string;
  highlight: string;
  edge: string;
  font: string;
  health: Record<DiagramHealth, string>;
  pod: Record<PodLook, string>;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

/** Colours from VS Code's theme variables, re-read when the theme changes. */
export function readTheme(el: Element): Theme {
  const s = getComputedStyle(el);
  const fg = cssVar(s, '--vscode-editor-foreground', '#cccccc');
  // VS Code marks both high-contrast themes (dark and light) with this class.
  const highContrast = el.classList.contains('vscode-high-contrast') || el.classList.contains('vscode-high-contrast-light');
  const contrastBorder = cssVar(s, '--vscode-contrastBorder', fg);
  return {
    highContrast,
    background: cssVar(s, '--vscode-editor-background', '#1e1e1e'),
    foreground: fg,
    card: highContrast ? cssVar(s, '--vscode-editor-background', '#000000') : cssVar(s, '--vscode-editorWidget-background', '#252526'),
    border: highContrast ? contrastBorder : cssVar(s, '--vscode-editorWidget-border', cssVar(s, '--vscode-panel-border', '#454545')),
    focus: highContrast ? cssVar(s, '--vscode-contrastActiveBorder', cssVar(s, '--vscode-focusBorder', '#f38518')) : cssVar(s, '--vscode-focusBorder', '#007fd4'),
    highlight: cssVar(s, '--vscode-editor-findMatchBorder', cssVar(s, '--vscode-charts-yellow', '#e2c08d')),
    edge: cssVar(s, '--vscode-descriptionForeground', '#999999'),
    font: cssVar(s, '--vscode-font-family', 'sans-serif'),
    health: {
      healthy: cssVar(s, '--vscode-testing-iconPassed', '#73c991'),
      degraded: cssVar(s, '--vscode-editorWarning-foreground', '#cca700'),
      unhealthy: cssVar(s, '--vscode-errorForeground', '#f48771'),
      unknown: cssVar(s, '--vscode-disabledForeground', '#888888'),
    },
    pod: {
      ready: cssVar(s, '--vscode-charts-green', '#89d185'),
      pending: cssVar(s, '--vscode-charts-yellow', '#cca700'),
      notReady: cssVar(s, '--vscode-charts-orange', '#d18616'),
      failed: cssVar(s, '--vscode-charts-red', '#f14c4c'),
      succeeded: cssVar(s, '--vscode-charts-blue', '#3794ff'),
      terminating: cssVar(s, '--vscode-disabledForeground', '#888888'),
    },
  };
}

export interface Lit {
  /** World points of a path that lights up (scheduler -> apiserver -> kubelet). */
  points: [number, number][];
  until: number;
}

export interface Marks {
  hover?: string;
  focus?: string;
  highlights: ReadonlySet<string>;
  lit: Lit[];
}

function strokeRect(ctx: CanvasRenderingContext2D, r: Rect, color: string, width: number): void {
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.strokeRect(r.x, r.y, r.w, r.h);
}

function center(r: Rect): [number, number] {
  return [r.x + r.w / 2, r.y + r.h / 2];
}

export function draw(ctx: CanvasRenderingContext2D, width: number, height: number, view: View, l: Layout, scene: Scene, theme: Theme, marks: Marks, now: number): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, width, height);
  ctx.setTransform(view.zoom, 0, 0, view.zoom, view.panX, view.panY);
  const px = 1 / view.zoom; // one screen pixel in world units
  const world = { x0: -view.panX / view.zoom, y0: -view.panY / view.zoom, x1: (width - view.panX) / view.zoom, y1: (height - view.panY) / view.zoom };
  const cardPx = CARD_W * view.zoom;

  drawControlPlane(ctx, l, scene, theme, marks, px, cardPx);

  // Bus: kube-apiserver's connections to every kubelet, and every kubelet's watch back.
  const api = l.components.get('cp:kube-apiserver');
  if (api && scene.nodeOrder.length) {
    ctx.strokeStyle = theme.edge;
    ctx.lineWidth = 2 * px;
    ctx.beginPath();
    ctx.moveTo(api.x + api.w / 2, api.y + api.h);
    ctx.lineTo(api.x + api.w / 2, l.busY);
    ctx.moveTo(l.gridLeft, l.busY);
    ctx.lineTo(l.gridLeft + Math.min(l.cols, scene.nodeOrder.length) * (CARD_W + GAP) - GAP, l.busY);
    ctx.stroke();
    if (cardPx > 40) label(ctx, 'kubelets ⇄ kube-apiserver: watch and write · logs, exec, port-forward', api.x + api.w / 2 + 6 * px, l.busY - 6 * px, theme.edge, 11 * px, theme.font);
  }

  const col0 = Math.max(0, Math.floor((world.x0 - l.gridLeft) / (CARD_W + GAP)));
  const col1 = Math.min(l.cols - 1, Math.floor((world.x1 - l.gridLeft) / (CARD_W + GAP)));
  const row0 = Math.max(0, Math.floor((world.y0 - l.gridTop) / (CARD_H + GAP)));
  const row1 = Math.min(l.rows - 1, Math.floor((world.y1 - l.gridTop) / (CARD_H + GAP)));
  for (let row = row0; row <= row1; row++) {
    for (let col = col0; col <= col1; col++) {
      const index = row * l.cols + col;
      const node = scene.nodeOrder[index];
      if (!node) break;
      const card = cardRect(l, index);
      if (cardPx < 24) {
        ctx.fillStyle = theme.health[node.health];
        ctx.fillRect(card.x, card.y, card.w, card.h);
        if (theme.highContrast) strokeRect(ctx, card, theme.border, px);
      } else if (cardPx < 130) {
        drawTile(ctx, card, node.name, node.health, scene.counts(node.name), theme, px, cardPx);
      } else {
        drawCard(ctx, card, scene, node.name, theme, marks, px);
      }
      if (cardPx >= 130 && cardPx < 1e9) {
        // kubelet's link to the bus
        const k = partRect(card, 'kubelet');
        ctx.strokeStyle = theme.edge;
        ctx.lineWidth = px;
        ctx.beginPath();
        ctx.moveTo(k.x + k.w / 2, card.y);
        ctx.lineTo(k.x + k.w / 2, l.busY);
        ctx.stroke();
      }
      if (marks.highlights.has(node.id)) strokeRect(ctx, card, theme.highlight, 3 * px);
    }
  }

  for (const lit of marks.lit) {
    if (lit.until < now) continue;
    ctx.strokeStyle = theme.focus;
    ctx.lineWidth = 4 * px;
    ctx.beginPath();
    lit.points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.stroke();
  }
  for (const id of [marks.hover, marks.focus]) {
    if (!id) continue;
    const r = markRect(l, scene, id);
    if (r) strokeRect(ctx, { x: r.x - 2 * px, y: r.y - 2 * px, w: r.w + 4 * px, h: r.h + 4 * px }, theme.focus, 2 * px);
  }
}

function markRect(l: Layout, scene: Scene, id: string): Rect | undefined {
  if (id.startsWith('cp:')) return l.components.get(id.split(':').slice(0, 2).join(':'));
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon);
  const name = kind === 'pod' ? scene.pods.get(id)?.nodeName : id.slice(colon + 1);
  const index = scene.nodeOrder.findIndex((n) => n.name === name);
  if (index < 0) return undefined;
  const card = cardRect(l, index);
  if (kind === 'kubelet' || kind === 'proxy' || kind === 'runtime') return partRect(card, kind);
  if (kind === 'pod') {
    const k = scene.podsOn(name!).findIndex((p) => p.id === id);
    return k >= 0 && k < CHIP_COLS * CHIP_ROWS ? chipRect(card, k) : card;
  }
  return card;
}

function label(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, color: string, size: number, font: string, maxWidth?: number): void {
  ctx.fillStyle = color;
  ctx.font = `${size}px ${font}`;
  ctx.fillText(text, x, y, maxWidth);
}

function drawControlPlane(ctx: CanvasRenderingContext2D, l: Layout, scene: Scene, theme: Theme, marks: Marks, px: number, cardPx: number): void {
  const api = l.components.get('cp:kube-apiserver');
  ctx.strokeStyle = theme.edge;
  ctx.lineWidth = 2 * px;
  for (const [id, r] of l.components) {
    if (!api || id === 'cp:kube-apiserver') continue;
    const [x, y] = center(r);
    const [ax, ay] = center(api);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(ax, ay);
    ctx.stroke();
    if (cardPx > 40) label(ctx, id === 'cp:etcd' ? 'store state' : 'watch and write', (x + ax) / 2 - 30, (y + ay) / 2 - 4, theme.edge, 10, theme.font);
  }
  for (const c of scene.components) {
    const r = l.components.get(c.id);
    if (!r) continue;
    ctx.fillStyle = theme.card;
    ctx.fillRect(r.x, r.y, r.w, r.h);
    if (theme.highContrast) strokeRect(ctx, { x: r.x - 3, y: r.y - 3, w: r.w + 6, h: r.h + 6 }, theme.border, 1);
    strokeRect(ctx, r, theme.health[c.health], 3);
    if (marks.highlights.has(c.id)) strokeRect(ctx, r, theme.highlight, 3 * px);
    label(ctx, c.title, r.x + 10, r.y + 22, theme.foreground, 15, theme.font, r.w - 20);
    label(ctx, c.summary, r.x + 10, r.y + 42, theme.edge, 11, theme.font, r.w - 20);
    // One dot per instance or etcd member: leader filled, standby hollow.
    c.instances.forEach((inst, i) => {
      const x = r.x + 16 + i * 18;
      const y = r.y + r.h - 14;
      ctx.beginPath();
      ctx.arc(x, y, 6, 0, Math.PI * 2);
      if (inst.election === 'standby') {
        ctx.strokeStyle = theme.health[inst.health];
        ctx.lineWidth = 2;
        ctx.stroke();
      } else {
        ctx.fillStyle = theme.health[inst.health];
        ctx.fill();
      }
    });
  }
}

function drawTile(ctx: CanvasRenderingContext2D, card: Rect, name: string, health: DiagramHealth, counts: Record<PodLook, number>, theme: Theme, px: number, cardPx: number): void {
  ctx.fillStyle = theme.card;
  ctx.fillRect(card.x, card.y, card.w, card.h);
  ctx.fillStyle = theme.health[health];
  ctx.fillRect(card.x, card.y, card.w, 14);
  let total = 0;
  for (const look of LOOKS) total += counts[look];
  // Pods as a stacked bar by look, and the count when there is room to read it.
  let x = card.x + 8;
  const w = card.w - 16;
  for (const look of LOOKS) {
    if (!counts[look]) continue;
    const seg = (counts[look] / Math.max(1, total)) * w;
    ctx.fillStyle = theme.pod[look];
    ctx.fillRect(x, card.y + card.h - 40, seg, 28);
    x += seg;
  }
  if (cardPx >= 70) {
    label(ctx, name, card.x + 8, card.y + 40, theme.foreground, 22, theme.font, card.w - 16);
    label(ctx, `${total} pods`, card.x + 8, card.y + 74, theme.edge, 20, theme.font, card.w - 16);
  }
  strokeRect(ctx, card, theme.border, px);
}

const PART_TITLE = { kubelet: 'kubelet', proxy: 'kube-proxy', runtime: 'runtime' } as const;

function drawCard(ctx: CanvasRenderingContext2D, card: Rect, scene: Scene, nodeName: string, theme: Theme, marks: Marks, px: number): void {
  const node = scene.nodes.get(nodeName)!;
  ctx.fillStyle = theme.card;
  ctx.fillRect(card.x, card.y, card.w, card.h);
  if (theme.highContrast) strokeRect(ctx, { x: card.x - 2, y: card.y - 2, w: card.w + 4, h: card.h + 4 }, theme.border, 1);
  strokeRect(ctx, card, theme.health[node.health], 2);
  label(ctx, `${node.name}${node.controlPlane ? ' (control plane)' : ''}`, card.x + 8, card.y + 18, theme.foreground, 13, theme.font, card.w - 16);
  for (const part of NODE_PARTS) {
    const r = partRect(card, part);
    ctx.fillStyle = theme.background;
    ctx.fillRect(r.x, r.y, r.w, r.h);
    strokeRect(ctx, r, theme.health[node[part]], 2);
    const title = part === 'proxy' && node.proxyName && node.proxyName !== 'kube-proxy' ? node.proxyName : part === 'runtime' && node.runtimeName ? node.runtimeName : PART_TITLE[part];
    label(ctx, title, r.x + 4, r.y + 19, theme.foreground, 10, theme.font, r.w - 8);
  }
  const pods = scene.podsOn(nodeName);
  const max = CHIP_COLS * CHIP_ROWS;
  const shown = pods.length > max ? max - 1 : pods.length;
  for (let k = 0; k < shown; k++) {
    const r = chipRect(card, k);
    const p = pods[k];
    ctx.fillStyle = theme.pod[p.look];
    ctx.fillRect(r.x, r.y, r.w, r.h);
    if (theme.highContrast) strokeRect(ctx, r, theme.border, Math.min(1, px));
    if (marks.highlights.has(p.id)) strokeRect(ctx, r, theme.highlight, 2 * px);
  }
  if (pods.length > max) {
    const r = chipRect(card, max - 1);
    label(ctx, `+${pods.length - shown}`, r.x - 8, r.y + 9, theme.foreground, 9, theme.font);
  }
}
