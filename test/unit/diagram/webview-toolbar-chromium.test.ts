// The diagram's toolbar in headless Chromium, used as a person would: pick a namespace, hide
// system pods, zoom and Fit, search and press Enter, export SVG and PNG; and a webview restored with
// the state it saved comes back with the same filters. Skips loudly when Chromium is missing.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DiagramPod, DiagramViewState } from '../../../webview/protocol/diagram-messages.js';
import { CHROMIUM, buildBundle, launchChromium, loadDiagram, nodeLabel, seedSnapshot, showSnapshot, waitForPodCounts } from './webview-page.js';

const missing = !existsSync(CHROMIUM);
if (missing) console.warn(`SKIPPED diagram toolbar Chromium test: ${CHROMIUM} is missing (apt-get install -y chromium)`);

const appPod = (namespace: string, name: string, nodeName: string): DiagramPod => ({ id: `pod:${namespace}/${name}`, namespace, name, nodeName, look: 'ready', status: 'Running 1/1', system: false });
/** Next to the seed's 9 kube-system pods: shop/cart-1 on whale2, shop/cart-2 and default/web-1 on whale3. */
const APP_PODS = [appPod('shop', 'cart-1', 'whale2'), appPod('shop', 'cart-2', 'whale3'), appPod('default', 'web-1', 'whale3')];
const ALL = { whale1: 7, whale2: 2, whale3: 3 };

let browser: Browser | undefined;
let page: Page;
let bundle = '';
/** The view Fit chose for the whole cluster when the first snapshot arrived. */
let fitted: DiagramViewState;

const savedState = () => page.evaluate(() => (window as any).savedState as DiagramViewState);
const exportedSvgs = () => page.evaluate(() => (window as any).sent.filter((m: any) => m.type === 'exportSvg').map((m: any) => m.svg as string));

async function chooseNamespace(label: string): Promise<void> {
  await page.click('vscode-single-select.namespace');
  await page.click(`vscode-single-select.namespace li.option:text-is("${label}")`);
}

before(async () => {
  if (missing) return;
  const [built, b] = await Promise.all([buildBundle(), launchChromium()]);
  browser = b;
  bundle = built;
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await loadDiagram(page, bundle);
  await showSnapshot(page, seedSnapshot());
  await page.evaluate((pods) => window.postMessage({ type: 'delta', delta: { components: [], nodesUpserted: [], nodesRemoved: [], podsUpserted: pods, podsRemoved: [], activity: [] } }, '*'), APP_PODS);
  await waitForPodCounts(page, ALL);
  fitted = await savedState();
});

after(async () => {
  await browser?.close();
});

test('picking a namespace shows only its pods on the nodes, in the saved state and in the export', { skip: missing }, async () => {
  await chooseNamespace('shop');
  await waitForPodCounts(page, { whale1: 0, whale2: 1, whale3: 1 });
  assert.equal((await savedState()).namespace, 'shop', 'the choice survives a reload');
  await page.click('vscode-button:text-is("Export SVG")');
  const svg = (await exportedSvgs()).at(-1) ?? '';
  assert.match(svg, /<title>shop\/cart-1 Running 1\/1<\/title>/);
  assert.doesNotMatch(svg, /default\/web-1|kube-system\//, 'pods the filter hides are not exported');

  await chooseNamespace('All namespaces');
  await waitForPodCounts(page, ALL);
  assert.equal((await savedState()).namespace, '');
});

test('unticking "System pods" hides kube-system pods and ticking it brings them back', { skip: missing }, async () => {
  await page.click('vscode-checkbox');
  await waitForPodCounts(page, { whale1: 0, whale2: 1, whale3: 2 });
  assert.equal((await savedState()).showSystemPods, false);
  await page.click('vscode-checkbox');
  await waitForPodCounts(page, ALL);
  assert.equal((await savedState()).showSystemPods, true);
});

test('Export SVG posts a well-formed SVG of the cluster: components, node cards and pods', { skip: missing }, async () => {
  const before = (await exportedSvgs()).length;
  await page.click('vscode-button:text-is("Export SVG")');
  const svgs = await exportedSvgs();
  assert.equal(svgs.length, before + 1, 'one export message per click');
  const parsed = await page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    return {
      root: doc.documentElement.nodeName,
      error: doc.querySelector('parsererror')?.textContent ?? '',
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
      titles: [...doc.querySelectorAll('title')].map((t) => t.textContent),
    };
  }, svgs.at(-1)!);
  assert.equal(parsed.error, '');
  assert.equal(parsed.root, 'svg');
  for (const name of ['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager', 'whale1', 'whale2', 'whale3']) assert.ok(parsed.texts.includes(name), `no ${name} in the SVG's text`);
  assert.equal(parsed.titles.filter((t) => / Running 1\/1$/.test(t ?? '')).length, 12, 'every pod is a chip with its name');
});

