// The architecture diagram webview: receives a snapshot then deltas from the host, draws
// them on a canvas, and sends back only intents (reveal, open YAML, hover, export). It never
// talks to the cluster itself.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { DiagramViewState, HostMessage, TooltipContent, WebviewMessage } from '../protocol/diagram-messages.js';
import { renderAccessibleList } from './accessible-list.js';
import { vscodeContextFor } from './context-menu.js';
import { exportSvg } from './export-svg.js';
import { type Layout, computeLayout, elementRect, hitTest } from './layout.js';
import { type Lit, type Marks, type Theme, type View, draw, readTheme } from './render.js';
import { renderLegend } from './legend.js';
import { Scene } from './scene.js';
import { statusLine } from './status-line.js';

/** The search outlines at most this many matches (and says `500+`). */
const MATCH_LIMIT = 500;

interface VsCodeApi {
  postMessage(m: WebviewMessage): void;
  getState(): DiagramViewState | undefined;
  setState(s: DiagramViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const scene = new Scene();
const saved = vscode.getState();
const view: View = { zoom: saved?.zoom ?? 1, panX: saved?.panX ?? 0, panY: saved?.panY ?? 0 };
if (saved) scene.setFilter({ namespace: saved.namespace, showSystemPods: saved.showSystemPods });
const marks: Marks = { highlights: new Set(), lit: [] };
/** What the host asked to outline (e.g. what an apply just changed), and what the search found. */
let hostHighlights: ReadonlySet<string> = new Set();
let hostHighlightReason = '';
let searchMatches: string[] = [];
let layout: Layout = computeLayout(scene);
let theme: Theme;
let hasSnapshot = false;
/** Between a snapshot's head and its last slice of pods: nothing is drawn as if complete. */
let receivingSnapshot = false;
let fitPending = !saved;
/** A one-off line (an export's result) shown after the counts until the next snapshot. */
let statusNote = '';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- DOM ----
const toolbar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Diagram tools' });
const namespaceSelect = el('vscode-single-select' as 'select', { 'aria-label': 'Namespace filter', class: 'namespace' });
const search = el('vscode-textfield' as 'input', { placeholder: 'Search nodes and pods', 'aria-label': 'Search nodes and pods', class: 'search' });
const systemPods = el('vscode-checkbox' as 'input', { label: 'System pods' });
const fitButton = el('vscode-button' as 'button', { secondary: '' }, 'Fit');
const svgButton = el('vscode-button' as 'button', { secondary: '' }, 'Export SVG');
const pngButton = el('vscode-button' as 'button', { secondary: '' }, 'Export PNG');
toolbar.append(namespaceSelect, search, systemPods, fitButton, svgButton, pngButton);
const stage = el('div', { class: 'stage' });
const canvas = el('canvas', { 'aria-hidden': 'true' });
const tooltip = el('div', { class: 'tooltip', role: 'tooltip', hidden: '' });
const status = el('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
const legend = el('div', { class: 'legend', 'aria-label': 'Legend' });
const list = el('ul', { class: 'offscreen', 'aria-label': 'Cluster components: Enter reveals in the tree' });
stage.append(canvas, tooltip, legend, status);
document.body.append(toolbar, list, stage);
(systemPods as unknown as { checked: boolean }).checked = scene.filter.showSystemPods;

function applyTheme(): void {
  theme = readTheme(document.body);
  renderLegend(legend, theme);
  requestDraw();
}

// ---- drawing ----
let frame = 0;
let listVersion = -1;
function requestDraw(): void {
  if (!frame) frame = requestAnimationFrame(drawNow);
}

function drawNow(): void {
  frame = 0;
  const ratio = window.devicePixelRatio || 1;
  const w = stage.clientWidth;
  const h = stage.clientHeight;
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
    canvas.style.width = `${w}px`;
    canvas.style.height = `${h}px`;
  }
  if (fitPending && hasSnapshot) {
    fit();
    fitPending = false;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const started = performance.now();
  ctx.save();
  ctx.scale(ratio, ratio);
  const v = { zoom: view.zoom * ratio, panX: view.panX * ratio, panY: view.panY * ratio };
  draw(ctx, canvas.width, canvas.height, v, layout, scene, theme, marks, Date.now());
  ctx.restore();
  // Read by the benchmark; a person never sees it.
  canvas.dataset.drawMs = (performance.now() - started).toFixed(2);
  if (hasSnapshot && !receivingSnapshot) canvas.dataset.rendered = String(scene.version);
  const lit = marks.lit.length;
  marks.lit = marks.lit.filter((l) => l.until > Date.now());
  // A light that ran out since this frame was drawn needs one more frame to go: without it the
  // path stayed lit on screen until something else redrew.
  if (marks.lit.length > 0 || marks.lit.length < lit) requestDraw();
  if (listVersion !== scene.version) {
    listVersion = scene.version;
    renderAccessibleList(list, scene, { focus: focusElement, activate: (id) => vscode.postMessage({ type: 'reveal', id }) });
  }
}

function saveState(): void {
  vscode.setState({ zoom: view.zoom, panX: view.panX, panY: view.panY, namespace: scene.filter.namespace, showSystemPods: scene.filter.showSystemPods });
}

/** The status line: the cluster's counts (kept current by deltas), the search, a note. */
function updateStatus(): void {
  if (!hasSnapshot) return;
  status.textContent = statusLine({
    clusterName: scene.clusterName,
    nodes: scene.nodes.size,
    pods: scene.pods.size,
    loading: receivingSnapshot,
    stale: scene.stale,
    search: scene.filter.search,
    matches: searchMatches.length,
    matchLimit: MATCH_LIMIT,
    outlined: hostHighlights.size,
    outlineReason: hostHighlightReason,
    note: statusNote,
  });
}

function refreshHighlights(): void {
  searchMatches = scene.matches(MATCH_LIMIT);
  marks.highlights = new Set([...hostHighlights, ...searchMatches]);
}

function fit(): void {
  const w = stage.clientWidth || 800;
  const h = stage.clientHeight || 600;
  view.zoom = Math.min(w / (layout.width + 40), h / (layout.height + 40));
  view.panX = (w - layout.width * view.zoom) / 2;
  view.panY = 20 * view.zoom;
  saveState();
  requestDraw();
}

function zoomTo(id: string): void {
  const r = elementRect(layout, scene, id);
  if (!r) return;
  const w = stage.clientWidth;
  const h = stage.clientHeight;
  view.zoom = Math.max(view.zoom, Math.min(1.5, w / 600));
  view.panX = w / 2 - (r.x + r.w / 2) * view.zoom;
  view.panY = h / 2 - (r.y + r.h / 2) * view.zoom;
  saveState();
  requestDraw();
}

function focusElement(id: string): void {
  marks.focus = id;
  const r = elementRect(layout, scene, id);
  if (r) {
    const x = r.x * view.zoom + view.panX;
    const y = r.y * view.zoom + view.panY;
    if (x < 0 || y < 0 || x > stage.clientWidth || y > stage.clientHeight) zoomTo(id);
  }
  requestDraw();
}

// ---- host messages ----
function refreshNamespaces(): void {
  const current = scene.filter.namespace;
  const opts = [el('vscode-option' as 'option', { value: '' }, 'All namespaces'), ...[...scene.namespaces].sort().map((ns) => el('vscode-option' as 'option', { value: ns }, ns))];
  namespaceSelect.replaceChildren(...opts);
  (namespaceSelect as unknown as { value: string }).value = current;
}

function light(points: [number, number][]): void {
  marks.lit.push({ points, until: Date.now() + 2500 } satisfies Lit);
}

function centerOf(id: string): [number, number] | undefined {
  const r = id.startsWith('cp:') ? layout.components.get(id) : elementRect(layout, scene, id);
  return r ? [r.x + r.w / 2, r.y + r.h / 2] : undefined;
}

const pendingTooltips = new Map<number, string>();
let nextRequest = 1;

function showTooltip(content: TooltipContent): void {
  const parts: HTMLElement[] = [el('strong', {}, content.title)];
  if (content.subtitle) parts.push(el('span', { class: 'subtitle' }, ` — ${content.subtitle}`));
  parts.push(el('div', { class: `health ${content.health}` }, content.health));
  for (const r of content.reasons) parts.push(el('div', { class: 'reason' }, `• ${r}`));
  for (const n of content.notes) parts.push(el('div', { class: 'note' }, `• ${n}`));
  for (const r of content.role) parts.push(el('p', {}, r));
  if (content.talksTo) parts.push(el('p', {}, `Who talks to it: ${content.talksTo}`));
  for (const f of content.facts) parts.push(el('div', { class: 'fact' }, `${f.label}: ${f.value}`));
  tooltip.replaceChildren(...parts);
  tooltip.hidden = false;
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  switch (m?.type) {
    case 'snapshot':
      scene.loadSnapshot(m.snapshot);
      layout = computeLayout(scene);
      hasSnapshot = true;
      receivingSnapshot = m.morePods === true;
      statusNote = '';
      refreshNamespaces();
      refreshHighlights();
      updateStatus();
      requestDraw();
      break;
    case 'snapshotPods':
      if (!receivingSnapshot) break;
      scene.addPods(m.pods);
      receivingSnapshot = !m.last;
      if (m.last) {
        refreshNamespaces();
        refreshHighlights();
      }
      updateStatus();
      requestDraw();
      break;
    case 'delta': {
      const before = scene.nodes.size;
      const newNamespace = m.delta.podsUpserted.some((p) => !scene.namespaces.has(p.namespace));
      scene.applyDelta(m.delta);
      if (scene.nodes.size !== before || m.delta.nodesUpserted.length) layout = computeLayout(scene);
      for (const a of m.delta.activity) {
        const sched = centerOf('cp:kube-scheduler');
        const api = centerOf('cp:kube-apiserver');
        const kubelet = centerOf(`kubelet:${a.nodeName}`);
        const runtime = centerOf(`runtime:${a.nodeName}`);
        if (a.kind === 'bound' && sched && api && kubelet) light([sched, api, [api[0], layout.busY], [kubelet[0], layout.busY], kubelet]);
        if (a.kind === 'started' && api && kubelet && runtime) light([api, [api[0], layout.busY], [kubelet[0], layout.busY], kubelet, runtime]);
      }
      if (newNamespace) refreshNamespaces();
      refreshHighlights();
      updateStatus();
      requestDraw();
      break;
    }
    case 'highlight':
      hostHighlights = new Set(m.ids);
      hostHighlightReason = m.reason ?? '';
      refreshHighlights();
      updateStatus();
      requestDraw();
      break;
    case 'tooltip':
      if (pendingTooltips.get(m.requestId) === marks.hover && m.content) showTooltip(m.content);
      pendingTooltips.delete(m.requestId);
      break;
    case 'exported':
      statusNote = m.path ? `Saved ${m.path}` : 'Export cancelled';
      updateStatus();
      break;
  }
});

// ---- pointer: pan, zoom, hover, click ----
function worldAt(e: MouseEvent): [number, number] {
  const b = canvas.getBoundingClientRect();
  return [(e.clientX - b.left - view.panX) / view.zoom, (e.clientY - b.top - view.panY) / view.zoom];
}

let drag: { x: number; y: number; moved: boolean } | undefined;
let hoverTimer = 0;
canvas.addEventListener('wheel', (e) => {
  e.preventDefault();
  const b = canvas.getBoundingClientRect();
  const mx = e.clientX - b.left;
  const my = e.clientY - b.top;
  const factor = Math.exp(-e.deltaY * 0.0015);
  const zoom = Math.min(8, Math.max(0.002, view.zoom * factor));
  view.panX = mx - ((mx - view.panX) * zoom) / view.zoom;
  view.panY = my - ((my - view.panY) * zoom) / view.zoom;
  view.zoom = zoom;
  saveState();
  requestDraw();
}, { passive: false });
canvas.addEventListener('mousedown', (e) => (drag = { x: e.clientX, y: e.clientY, moved: false }));
window.addEventListener('mouseup', () => {
  if (drag?.moved) saveState();
});
canvas.addEventListener('mousemove', (e) => {
  if (drag && e.buttons === 1) {
    view.panX += e.clientX - drag.x;
    view.panY += e.clientY - drag.y;
    drag.moved ||= Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 0;
    drag.x = e.clientX;
    drag.y = e.clientY;
    requestDraw();
    return;
  }
  const [x, y] = worldAt(e);
  const id = hitTest(layout, scene, x, y);
  tooltip.style.left = `${e.offsetX + 14}px`;
  tooltip.style.top = `${e.offsetY + 14}px`;
  if (id === marks.hover) return;
  marks.hover = id;
  tooltip.hidden = true;
  requestDraw();
  window.clearTimeout(hoverTimer);
  if (id) {
    hoverTimer = window.setTimeout(() => {
      const requestId = nextRequest++;
      pendingTooltips.set(requestId, id);
      vscode.postMessage({ type: 'hover', requestId, id });
    }, 200);
  }
});
canvas.addEventListener('mouseleave', () => {
  marks.hover = undefined;
  tooltip.hidden = true;
  requestDraw();
});
canvas.addEventListener('click', (e) => {
  if (drag?.moved) return;
  const [x, y] = worldAt(e);
  const id = hitTest(layout, scene, x, y);
  if (id) vscode.postMessage({ type: 'reveal', id });
});
// Capture phase, on the canvas: runs before VS Code's bubbling listener on the window reads the attribute.
canvas.addEventListener('contextmenu', (e) => {
  const [x, y] = worldAt(e);
  canvas.dataset.vscodeContext = vscodeContextFor(hitTest(layout, scene, x, y));
}, { capture: true });
canvas.addEventListener('dblclick', (e) => {
  const [x, y] = worldAt(e);
  const id = hitTest(layout, scene, x, y);
  if (id?.startsWith('pod:')) vscode.postMessage({ type: 'openPodYaml', id });
});

// ---- toolbar ----
namespaceSelect.addEventListener('change', () => {
  scene.setFilter({ namespace: (namespaceSelect as unknown as { value: string }).value });
  saveState();
  requestDraw();
});
systemPods.addEventListener('change', () => {
  scene.setFilter({ showSystemPods: (systemPods as unknown as { checked: boolean }).checked });
  saveState();
  requestDraw();
});
search.addEventListener('input', () => {
  scene.setFilter({ search: (search as unknown as { value: string }).value });
  refreshHighlights();
  updateStatus();
  requestDraw();
});
search.addEventListener('keydown', (e) => {
  if ((e as KeyboardEvent).key === 'Enter') {
    const first = scene.matches(1)[0];
    if (first) zoomTo(first);
  }
});
fitButton.addEventListener('click', fit);
svgButton.addEventListener('click', () => vscode.postMessage({ type: 'exportSvg', svg: exportSvg(layout, scene, theme) }));
pngButton.addEventListener('click', () => vscode.postMessage({ type: 'exportPng', dataUrl: canvas.toDataURL('image/png') }));
window.addEventListener('resize', requestDraw);
// VS Code swaps body classes (vscode-light / vscode-dark / vscode-high-contrast) on theme change.
new MutationObserver(applyTheme).observe(document.body, { attributes: true, attributeFilter: ['class'] });

applyTheme();
vscode.postMessage({ type: 'ready' });
