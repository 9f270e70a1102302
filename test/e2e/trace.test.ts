import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { openClusterAnatomyContainer, openWorkbench, runFromCommandPalette, saveScreenshot, uiTimeoutMs, type Workbench } from './workbench';
import { contextMenu, keepForReadme, setExpanded, toggleLightDark, treeRow as row } from './ui';

// With no kubeconfig on this machine the extension starts its bundled emulator by itself: the
// seed's whale1 (control plane, tainted) and the workers whale2 and whale3, whose kube-scheduler
// keeps a record of every attempt. The sample workspace holds deployment.yaml (Deployment web).

/** The active webview's document: VS Code nests a webview's content in an inner iframe. */
function activeWebview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
}

/** Expands each node's Pods in turn until a pod whose name matches shows. */
async function findPod(page: Page, name: RegExp, nodes = ['whale1', 'whale2', 'whale3'], status = /^Running 1\/1/): Promise<Locator> {
  // Running and ready: a Terminating pod of an earlier run may still be listed, and vanish.
  const pod = row(page, name).filter({ has: page.locator('.label-description', { hasText: status }) }).first();
  for (const node of nodes) {
    await setExpanded(row(page, node).first(), true);
    await setExpanded(row(page, /^Pods \(\d+\)$/).last(), true);
    try {
      await pod.waitFor({ state: 'visible', timeout: 5_000 });
      return pod;
    } catch {
      await setExpanded(row(page, node).first(), false); // try the next node
    }
  }
  throw new Error(`no pod ${name} in the tree`);
}

/** Waits for `what`; if it does not show, fails with what the view shows instead, and a screenshot. */
async function waitOrShow(page: Page, locator: Locator, view: FrameLocator, what: string, screenshot: string): Promise<void> {
  try {
    await locator.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  } catch (error) {
    const shown = await view.locator('body').innerText({ timeout: 5_000 }).catch((e: Error) => `(unreadable: ${e.message})`);
    await saveScreenshot(page, screenshot).catch(() => undefined);
    throw new Error(`${what} did not show within ${uiTimeoutMs / 1000} s; the view shows:\n${shown.slice(0, 3000)}`, { cause: error });
  }
}

