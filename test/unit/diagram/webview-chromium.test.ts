// Renders the real webview bundle in headless Chromium with the seed snapshot and checks
// what a keyboard or screen-reader user gets. Skips loudly when Chromium is missing.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, WEBVIEW_ORIGIN, buildBundle, launchChromium, loadDiagram, openUnderCsp, seedSnapshot, showSnapshot } from './webview-page.js';

const missing = !existsSync(CHROMIUM);
if (missing) console.warn(`SKIPPED diagram Chromium test: ${CHROMIUM} is missing (apt-get install -y chromium)`);

let browser: Browser | undefined;
let page: Page;
let bundle = '';

before(async () => {
  if (missing) return;
  const [built, b] = await Promise.all([buildBundle(), launchChromium()]);
  browser = b;
  bundle = built;
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await loadDiagram(page, bundle);
  await showSnapshot(page, seedSnapshot());
});

after(async () => {
  await browser?.close();
});

test('the webview says ready, then draws the seed cluster and names every component for screen readers', { skip: missing }, async () => {
  assert.deepEqual(await page.evaluate(() => (window as any).sent[0]), { type: 'ready' });
  const labels = await page.$$eval('ul.offscreen button', (bs) => bs.map((b) => b.getAttribute('aria-label')));
  for (const expected of [/^kube-apiserver, control plane, (healthy|unknown)/, /^etcd, control plane, healthy: 1 of 1 members ready$/, /^kube-scheduler kube-scheduler-whale1 on whale1, leader, healthy$/, /^node whale1 \(control plane\), Ready, 7 pods$/, /^node whale2, Ready, 1 pod$/, /^kubelet on whale3, healthy$/, /^container runtime containerd on whale2, healthy$/]) {
    assert.ok(labels.some((l) => expected.test(l ?? '')), `no label like ${expected} in ${JSON.stringify(labels)}`);
  }
  assert.match(await page.textContent('.status') ?? '', /kind-whales: 3 nodes, 9 pods/);
  assert.deepEqual(await page.$$eval('.legend-row span', (s) => s.map((x) => x.textContent)), ['healthy', 'degraded', 'unhealthy', 'unknown', 'pod ready', 'pod pending', 'pod notReady', 'pod failed', 'pod succeeded', 'pod terminating']);
  // Something was drawn: the canvas is not a single flat colour.
  const colours = await page.evaluate(() => {
    const c = document.querySelector('canvas')!;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  });
  assert.ok(colours > 3, `only ${colours} colours on the canvas`);
});

test('Tab reaches the components and Enter asks the host to reveal one in the tree', { skip: missing }, async () => {
  await page.focus('ul.offscreen button[data-id="node:whale2"]');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id), 'kubelet:whale2');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => (window as any).sent.some((m: any) => m.type === 'reveal'), undefined, { timeout: 5_000 });
  assert.deepEqual(await page.evaluate(() => (window as any).sent.filter((m: any) => m.type === 'reveal')), [{ type: 'reveal', id: 'kubelet:whale2' }]);
});

test('hovering the API server asks for its tooltip and shows the host\'s answer as text', { skip: missing }, async () => {
  // Find kube-apiserver on screen through the same focus ring the keyboard uses: fit put it top centre.
  const box = await page.evaluate(() => {
    const c = document.querySelector('canvas')!.getBoundingClientRect();
    return { x: c.left, y: c.top, w: c.width };
  });
  let hovered: any;
  const deadline = Date.now() + 8_000;
  // Scan a small vertical band under the top centre until the webview asks about kube-apiserver.
  for (let y = box.y + 10; y < box.y + 300 && !hovered && Date.now() < deadline; y += 12) {
    await page.mouse.move(box.x + box.w / 2, y);
    hovered = await page
      .waitForFunction(() => (window as any).sent.find((m: any) => m.type === 'hover' && m.id === 'cp:kube-apiserver'), undefined, { timeout: 400 })
      .then((h) => h.jsonValue())
      .catch(() => undefined);
  }
  assert.ok(hovered, 'no hover request for kube-apiserver');
  assert.equal(typeof hovered.requestId, 'number');
  await page.evaluate((requestId) => window.postMessage({ type: 'tooltip', requestId, id: 'cp:kube-apiserver', content: { title: 'kube-apiserver', subtitle: '1 instance', health: 'healthy', reasons: [], notes: [], role: ['<b>The front door</b>'], facts: [] } }, '*'), hovered.requestId);
  await page.waitForSelector('.tooltip:not([hidden])', { timeout: 5_000 });
  const text = await page.textContent('.tooltip');
  assert.match(text ?? '', /kube-apiserver — 1 instance/);
  // Content from the host is text, never markup.
  assert.match(text ?? '', /<b>The front door<\/b>/);
  assert.equal(await page.$$eval('.tooltip b', (b) => b.length), 0);
});

