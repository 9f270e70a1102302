// The diagram as a standalone SVG: control plane, edges and node cards with pod chips (tiles
// with counts past a few hundred nodes, so the file stays openable).

import { CHIP_COLS, CHIP_ROWS, type Layout, NODE_PARTS, cardRect, chipRect, partRect } from './layout.js';
import type { Theme } from './render.js';
import { LOOKS, type Scene } from './scene.js';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function exportSvg(l: Layout, scene: Scene, theme: Theme): string {
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${l.width}" height="${l.height}" viewBox="0 0 ${l.width} ${l.height}" font-family="${esc(theme.font)}">`);
  out.push(`<rect width="100%" height="100%" fill="${esc(theme.background)}"/>`);
  const api = l.components.get('cp:kube-apiserver');
  if (api) {
    for (const [id, r] of l.components) {
      if (id !== 'cp:kube-apiserver') out.push(`<line x1="${r.x + r.w / 2}" y1="${r.y + r.h / 2}" x2="${api.x + api.w / 2}" y2="${api.y + api.h / 2}" stroke="${esc(theme.edge)}" stroke-width="2"/>`);
    }
    out.push(`<line x1="${api.x + api.w / 2}" y1="${api.y + api.h}" x2="${api.x + api.w / 2}" y2="${l.busY}" stroke="${esc(theme.edge)}" stroke-width="2"/>`);
  }
  for (const c of scene.components) {
    const r = l.components.get(c.id);
    if (!r) continue;
    out.push(`<g><title>${esc(`${c.title}: ${c.health}`)}</title><rect x="${r.x}" y="${r.y}" width="${r.w}" height="${r.h}" fill="${esc(theme.card)}" stroke="${esc(theme.health[c.health])}" stroke-width="3"/>`);
    out.push(`<text x="${r.x + 10}" y="${r.y + 22}" font-size="15" fill="${esc(theme.foreground)}">${esc(c.title)}</text><text x="${r.x + 10}" y="${r.y + 42}" font-size="11" fill="${esc(theme.edge)}">${esc(c.summary)}</text></g>`);
  }
  const detailed = scene.nodeOrder.length <= 300;
  scene.nodeOrder.forEach((n, i) => {
    const card = cardRect(l, i);
    out.push(`<g><title>${esc(`${n.name}: ${n.health}`)}</title><rect x="${card.x}" y="${card.y}" width="${card.w}" height="${card.h}" fill="${esc(theme.card)}" stroke="${esc(theme.health[n.health])}" stroke-width="2"/>`);
    out.push(`<text x="${card.x + 8}" y="${card.y + 18}" font-size="13" fill="${esc(theme.foreground)}">${esc(n.name)}</text>`);
    const pods = scene.podsOn(n.name);
    if (detailed) {
      for (const part of NODE_PARTS) {
        const r = partRect(card, part);
        out.push(`<rect x="${r.x}" y="${r.y}" width="${r.w}" height="${r.h}" fill="none" stroke="${esc(theme.health[n[part]])}" stroke-width="2"/><text x="${r.x + 4}" y="${r.y + 19}" font-size="10" fill="${esc(theme.foreground)}">${part === 'proxy' ? 'kube-proxy' : part}</text>`);
      }
      pods.slice(0, CHIP_COLS * CHIP_ROWS).forEach((p, k) => {
        const r = chipRect(card, k);
        out.push(`<rect x="${r.x}" y="${r.y}" width="${r.w}" height="${r.h}" fill="${esc(theme.pod[p.look])}"><title>${esc(`${p.namespace}/${p.name} ${p.status}`)}</title></rect>`);
      });
    } else {
      const counts = scene.counts(n.name);
      out.push(`<text x="${card.x + 8}" y="${card.y + 60}" font-size="12" fill="${esc(theme.edge)}">${esc(LOOKS.filter((k) => counts[k]).map((k) => `${counts[k]} ${k}`).join(', '))}</text>`);
    }
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('');
}
