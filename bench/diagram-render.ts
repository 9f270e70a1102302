// Diagram scale benchmark: the real webview bundle in headless Chromium with a synthetic
// 5,000-node / 150,000-pod snapshot. Prints medians of: host-side snapshot build, first render
// (postMessage to first frame), and pan/zoom frame rate at three levels of detail.
// Run: node --import tsx bench/diagram-render.ts [nodes] [podsPerNode]

import { existsSync } from 'node:fs';
import os from 'node:os';
import { buildDiagramSnapshot } from '../src/anatomy/diagram-snapshot.js';
import { detectDistribution } from '../src/anatomy/distribution.js';
import { ClusterModel } from '../src/cluster/model.js';
import type { NodeRecord, PodRecord } from '../src/cluster/projections.js';
import { CHROMIUM, buildBundle, launchChromium, loadDiagram } from '../test/unit/diagram/webview-page.js';

const NODES = Number(process.argv[2] ?? 5000);
const PER_NODE = Number(process.argv[3] ?? 30);
const RUNS = 3;

// In-page code as plain strings: tsx would otherwise inject helpers the page does not have.
const FIRST_RENDER = `new Promise((resolve) => {
  const canvas = document.querySelector('canvas');
  const start = performance.now();
  window.postMessage({ type: 'snapshot', snapshot: window.benchSnapshot }, '*');
  const poll = () => (canvas.dataset.rendered ? resolve(performance.now() - start) : requestAnimationFrame(poll));
  requestAnimationFrame(poll);
})`;

const PAN = `async (deltaY) => {
  const canvas = document.querySelector('canvas');
  const b = canvas.getBoundingClientRect();
  const cx = b.left + b.width / 2;
  const cy = b.top + b.height / 2;
  const frame = () => new Promise((res) => requestAnimationFrame(res));
  document.querySelector('vscode-button').click(); // Fit
  await frame();
  await frame();
  for (let i = 0; deltaY && i < 10; i++) {
    canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: deltaY / 10, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
    await frame();
  }
  canvas.dispatchEvent(new MouseEvent('mousedown', { clientX: cx, clientY: cy, buttons: 1, bubbles: true }));
  const intervals = [];
  const draws = [];
  let last = await frame();
  for (let i = 0; i < 90; i++) {
    const dx = i % 30 < 15 ? 12 : -12;
    canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: cx + dx * (i % 15), clientY: cy + dx * (i % 15), buttons: 1, bubbles: true }));
    const t = await frame();
    intervals.push(t - last);
    draws.push(Number(canvas.dataset.drawMs));
    last = t;
  }
  window.dispatchEvent(new MouseEvent('mouseup'));
  intervals.sort((a, b) => a - b);
  draws.sort((a, b) => a - b);
  return { fps: 1000 / intervals[Math.floor(intervals.length / 2)], drawMs: draws[Math.floor(draws.length / 2)] };
}`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function syntheticModel(): ClusterModel {
  const m = new ClusterModel();
  const nodes: NodeRecord[] = [];
  const pods: PodRecord[] = [];
  const now = Date.now();
  for (let i = 0; i < NODES; i++) {
    const name = `node-${String(i).padStart(5, '0')}`;
    nodes.push({ kind: 'Node', name, resourceVersion: '1', roles: i < 3 ? ['control-plane'] : [], labels: {}, annotationKeys: [], unschedulable: false, taints: [], conditions: [{ type: 'Ready', status: i % 997 === 5 ? 'False' : 'True', lastHeartbeatTime: now }], kubeletVersion: 'v1.34.0', containerRuntimeVersion: 'containerd://1.7.13', allocatable: {} });
    for (let k = 0; k < PER_NODE; k++) {
      const phase = k % 41 === 0 ? 'Pending' : k % 97 === 0 ? 'Failed' : 'Running';
      pods.push({ kind: 'Pod', namespace: `team-${k % 12}`, name: `app-${i}-${k}`, resourceVersion: '1', nodeName: name, phase, readyContainers: phase === 'Running' && k % 13 ? 1 : 0, totalContainers: 1, restarts: 0, mirror: false, deleting: false });
    }
  }
  m.replaceNodes(nodes);
  m.replacePods(pods);
  m.flush();
  return m;
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    process.exit(1);
  }

  const model = syntheticModel();
  const distribution = detectDistribution({ nodes: model.nodes().slice(0, 10).map((n) => n.record), controlPlanePods: 4 });
  const buildTimes: number[] = [];
  let snapshot = buildDiagramSnapshot(model, { model, distribution, now: Date.now() }, 'synthetic');
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    snapshot = buildDiagramSnapshot(model, { model, distribution, now: Date.now() }, 'synthetic');
    buildTimes.push(performance.now() - t);
  }
  const jsonMb = JSON.stringify(snapshot).length / 1e6;

  const browser = await launchChromium();
  const bundle = await buildBundle();
  const firstRender: number[] = [];
  const levels: Record<string, { fps: number[]; drawMs: number[] }> = {};
  try {
    for (let r = 0; r < RUNS; r++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await loadDiagram(page, bundle);
      // Hand the snapshot to the page once, outside the timing (VS Code's postMessage is the cost we time below).
      await page.evaluate((s) => ((window as any).benchSnapshot = s), snapshot);
      firstRender.push(await page.evaluate<number>(FIRST_RENDER));
      // Pan at three zoom levels: whole cluster (health tiles), count tiles, full cards with chips.
      // Wheel deltas that bring a node card to a given on-screen width (the webview zooms by exp(-deltaY * 0.0015)).
      const cols = Math.ceil(Math.sqrt(NODES * 1.6));
      const rows = Math.ceil(NODES / cols);
      const fitZoom = Math.min(1280 / (cols * 264 + 40), 760 / (300 + rows * 192 + 40));
      const toCard = (px: number) => -Math.log(px / (240 * fitZoom)) / 0.0015;
      for (const [level, deltaY] of [['fit (tiles)', 0], ['mid, 80 px cards (count bars)', toCard(80)], ['close, 240 px cards (cards + chips)', toCard(240)]] as const) {
        const result = await page.evaluate<{ fps: number; drawMs: number }>(`(${PAN})(${deltaY})`);
        (levels[level] ??= { fps: [], drawMs: [] }).fps.push(result.fps);
        levels[level].drawMs.push(result.drawMs);
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }

  console.log(`machine: ${os.cpus().length} cores ${os.cpus()[0]?.model ?? ''}, node ${process.version}, ${new Date().toISOString()}`);
  console.log(`cluster: ${NODES} nodes, ${NODES * PER_NODE} pods; snapshot ${jsonMb.toFixed(1)} MB as JSON; ${RUNS} runs, medians`);
  console.log(`host snapshot build: ${median(buildTimes).toFixed(0)} ms`);
  console.log(`first render (postMessage -> first frame drawn): ${median(firstRender).toFixed(0)} ms`);
  for (const [level, v] of Object.entries(levels)) console.log(`pan at ${level}: ${median(v.fps).toFixed(1)} frames/s, draw ${median(v.drawMs).toFixed(2)} ms/frame`);
}

void main();