describe('Trace scheduling', () => {
  let workbench: Workbench;
  before(async () => {
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench?.close();
  });

  it('right-clicking a pod in the tree, "Trace Scheduling" shows its journey and the scheduler\'s decision', async () => {
    const { page } = workbench;
    await openClusterAnatomyContainer(page);
    // CoreDNS: scheduled by kube-scheduler (the control plane's static pods are not).
    const pod = await findPod(page, /^kube-system\/coredns-/);
    const podName = (await pod.locator('.label-name').first().innerText()).trim();
    await contextMenu(page, pod, 'Trace Scheduling');
    await page.locator('.tabs-container .tab', { hasText: `Trace: ${podName}` }).first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    const view = activeWebview(page);
    // The journey: the API server stored it, kube-scheduler placed it, the kubelet started it.
    const steps = view.locator('.journey-steps .step');
    await steps.filter({ hasText: 'kube-scheduler' }).first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    const journey = await view.locator('.journey-steps').innerText();
    assert.match(journey, /kube-apiserver/);
    assert.match(journey, /Scheduled/);
    // The decision, one row per node: kube-scheduler's own record. The emulator saves its records
    // when it stops (the window that started it may have closed since); should they be lost all
    // the same (it was killed), the view says so. The next test traces a pod placed in this window.
    await waitOrShow(page, view.locator('.badge.source', { hasText: /recorded|reconstructed/i }).first(), view, 'the decision\'s source badge', 'trace-coredns-failed');
    const source = (await view.locator('.badge.source').first().innerText()).trim();
    if (!/recorded/i.test(source)) {
      assert.match(source, /reconstructed/i);
      assert.match(await view.locator('body').innerText(), /kube-scheduler's record of this pod is no longer kept \(the emulator keeps its latest attempts only, and across a restart only those it could save when it stopped\)/);
    }
    for (const node of ['whale1', 'whale2', 'whale3']) {
      await view.locator('.grid .node-link', { hasText: node }).first().waitFor({ state: 'attached', timeout: uiTimeoutMs });
    }
    assert.ok((await view.locator('.summary').first().innerText()).trim().length > 0, 'a summary sentence tops the decision');
    await page.mouse.move(900, 700);
    await saveScreenshot(page, 'trace-coredns');
  });

  it('the CodeLens "Trace scheduling" on deployment.yaml shows where its pods would land, nothing applied', async () => {
    const { page } = workbench;
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: uiTimeoutMs });
    await input.fill('deployment.yaml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'deployment.yaml' }).first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    await page.keyboard.press('Enter');
    const lens = page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Trace scheduling' }).first();
    await lens.waitFor({ state: 'visible', timeout: uiTimeoutMs });
    await lens.click();
    await page.locator('.tabs-container .tab', { hasText: 'What-if: deployment.yaml' }).first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    const view = activeWebview(page);
    await view.locator('.badge.source', { hasText: /what-if/i }).first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    const placements = view.locator('.placement-list .placement');
    await placements.first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    assert.equal(await placements.count(), 3, 'the Deployment\'s 3 replicas');
    for (const text of await placements.locator('.node').allInnerTexts()) assert.match(text, /→ whale[23]$/, 'the control plane is tainted: workers only');
    await page.mouse.move(900, 700);
    await saveScreenshot(page, 'trace-whatif');
  });

  it('applied, the Deployment\'s pods land where the what-if said, and kube-scheduler\'s record says why', async () => {
    const { page } = workbench;
    await page.locator('.tabs-container .tab', { hasText: 'deployment.yaml' }).first().click();
    const apply = page.locator('.contentWidgets .codelens-decoration a', { hasText: /^Apply$/ }).first();
    await apply.waitFor({ state: 'visible', timeout: uiTimeoutMs });
    await apply.click();
    await page.locator('.notifications-toasts', { hasText: /Applied deployment\.yaml.*: 1 (created|unchanged|configured)/ }).first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    // Collapse whale1 (expanded by the first test), then look on the workers.
    await setExpanded(row(page, 'whale1').first(), false);
    const web = await findPod(page, /^default\/web-/, ['whale2', 'whale3']);
    const podName = (await web.locator('.label-name').first().innerText()).trim();
    await contextMenu(page, web, 'Trace Scheduling');
    await page.locator('.tabs-container .tab', { hasText: `Trace: ${podName}` }).first().waitFor({ state: 'attached', timeout: uiTimeoutMs });
    const view = activeWebview(page);
    await view.locator('h1', { hasText: podName }).first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    await waitOrShow(page, view.locator('.badge.source', { hasText: /recorded/i }).first(), view, 'the "recorded by kube-scheduler" badge', 'trace-web-failed');
    const whale1 = view.locator('.grid .grid-row').filter({ has: view.locator('.node-link', { hasText: 'whale1' }) }).first();
    await whale1.waitFor({ state: 'attached', timeout: uiTimeoutMs });
    assert.match(await whale1.innerText(), /filtered by TaintToleration/);
    await view.locator('.journey-steps .step', { hasText: 'Started' }).first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    // The README's picture: the editor area alone, tall enough for the journey and the table.
    await runFromCommandPalette(page, 'Notifications: Clear All Notifications');
    const wasLight = /\bvscode-light\b/.test((await view.locator('body').getAttribute('class')) ?? '');
    // The README's pictures are dark.
    if (wasLight) await toggleLightDark(page, view, 'dark');
    await runFromCommandPalette(page, 'View: Toggle Primary Side Bar Visibility');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: uiTimeoutMs });
    await page.setViewportSize({ width: 1280, height: 1000 });
    try {
      await page.mouse.move(1200, 980);
      await page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))));
      keepForReadme(await saveScreenshot(page, 'trace'), 'trace.png');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
      await runFromCommandPalette(page, 'View: Toggle Primary Side Bar Visibility');
      if (wasLight) await toggleLightDark(page, view, 'light');
    }
  });
});
