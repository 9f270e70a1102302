import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { openWorkbench, runFromCommandPalette, saveScreenshot, uiTimeoutMs, type Workbench } from './workbench';
import { keepForReadme, explorerMenu, notification, toggleLightDark } from './ui';

// With no kubeconfig on this machine the extension starts its bundled emulator by itself, so
// the diagram shows the seed's cluster: whale1 (control plane) and the workers whale2, whale3.

/** The diagram's document: VS Code nests a webview's content in an inner iframe. */
function diagramFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** `light` or `dark`, as VS Code tells the webview through its body's class. */
async function webviewTheme(page: Page): Promise<'light' | 'dark'> {
  const body = diagramFrame(page).locator('body');
  await body.waitFor({ state: 'attached', timeout: uiTimeoutMs });
  return /\bvscode-light\b/.test((await body.getAttribute('class')) ?? '') ? 'light' : 'dark';
}

/** The diagram's document as a Frame, to evaluate in it. */
async function diagramDocument(page: Page): Promise<Frame> {
  const canvas = await diagramFrame(page).locator('canvas').first().elementHandle({ timeout: uiTimeoutMs });
  const frame = await canvas?.ownerFrame();
  if (!frame) throw new Error('the diagram webview has no document');
  return frame;
}

/** Where, on the canvas, a pod chip is: found the way VS Code's webview menu asks, through the
 * context the diagram sets for the element under a right-click (non-bubbling, so no menu opens). */
const FIND_POD = `((namePrefix) => {
  const canvas = document.querySelector('canvas');
  const b = canvas.getBoundingClientRect();
  for (let y = 2; y < b.height; y += 3) {
    for (let x = 2; x < b.width; x += 3) {
      canvas.dispatchEvent(new MouseEvent('contextmenu', { clientX: b.left + x, clientY: b.top + y, bubbles: false }));
      const c = JSON.parse(canvas.dataset.vscodeContext || '{}');
      if (c.webviewSection === 'pod' && (c.podNamespace + '/' + c.podName).startsWith(namePrefix)) return { x, y, namespace: c.podNamespace, name: c.podName };
    }
  }
  return undefined;
})`;

async function findPod(page: Page, namePrefix: string): Promise<{ x: number; y: number; namespace: string; name: string }> {
  const found = (await (await diagramDocument(page)).evaluate(`${FIND_POD}(${JSON.stringify(namePrefix)})`)) as { x: number; y: number; namespace: string; name: string } | undefined;
  if (!found) throw new Error(`no pod ${namePrefix}* on the diagram's canvas`);
  return found;
}

async function canvasBox(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await diagramFrame(page).locator('canvas').first().boundingBox();
  if (!box) throw new Error('the diagram canvas is not on screen');
  return box;
}

/** Lets the diagram finish drawing (it paints on animation frames) and moves the pointer off it. */
async function settle(page: Page): Promise<void> {
  await page.mouse.move(800, 650);
  await page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))));
}

