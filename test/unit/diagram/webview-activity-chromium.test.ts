// The seed's three steps, as the diagram draws them: a new pod appears Pending, then the path
// kube-scheduler -> kube-apiserver -> kubelet lights up when it is bound, and kube-apiserver ->
// kubelet -> container runtime when it starts; the light fades after a moment. The deltas come
// from the host's own projector; the test reads the pixels the webview drew on those paths.
// Skips loudly when Chromium is missing.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DiagramProjector } from '../../../src/anatomy/diagram-snapshot.js';
import { detectDistribution } from '../../../src/anatomy/distribution.js';
import type { HealthContext } from '../../../src/anatomy/health.js';
import type { ClusterModel } from '../../../src/cluster/model.js';
import { projectNode, projectPod } from '../../../src/cluster/projections.js';
import { computeLayout, elementRect } from '../../../webview/diagram/layout.js';
import { Scene } from '../../../webview/diagram/scene.js';
import type { DiagramDelta, DiagramViewState } from '../../../webview/protocol/diagram-messages.js';
import { NOW, pod, seedNodes } from '../cluster/fixtures/seed-cluster.js';
import { seedModel } from '../cluster/fixtures/seed-model.js';
import { CHROMIUM, buildBundle, launchChromium, loadDiagram, showSnapshot, waitForPodCounts } from './webview-page.js';

const missing = !existsSync(CHROMIUM);
if (missing) console.warn(`SKIPPED diagram activity Chromium test: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/** The lit path is drawn in the focus colour: a colour nothing else on the page uses. */
const LIT = [255, 0, 255] as const;
const kubeadm = detectDistribution({ nodes: seedNodes().map((n) => projectNode(n)), controlPlanePods: 4 });
const ctx = (model: ClusterModel): HealthContext => ({ model, distribution: kubeadm, now: NOW });

type Point = [number, number];
let browser: Browser | undefined;
let page: Page;
const model = seedModel();
const projector = new DiagramProjector(model);
/** Screen points in the middle of each leg of the two paths. */
let legs: { schedulerToApi: Point; bus: Point; kubeletToRuntime: Point };

function mid(a: Point, b: Point): Point {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

/** Whether any pixel within 3 px of a screen point has the lit colour. */
function litNear(p: Page, [x, y]: Point): Promise<boolean> {
  return p.evaluate(
    ({ x, y, c }) => {
      const canvas = document.querySelector('div.stage > canvas') as HTMLCanvasElement;
      const r = window.devicePixelRatio || 1;
      const d = canvas.getContext('2d')!.getImageData(Math.round((x - 3) * r), Math.round((y - 3) * r), Math.round(7 * r), Math.round(7 * r)).data;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - c[0]) < 24 && Math.abs(d[i + 1] - c[1]) < 24 && Math.abs(d[i + 2] - c[2]) < 24) return true;
      return false;
    },
    { x, y, c: LIT },
  );
}

async function send(delta: DiagramDelta | undefined): Promise<void> {
  assert.ok(delta, 'the projector saw a change');
  await page.evaluate((d) => window.postMessage({ type: 'delta', delta: d }, '*'), delta);
}

before(async () => {
  if (missing) return;
  const [bundle, b] = await Promise.all([buildBundle(), launchChromium()]);
  browser = b;
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await loadDiagram(page, bundle, undefined, 'body { --vscode-focusBorder: #ff00ff; }');
  const snapshot = projector.snapshot(ctx(model), 'kind-whales');
  await showSnapshot(page, snapshot);
  // Where the webview put things: the same layout code, and the view Fit saved.
  const scene = new Scene();
  scene.loadSnapshot(snapshot);
  const layout = computeLayout(scene);
  const view = (await page.evaluate(() => (window as any).savedState)) as DiagramViewState;
  const centre = (id: string): Point => {
    const r = elementRect(layout, scene, id)!;
    return [(r.x + r.w / 2) * view.zoom + view.panX, (r.y + r.h / 2) * view.zoom + view.panY];
  };
  const [sched, api, kubelet, runtime] = ['cp:kube-scheduler', 'cp:kube-apiserver', 'kubelet:whale2', 'runtime:whale2'].map(centre);
  const busY = layout.busY * view.zoom + view.panY;
  legs = { schedulerToApi: mid(sched, api), bus: mid([api[0], busY], [kubelet[0], busY]), kubeletToRuntime: mid(kubelet, runtime) };
});

after(async () => {
  await browser?.close();
});

test('a new pod appears Pending and nothing lights up before it is bound', { skip: missing }, async () => {
  model.applyPod('ADDED', projectPod(pod('default', 'web-1', undefined, { phase: 'Pending' })));
  await send(projector.delta(model.flush()!, ctx(model)));
  await page.waitForFunction(() => document.querySelector('.status')?.textContent === 'kind-whales: 3 nodes, 10 pods', undefined, { timeout: 5_000 });
  await page.evaluate(`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))`);
  for (const [leg, point] of Object.entries(legs)) assert.equal(await litNear(page, point), false, `${leg} is lit before anything happened`);
});

test('bound: kube-scheduler -> kube-apiserver -> kubelet of whale2 lights up, then the start adds the container runtime', { skip: missing }, async () => {
  model.applyPod('MODIFIED', projectPod(pod('default', 'web-1', 'whale2', { phase: 'Pending' })));
  await send(projector.delta(model.flush()!, ctx(model)));
  await waitForPodCounts(page, { whale2: 2 });
  assert.equal(await litNear(page, legs.schedulerToApi), true, 'the scheduler to API server leg');
  assert.equal(await litNear(page, legs.bus), true, 'the API server to kubelet leg');
  assert.equal(await litNear(page, legs.kubeletToRuntime), false, 'the runtime is not lit before the pod starts');

  model.applyPod('MODIFIED', projectPod(pod('default', 'web-1', 'whale2')));
  await send(projector.delta(model.flush()!, ctx(model)));
  // The start lights within the same 2.5 s the bind's light lasts: poll a few frames for it.
  const deadline = Date.now() + 2_000;
  while (!(await litNear(page, legs.kubeletToRuntime)) && Date.now() < deadline) await page.evaluate(`new Promise((r) => requestAnimationFrame(r))`);
  assert.equal(await litNear(page, legs.kubeletToRuntime), true, 'the kubelet to container runtime leg once started');
});

test('the light fades: a few seconds later no path is lit', { skip: missing }, async () => {
  await page.waitForFunction(
    (c) => {
      const canvas = document.querySelector('div.stage > canvas') as HTMLCanvasElement;
      const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - c[0]) < 24 && Math.abs(d[i + 1] - c[1]) < 24 && Math.abs(d[i + 2] - c[2]) < 24) return false;
      return true;
    },
    LIT,
    { timeout: 8_000, polling: 250 },
  );
  assert.equal(await litNear(page, legs.schedulerToApi), false);
});
