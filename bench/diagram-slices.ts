// Diagram snapshot in slices: the real webview bundle in headless Chromium receives a
// 5,000-node / 150,000-pod snapshot either as one message or as a head plus slices of
// 20,000 pods (what DiagramPanel now sends). Prints medians of the largest message (JSON),
// the host's cost to cut and serialise the messages, and postMessage -> complete first frame.
// Run: node --import tsx bench/diagram-slices.ts [nodes] [podsPerNode]

import { existsSync } from 'node:fs';
import os from 'node:os';
import type { DiagramNode, DiagramPod, DiagramSnapshot } from '../webview/protocol/diagram-messages.js';
import { snapshotMessages } from '../webview/protocol/diagram-slices.js';
import { CHROMIUM, buildBundle, launchChromium, loadDiagram } from '../test/unit/diagram/webview-page.js';

const NODES = Number(process.argv[2] ?? 5000);
const PER_NODE = Number(process.argv[3] ?? 30);
const RUNS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function syntheticSnapshot(): DiagramSnapshot {
  const nodes: DiagramNode[] = [];
  const pods: DiagramPod[] = [];
  for (let i = 0; i < NODES; i++) {
    const name = `node-${String(i).padStart(5, '0')}`;
    nodes.push({ id: `node:${name}`, name, controlPlane: i < 3, ready: true, health: 'healthy', kubelet: 'healthy', proxy: 'healthy', proxyName: 'kube-proxy', runtime: 'healthy', runtimeName: 'containerd' });
    for (let k = 0; k < PER_NODE; k++) pods.push({ id: `pod:team-${k % 12}/app-${i}-${k}`, namespace: `team-${k % 12}`, name: `app-${i}-${k}`, nodeName: name, look: k % 41 ? 'ready' : 'pending', status: k % 41 ? 'Running 1/1' : 'Pending 0/1', system: false });
  }
  return { clusterName: 'synthetic', components: [], nodes, pods, edges: [], stale: false };
}

// Posts the messages one by one (as the host does) and waits for the frame that draws them all.
const POST_ALL = `new Promise((resolve) => {
  const canvas = document.querySelector('canvas');
  delete canvas.dataset.rendered;
  const start = performance.now();
  for (const m of window.benchMessages) window.postMessage(m, '*');
  const poll = () => (canvas.dataset.rendered && document.querySelector('.status').textContent.includes(window.benchPods + ' pods') ? resolve(performance.now() - start) : requestAnimationFrame(poll));
  requestAnimationFrame(poll);
})`;

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    process.exit(1);
  }
  const snapshot = syntheticSnapshot();
  const variants = { 'one message': () => [{ type: 'snapshot', snapshot }], 'slices of 20,000 pods': () => snapshotMessages(snapshot) };
  const browser = await launchChromium();
  const bundle = await buildBundle();
  const results: Record<string, { largestMb: number; count: number; hostMs: number[]; renderMs: number[] }> = {};
  try {
    for (let r = 0; r < RUNS; r++) {
      for (const [name, make] of Object.entries(variants)) {
        const t = performance.now();
        const messages = make();
        // VS Code serialises each message as JSON on its way to the webview.
        const sizes = messages.map((m) => JSON.stringify(m).length);
        const hostMs = performance.now() - t;
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await loadDiagram(page, bundle);
        await page.evaluate(([m, n]) => Object.assign(window, { benchMessages: m, benchPods: n }), [messages, snapshot.pods.length] as const);
        const renderMs = await page.evaluate<number>(POST_ALL);
        await page.close();
        const v = (results[name] ??= { largestMb: Math.max(...sizes) / 1e6, count: messages.length, hostMs: [], renderMs: [] });
        v.hostMs.push(hostMs);
        v.renderMs.push(renderMs);
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`machine: ${os.cpus().length} cores ${os.cpus()[0]?.model ?? ''}, node ${process.version}, ${new Date().toISOString()}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`cluster: ${NODES} nodes, ${snapshot.pods.length} pods; ${RUNS} runs, medians`);
  for (const [name, v] of Object.entries(results)) {
    console.log(`${name}: ${v.count} message(s), largest ${v.largestMb.toFixed(1)} MB JSON; host slice+serialise ${median(v.hostMs).toFixed(0)} ms; postMessage -> complete first frame ${median(v.renderMs).toFixed(0)} ms`);
  }
}

void main();