describe('Architecture diagram', () => {
  let workbench: Workbench;
  before(async () => {
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench?.close();
  });

  it('"Cluster Anatomy: Open Architecture Diagram" shows the seed cluster\'s control plane and nodes', async () => {
    const { page } = workbench;
    await runFromCommandPalette(page, 'Cluster Anatomy: Open Architecture Diagram');
    const tab = page.locator('.tabs-container .tab', { hasText: 'Cluster Architecture' });
    await tab.first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    const frame = diagramFrame(page);
    // The screen-reader list names every element the diagram draws, once the snapshot arrived.
    for (const id of ['cp:kube-apiserver', 'cp:etcd', 'cp:kube-scheduler', 'cp:kube-controller-manager', 'node:whale1', 'node:whale2', 'node:whale3']) {
      await frame.locator(`[data-id="${id}"]`).first().waitFor({ state: 'attached', timeout: uiTimeoutMs });
    }
    const label = await frame.locator('[data-id="node:whale2"]').first().getAttribute('aria-label');
    assert.match(label ?? '', /whale2/);
    await frame.locator('.legend').first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    const status = frame.locator('.status');
    await status.filter({ hasText: /: 3 nodes, \d+ pods/ }).waitFor({ state: 'visible', timeout: uiTimeoutMs });
    await settle(page);
    const theme = await webviewTheme(page);
    keepForReadme(await saveScreenshot(page, `diagram-${theme}`), `diagram-${theme}.png`);
  });

  it('follows the colour theme: the same diagram in the other of light and dark', async () => {
    const { page } = workbench;
    const was = await webviewTheme(page);
    const other = was === 'light' ? 'dark' : 'light';
    await toggleLightDark(page, diagramFrame(page), other);
    try {
      await diagramFrame(page).locator('[data-id="node:whale3"]').first().waitFor({ state: 'attached', timeout: uiTimeoutMs });
      await settle(page);
      keepForReadme(await saveScreenshot(page, `diagram-${other}`), `diagram-${other}.png`);
    } finally {
      await toggleLightDark(page, diagramFrame(page), was);
    }
  });
  it('in "Dark High Contrast" the diagram takes the theme\'s contrast borders', async () => {
    const { page } = workbench;
    const picker = page.locator('.quick-input-widget');
    /** Opens "Preferences: Color Theme", picks `label` (or keeps the current one), returns the theme it opened on. */
    const pickTheme = async (label: string): Promise<string> => {
      await page.keyboard.press('F1');
      await picker.locator('input').first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
      await page.keyboard.type('>Preferences: Color Theme');
      // Typed in the palette, other commands rank first: pick the exact row.
      await picker.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^Preferences: Color Theme$/ }) }).first().click();
      await picker.locator('.monaco-list-row', { hasText: 'Modern' }).first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
      // The picker opens on the current theme.
      const current = (await picker.locator('.monaco-list-row.focused .label-name').first().innerText({ timeout: uiTimeoutMs })).trim();
      await page.keyboard.type(label);
      await picker.locator('.monaco-list-row.focused', { hasText: label }).first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
      await page.keyboard.press('Enter');
      await picker.waitFor({ state: 'hidden', timeout: uiTimeoutMs });
      return current;
    };
    const was = await pickTheme('Dark High Contrast');
    try {
      const frame = diagramFrame(page);
      await frame.locator('body.vscode-high-contrast').waitFor({ state: 'attached', timeout: uiTimeoutMs });
      const legend = frame.locator('.legend').first();
      const contrast = await legend.evaluate(() => getComputedStyle(document.body).getPropertyValue('--vscode-contrastBorder').trim());
      assert.ok(contrast, 'VS Code sets --vscode-contrastBorder in high contrast');
      // The legend's border is the theme's contrast border (compared as the browser resolves both).
      const [border, expected] = await legend.evaluate((e, c) => {
        const probe = document.createElement('div');
        probe.style.color = c;
        document.body.append(probe);
        const rgb = getComputedStyle(probe).color;
        probe.remove();
        return [getComputedStyle(e).borderTopColor, rgb];
      }, contrast);
      assert.equal(border, expected);
      await settle(page);
      await saveScreenshot(page, 'diagram-high-contrast');
    } finally {
      await pickTheme(was);
    }
  });

  it('hovering kube-apiserver shows its role and live health, from the same source as the tree', async () => {
    const { page } = workbench;
    const box = await canvasBox(page);
    const tooltip = diagramFrame(page).locator('.tooltip:not([hidden])');
    // Fit puts kube-apiserver at the top centre: point down the centre line until its hover opens.
    let text = '';
    for (let y = box.y + 8; y < box.y + box.height / 2 && !text; y += 16) {
      await page.mouse.move(box.x + box.width / 2, y);
      text = await tooltip.filter({ hasText: /^kube-apiserver/ }).first().innerText({ timeout: 700 }).catch(() => '');
    }
    assert.ok(text, 'no kube-apiserver tooltip anywhere down the centre of the diagram');
    assert.match(text, /^kube-apiserver/);
    assert.match(text, /\b(healthy|degraded|unknown)\b/);
    assert.match(text, /Serves the Kubernetes REST API/);
    assert.match(text, /Who talks to it: /);
    await settle(page);
  });

  it('clicking a pod reveals it, selected, in the Architecture tree', async () => {
    const { page } = workbench;
    const pod = await findPod(page, 'kube-system/kube-proxy-');
    const box = await canvasBox(page);
    await page.mouse.click(box.x + pod.x, box.y + pod.y);
    const selected = page.locator('.part.sidebar .monaco-list-row.selected', { hasText: `${pod.namespace}/${pod.name}` });
    await selected.first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    assert.match(await selected.first().innerText(), new RegExp(`${pod.namespace}/${pod.name}`));
  });

  it('right-clicking a pod opens VS Code\'s menu for that pod, with "Trace Scheduling", "Show Pod YAML" and none of the default cut/copy/paste', async () => {
    const { page } = workbench;
    await page.locator('.tabs-container .tab', { hasText: 'Cluster Architecture' }).first().click();
    const pod = await findPod(page, 'kube-system/kube-proxy-');
    const box = await canvasBox(page);
    await page.mouse.click(box.x + pod.x, box.y + pod.y, { button: 'right' });
    const menu = page.locator('.monaco-menu').first();
    await menu.getByRole('menuitem', { name: 'Trace Scheduling' }).first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    const items = await menu.getByRole('menuitem').allInnerTexts();
    assert.ok(!items.some((t) => /^(Cut|Copy|Paste)\b/.test(t.trim())), `default items in ${JSON.stringify(items)}`);
    assert.ok(items.some((t) => /Show Pod YAML/.test(t)), `no "Show Pod YAML" in ${JSON.stringify(items)}`);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden', timeout: uiTimeoutMs });
  });

  it('applying a Deployment from the Explorer: its pods appear in the open diagram, lit up, and go when it is deleted', async () => {
    const { page } = workbench;
    const tab = page.locator('.tabs-container .tab', { hasText: 'Cluster Architecture' }).first();
    await tab.click();
    const frame = diagramFrame(page);
    const status = frame.locator('.status');
    await status.filter({ hasText: /: 3 nodes, \d+ pods/ }).waitFor({ state: 'visible', timeout: uiTimeoutMs });
    // Search the diagram for the Deployment's pods: none yet.
    const search = frame.locator('vscode-textfield.search');
    await search.click();
    await page.keyboard.type('default/web-');
    await status.filter({ hasText: /· 0 matches$/ }).waitFor({ state: 'visible', timeout: uiTimeoutMs });
    await explorerMenu(page, 'deployment.yaml', 'Apply to Cluster');
    await notification(page, /Applied deployment\.yaml: 1 created/).waitFor({ state: 'visible', timeout: uiTimeoutMs });
    // The diagram stayed open beside the Explorer and learns of the pods from deltas alone.
    await status.filter({ hasText: /· 3 matches\b/ }).waitFor({ state: 'visible', timeout: uiTimeoutMs });
    // What the apply made is outlined, and the status line says so (not colour alone).
    await status.filter({ hasText: /· 3 outlined: applied just now/ }).waitFor({ state: 'visible', timeout: uiTimeoutMs });
    assert.match(await status.innerText(), /: 3 nodes, \d+ pods · 3 matches · 3 outlined: applied just now$/);
    const web = await findPod(page, 'default/web-');
    assert.match(web.name, /^web-[a-z0-9]+-[a-z0-9]{5}$/);
    await settle(page);
    await saveScreenshot(page, 'diagram-applied');
    await explorerMenu(page, 'deployment.yaml', 'Delete from Cluster…');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await notification(page, /Deleted deployment\.yaml/).waitFor({ state: 'visible', timeout: uiTimeoutMs });
    await status.filter({ hasText: /· 0 matches$/ }).waitFor({ state: 'visible', timeout: uiTimeoutMs });
  });
});