test('a new pod shows up on its node and the node\'s label counts it', { skip: missing }, async () => {
  const pod = { id: 'pod:default/web-1', namespace: 'default', name: 'web-1', nodeName: 'whale2', look: 'pending', status: 'Pending 0/1', system: false };
  await page.evaluate((p) => window.postMessage({ type: 'delta', delta: { components: [], nodesUpserted: [], nodesRemoved: [], podsUpserted: [p], podsRemoved: [], activity: [{ kind: 'bound', podId: p.id, nodeName: 'whale2' }] } }, '*'), pod);
  await page.waitForFunction(() => document.querySelector('button[data-id="node:whale2"]')?.getAttribute('aria-label') === 'node whale2, Ready, 2 pods', undefined, { timeout: 5_000 });
  // The status line counts follow deltas, not only snapshots.
  assert.match(await page.textContent('.status') ?? '', /^kind-whales: 3 nodes, 10 pods$/);
  // The namespace filter learned the new namespace.
  assert.ok(await page.$('vscode-option[value="default"]'));
});

test('under the real page\'s strict CSP the bundle runs and nothing is blocked', { skip: missing }, async () => {
  const { diagramHtml, makeNonce } = await import('../../../src/vscode/diagram/diagram-html.js');
  const { readFileSync } = await import('node:fs');
  const origin = WEBVIEW_ORIGIN;
  const p = await browser!.newPage();
  try {
    const html = diagramHtml({ cspSource: origin, nonce: makeNonce(), scriptUri: `${origin}/dist/webview-diagram.js`, styleUri: `${origin}/media/diagram.css` });
    const violations = await openUnderCsp(p, html, {
      '/dist/webview-diagram.js': { contentType: 'text/javascript', body: bundle },
      '/media/diagram.css': { contentType: 'text/css', body: readFileSync('media/diagram.css', 'utf8') },
    });
    await p.waitForSelector('vscode-button', { timeout: 5_000 });
    assert.deepEqual(violations, []);
  } finally {
    await p.close();
  }
});

test('the host\'s highlight (what an apply made) is outlined and said in the status line, and cleared by an empty one', { skip: missing }, async () => {
  await page.evaluate(() => window.postMessage({ type: 'highlight', ids: ['pod:default/web-1'], reason: 'applied just now' }, '*'));
  await page.waitForFunction(() => /· 1 outlined: applied just now$/.test(document.querySelector('.status')?.textContent ?? ''), undefined, { timeout: 5_000 });
  await page.evaluate(() => window.postMessage({ type: 'highlight', ids: [] }, '*'));
  await page.waitForFunction(() => document.querySelector('.status')?.textContent === 'kind-whales: 3 nodes, 10 pods', undefined, { timeout: 5_000 });
});

// In-page code as strings: tsx would add helpers the page does not have.
/** Right-clicks (synthetic contextmenu events) across the canvas until one lands on a pod; returns where. */
const FIND_POD_BY_CONTEXT_MENU = `(() => {
  const canvas = document.querySelector('canvas');
  const b = canvas.getBoundingClientRect();
  for (let y = b.top + 2; y < b.bottom; y += 3) {
    for (let x = b.left + 2; x < b.right; x += 3) {
      canvas.dispatchEvent(new MouseEvent('contextmenu', { clientX: x, clientY: y, bubbles: true, cancelable: true }));
      const context = JSON.parse(canvas.dataset.vscodeContext || '{}');
      if (context.webviewSection === 'pod') return { x, y, context };
    }
  }
  return undefined;
})()`;

