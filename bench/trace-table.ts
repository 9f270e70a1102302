// Trace view scale benchmark: the real trace webview bundle in headless Chromium with a
// synthetic 5,000-node decision. Prints medians of: first render (postMessage of the whole
// TraceState -> rows painted), scroll frame rate (and p95 frame time) while scrolling the
// virtualized table, and the time to re-sort by total and to filter on a keystroke.
// Targets (issue 8): first render <= 500 ms, scroll >= 50 fps.
// Run: node --import tsx bench/trace-table.ts [nodes]

import { existsSync } from 'node:fs';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { syntheticTraceState } from '../test/unit/trace-webview/fixtures.js';
import { CHROMIUM, CHROMIUM_ARGS, buildTraceBundle, loadTrace } from '../test/unit/trace-webview/webview-page.js';

const NODES = Number(process.argv[2] ?? 5000);
const RUNS = 3;

// In-page code as plain strings: tsx would otherwise inject helpers the page does not have.
const FRAME = 'const frame = () => new Promise((res) => requestAnimationFrame(res));';

/** postMessage -> the frame after the rows were rendered (layout and paint included). */
const FIRST_RENDER = `(async () => {
  ${FRAME}
  const start = performance.now();
  window.postMessage({ type: 'state', state: window.benchState }, '*');
  while (document.querySelector('[role=grid]')?.dataset.rendered !== String(window.benchState.decision.rows.length)) await frame();
  await frame();
  return performance.now() - start;
})()`;

/** Scrolls `rowsPerFrame` rows each frame, down then up, timing frames and the scroll handler's work. */
const SCROLL = `(async (rowsPerFrame) => {
  ${FRAME}
  const grid = document.querySelector('[role=grid]');
  const rowHeight = grid.querySelector('.grid-body [role=row]').getBoundingClientRect().height;
  grid.scrollTop = 0;
  await frame();
  const intervals = [];
  let last = await frame();
  for (let i = 0; i < 180; i++) {
    const dir = i < 90 ? 1 : -1;
    grid.scrollTop += dir * rowsPerFrame * rowHeight;
    const t = await frame();
    intervals.push(t - last);
    last = t;
  }
  const rowsInDom = grid.querySelectorAll('.grid-body [role=row]').length;
  intervals.sort((a, b) => a - b);
  return { fps: 1000 / intervals[Math.floor(intervals.length / 2)], p95FrameMs: intervals[Math.floor(intervals.length * 0.95)], rowsInDom };
})`;

/** A user action (click a header, type in the filter) -> the next painted frame. */
const ACTION = `(async (what) => {
  ${FRAME}
  const before = document.querySelector('[role=grid]').querySelector('.grid-body [role=row]')?.textContent;
  const start = performance.now();
  if (what === 'sort') document.querySelector('button.sort[data-column="total"]').click();
  else {
    const box = document.querySelector('input.filter');
    box.value = box.value ? '' : 'insufficient';
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }
  await frame();
  const ms = performance.now() - start;
  const after = document.querySelector('[role=grid]').querySelector('.grid-body [role=row]')?.textContent;
  if (before === after) throw new Error(what + ' changed nothing');
  return ms;
})`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    process.exit(1);
  }
  const state = syntheticTraceState(NODES);
  const jsonMb = JSON.stringify(state).length / 1e6;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const bundle = await buildTraceBundle();
  const firstRender: number[] = [];
  const scroll: Record<string, { fps: number[]; p95: number[]; dom: number[] }> = {};
  const sort: number[] = [];
  const filter: number[] = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await loadTrace(page, bundle);
      // Hand the state to the page outside the timing; VS Code's postMessage is what we time.
      await page.evaluate((json) => ((window as any).benchState = JSON.parse(json)), JSON.stringify(state));
      firstRender.push(await page.evaluate<number>(FIRST_RENDER));
      for (const rowsPerFrame of [1, 10, 60]) {
        const result = await page.evaluate<{ fps: number; p95FrameMs: number; rowsInDom: number }>(`(${SCROLL})(${rowsPerFrame})`);
        const key = `${rowsPerFrame} row${rowsPerFrame === 1 ? '' : 's'}/frame`;
        (scroll[key] ??= { fps: [], p95: [], dom: [] }).fps.push(result.fps);
        scroll[key].p95.push(result.p95FrameMs);
        scroll[key].dom.push(result.rowsInDom);
      }
      sort.push(await page.evaluate<number>(`(${ACTION})('sort')`));
      filter.push(await page.evaluate<number>(`(${ACTION})('filter')`));
      await page.close();
    }
  } finally {
    await browser.close();
  }

  console.log(`machine: ${os.cpus().length} cores ${os.cpus()[0]?.model ?? ''}, node ${process.version}, ${new Date().toISOString()}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`decision: ${NODES} nodes x ${state.decision?.filterPlugins.length} filter + ${state.decision?.scorePlugins.length} score plugins; TraceState ${jsonMb.toFixed(1)} MB as JSON; ${RUNS} runs, medians`);
  console.log(`first render (postMessage -> rows painted): ${median(firstRender).toFixed(0)} ms (target <= 500)`);
  for (const [k, v] of Object.entries(scroll)) console.log(`scroll ${k}: ${median(v.fps).toFixed(1)} frames/s (target >= 50), p95 frame ${median(v.p95).toFixed(1)} ms, ${median(v.dom)} rows in the DOM`);
  console.log(`sort by total (click -> next frame): ${median(sort).toFixed(0)} ms`);
  console.log(`filter keystroke (input -> next frame): ${median(filter).toFixed(0)} ms`);
}

void main();
