// The legend: one swatch per health colour and pod look, drawn with the current theme (and,
// in high contrast, outlined like everything else on the canvas).

import type { Theme } from './render.js';
import { LOOKS } from './scene.js';

export function renderLegend(legend: HTMLElement, theme: Theme): void {
  const rows: [string, string][] = [
    ...(['healthy', 'degraded', 'unhealthy', 'unknown'] as const).map<[string, string]>((h) => [h, theme.health[h]]),
    ...LOOKS.map<[string, string]>((l) => [`pod ${l}`, theme.pod[l]]),
  ];
  legend.replaceChildren(
    ...rows.map(([name, color]) => {
      const row = document.createElement('div');
      row.className = 'legend-row';
      const swatch = document.createElement('canvas');
      swatch.width = 10;
      swatch.height = 10;
      swatch.setAttribute('aria-hidden', 'true');
      const c = swatch.getContext('2d');
      if (c) {
        c.fillStyle = color;
        c.fillRect(0, 0, 10, 10);
        if (theme.highContrast) {
          c.strokeStyle = theme.border;
          c.strokeRect(0.5, 0.5, 9, 9);
        }
      }
      const label = document.createElement('span');
      label.textContent = name;
      row.append(swatch, label);
      return row;
    }),
  );
}