test('right-clicking a pod marks the canvas with the pod\'s webview context; VS Code reads it while the event bubbles', { skip: missing }, async () => {
  // VS Code's own listener is on the window, bubbling: it must see the attribute the pod set.
  await page.evaluate(`window.addEventListener('contextmenu', (e) => { window.seenContext = e.target.closest('[data-vscode-context]')?.dataset.vscodeContext; })`);
  const found = (await page.evaluate(FIND_POD_BY_CONTEXT_MENU)) as { x: number; y: number; context: Record<string, unknown> } | undefined;
  assert.ok(found, 'no pod under any point of the canvas');
  assert.equal(found.context.preventDefaultContextMenuItems, true);
  assert.match(String(found.context.podNamespace), /^(kube-system|default)$/);
  // A real right button press at that point: the window listener reads the same pod.
  await page.mouse.click(found.x, found.y, { button: 'right' });
  const seen = JSON.parse((await page.evaluate('window.seenContext')) as string);
  assert.deepEqual(seen, found.context);
  // Empty space right after: no pod section lingers from the last pod.
  const box = (await page.evaluate(`(() => { const b = document.querySelector('canvas').getBoundingClientRect(); return { x: b.left + 3, y: b.bottom - 3 }; })()`)) as { x: number; y: number };
  await page.mouse.click(box.x, box.y, { button: 'right' });
  assert.deepEqual(JSON.parse((await page.evaluate('window.seenContext')) as string), { preventDefaultContextMenuItems: true });
});

test('a snapshot sent in slices is drawn once its last slice arrived, with every pod counted', { skip: missing }, async () => {
  const pod = (i: number) => ({ id: `pod:team/app-${i}`, namespace: 'team', name: `app-${i}`, nodeName: 'n1', look: 'ready', status: 'Running 1/1', system: false });
  const node = { id: 'node:n1', name: 'n1', controlPlane: false, ready: true, health: 'healthy', kubelet: 'healthy', proxy: 'healthy', proxyName: 'kube-proxy', runtime: 'healthy', runtimeName: 'containerd' };
  const head = { clusterName: 'sliced', components: [], nodes: [node], pods: [pod(0), pod(1)], edges: [], stale: false };
  await page.evaluate((h) => window.postMessage({ type: 'snapshot', snapshot: h, morePods: true }, '*'), head);
  await page.waitForFunction(() => /^sliced: /.test(document.querySelector('.status')?.textContent ?? ''), undefined, { timeout: 5_000 });
  assert.match(await page.textContent('.status') ?? '', /^sliced: 1 nodes, 2 pods \(loading…\)$/);
  await page.evaluate((pods) => window.postMessage({ type: 'snapshotPods', pods, last: false }, '*'), [pod(2), pod(3)]);
  await page.evaluate((pods) => window.postMessage({ type: 'snapshotPods', pods, last: true }, '*'), [pod(4)]);
  await page.waitForFunction(() => document.querySelector('.status')?.textContent === 'sliced: 1 nodes, 5 pods', undefined, { timeout: 5_000 });
  await page.waitForFunction(() => document.querySelector('button[data-id="node:n1"]')?.getAttribute('aria-label') === 'node n1, Ready, 5 pods', undefined, { timeout: 5_000 });
});

/** Pixels of the canvas within a small distance of an RGB colour (antialiased edges blend). */
const COUNT_COLOUR = `([r, g, b]) => {
  const c = document.querySelector('canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - r) < 12 && Math.abs(d[i + 1] - g) < 12 && Math.abs(d[i + 2] - b) < 12) n++;
  return n;
}`;

test('in a high-contrast theme every card, chip and panel gets the theme\'s contrast border', { skip: missing }, async () => {
  const p = await browser!.newPage({ viewport: { width: 1200, height: 800 } });
  try {
    await loadDiagram(p, bundle);
    // The variables VS Code's "Dark High Contrast" theme sets (contrastBorder is its cyan-ish border).
    await p.addStyleTag({ content: 'body { --vscode-editor-background: #000000; --vscode-editor-foreground: #ffffff; --vscode-contrastBorder: #6fc3df; --vscode-contrastActiveBorder: #f38518; }' });
    await showSnapshot(p, seedSnapshot());
    const frame = () => p.evaluate(`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))`);
    await frame();
    const countContrast = `(${COUNT_COLOUR})([111, 195, 223])`;
    assert.equal(await p.evaluate(countContrast), 0, 'no contrast border outside a high-contrast theme');
    await p.evaluate(`document.body.classList.add('vscode-high-contrast')`);
    await frame();
    await frame();
    const outlined = (await p.evaluate(countContrast)) as number;
    assert.ok(outlined > 500, `only ${outlined} pixels of the contrast border`);
    assert.equal(await p.$eval('.legend', (e) => getComputedStyle(e).borderTopColor), 'rgb(111, 195, 223)');
  } finally {
    await p.close();
  }
});