test('Export PNG posts a PNG of what the canvas shows', { skip: missing }, async () => {
  await page.click('vscode-button:text-is("Export PNG")');
  const png = await page.waitForFunction(() => (window as any).sent.findLast((m: any) => m.type === 'exportPng')?.dataUrl as string | undefined, undefined, { timeout: 5_000 });
  const dataUrl = (await png.jsonValue())!;
  assert.match(dataUrl, /^data:image\/png;base64,/);
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
  const size = await page.$eval('div.stage > canvas', (c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
  // The IHDR chunk holds width and height: the whole canvas, not a blank 0x0 image.
  assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], size);
  assert.ok(bytes.length > 5_000, `only ${bytes.length} bytes: nothing drawn?`);
});

test('after zooming in, Fit brings the whole cluster back into view', { skip: missing }, async () => {
  const box = (await page.locator('div.stage > canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -600);
  await page.waitForFunction((z) => (window as any).savedState.zoom > z * 1.5, fitted.zoom, { timeout: 5_000 });
  await page.click('vscode-button:text-is("Fit")');
  const state = await savedState();
  assert.deepEqual({ zoom: state.zoom, panX: state.panX, panY: state.panY }, { zoom: fitted.zoom, panX: fitted.panX, panY: fitted.panY });
});

test('typing in Search counts the matches, and Enter zooms to the first one', { skip: missing }, async () => {
  await page.click('vscode-textfield.search');
  await page.keyboard.type('cart-2');
  await page.waitForFunction(() => / · 1 matches$/.test(document.querySelector('.status')?.textContent ?? ''), undefined, { timeout: 5_000 });
  await page.keyboard.press('Enter');
  await page.waitForFunction((z) => (window as any).savedState.zoom > z, fitted.zoom, { timeout: 5_000 });
  // What now sits in the middle of the canvas is the match: hovering there asks about it.
  const box = (await page.locator('div.stage > canvas').boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + 2);
  const asked = await page.evaluate(() => (window as any).sent.length);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hovered = await page.waitForFunction((n) => (window as any).sent.slice(n).findLast((m: any) => m.type === 'hover')?.id, asked, { timeout: 5_000 });
  assert.equal(await hovered.jsonValue(), 'pod:shop/cart-2');
  await page.fill('vscode-textfield.search >> input', '');
});

test('a webview restored with its saved state keeps the namespace, the system pods choice and the view', { skip: missing }, async () => {
  const restored: DiagramViewState = { zoom: 0.7, panX: 12, panY: 34, namespace: 'shop', showSystemPods: false };
  const p = await browser!.newPage({ viewport: { width: 1200, height: 800 } });
  try {
    await loadDiagram(p, bundle, restored);
    const snapshot = seedSnapshot();
    await showSnapshot(p, { ...snapshot, pods: [...snapshot.pods, ...APP_PODS] });
    assert.equal(await nodeLabel(p, 'whale1'), 'node whale1 (control plane), Ready, 0 pods');
    assert.equal(await nodeLabel(p, 'whale3'), 'node whale3, Ready, 1 pod');
    assert.equal(await p.$eval('vscode-checkbox', (c) => (c as unknown as { checked: boolean }).checked), false);
    assert.equal(await p.$eval('vscode-single-select.namespace', (s) => (s as unknown as { value: string }).value), 'shop');
    // Not re-fitted: the user's zoom and pan stay.
    await p.mouse.move(5, 400);
    assert.deepEqual(await p.evaluate(() => (window as any).savedState), restored);
  } finally {
    await p.close();
  }
});
