import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { openWorkbench, readmeImageDir, runFromCommandPalette, saveScreenshot, uiTimeoutMs, type Workbench } from './workbench';

// With no kubeconfig on this machine the extension starts its bundled emulator by itself, so
// the diagram shows the seed's cluster: whale1 (control plane) and the workers whale2, whale3.

/** The diagram's document: VS Code nests a webview's content in an inner iframe. */
function diagramFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

function keepForReadme(file: string, name: string): void {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(readmeImageDir, { recursive: true });
  copyFileSync(file, join(readmeImageDir, name));
}

/** `light` or `dark`, as VS Code tells the webview through its body's class. */
async function webviewTheme(page: Page): Promise<'light' | 'dark'> {
  const body = diagramFrame(page).locator('body');
  await body.waitFor({ state: 'attached', timeout: uiTimeoutMs });
  return /\bvscode-light\b/.test((await body.getAttribute('class')) ?? '') ? 'light' : 'dark';
}

async function toggleLightDark(page: Page, to: 'light' | 'dark'): Promise<void> {
  await runFromCommandPalette(page, 'Preferences: Toggle between Light/Dark Themes');
  await diagramFrame(page).locator(`body.vscode-${to}`).waitFor({ state: 'attached', timeout: uiTimeoutMs });
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
    await toggleLightDark(page, other);
    try {
      await diagramFrame(page).locator('[data-id="node:whale3"]').first().waitFor({ state: 'attached', timeout: uiTimeoutMs });
      await settle(page);
      keepForReadme(await saveScreenshot(page, `diagram-${other}`), `diagram-${other}.png`);
    } finally {
      await toggleLightDark(page, was);
    }
  });
});
