import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openClusterAnatomyContainer, openWorkbench, readmeImageDir, saveScreenshot, uiTimeoutMs, type Workbench } from './workbench';

// The workspace is sample/: deployment.yaml is a Deployment `web` with 3 replicas. With no
// kubeconfig here the extension starts its bundled emulator (the seed's whale1-3) on first need.

function keepForReadme(file: string, name: string): void {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(readmeImageDir, { recursive: true });
  copyFileSync(file, join(readmeImageDir, name));
}

function explorerRow(page: Page, name: string): Locator {
  return page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
}

async function showExplorer(page: Page): Promise<void> {
  // The activity bar's icon toggles: click it only when the Explorer is not showing.
  if (!(await page.locator('.explorer-folders-view').first().isVisible())) await page.locator('.part.activitybar').getByRole('tab', { name: /^Explorer/ }).first().click();
  await page.locator('.explorer-folders-view').first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
}

/** Right-clicks a file in the Explorer and picks a menu entry, as a person does. */
async function explorerMenu(page: Page, file: string, entry: string): Promise<void> {
  await showExplorer(page);
  const row = explorerRow(page, file);
  await row.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  await row.click({ button: 'right' });
  const item = page.getByRole('menuitem', { name: entry }).first();
  await item.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  // The workbench's menu runs an item on Enter once it has focus; a synthetic click on it can
  // land before the menu listens, and leaves it open.
  await item.hover();
  await page.keyboard.press('Enter');
  await item.waitFor({ state: 'hidden', timeout: uiTimeoutMs });
}

function notification(page: Page, text: RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
}

function treeRow(page: Page, label: RegExp): Locator {
  return page.locator('.part.sidebar .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: label }) });
}

/** Drags the sidebar's edge so pod names and descriptions fit, as a person would. */
async function widenSidebar(page: Page): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + 200, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Waits until exactly `count` rows match, or fails at the deadline saying how many did. */
async function waitForRowCount(rows: Locator, count: number): Promise<void> {
  const deadline = Date.now() + uiTimeoutMs;
  let seen = -1;
  while ((seen = await rows.count()) !== count) {
    if (Date.now() > deadline) assert.fail(`expected ${count} rows, saw ${seen}`);
    await rows.page().waitForTimeout(250);
  }
}

describe('Manifests from the Explorer', () => {
  let workbench: Workbench;
  before(async () => {
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench?.close();
  });

  it('right-click deployment.yaml > "Apply to Cluster": the Deployment is created and its 3 pods appear in the Architecture tree', async () => {
    const { page } = workbench;
    await showExplorer(page);
    // Open it too, so the picture shows the manifest (with its Apply / Diff lenses) beside the tree.
    await explorerRow(page, 'deployment.yaml').click();
    await page.locator('.tabs-container .tab', { hasText: 'deployment.yaml' }).first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    await explorerMenu(page, 'deployment.yaml', 'Apply to Cluster');
    await notification(page, /Applied deployment\.yaml: 1 created\./).waitFor({ state: 'visible', timeout: uiTimeoutMs });

    await openClusterAnatomyContainer(page);
    await widenSidebar(page);
    for (const node of ['whale2', 'whale3']) {
      const row = treeRow(page, new RegExp(`^${node}$`)).first();
      await row.waitFor({ state: 'visible', timeout: uiTimeoutMs });
      await row.click();
    }
    // Each worker's "Pods (n)" group, expanded: the control plane's taint keeps web's pods off whale1.
    const podGroups = treeRow(page, /^Pods \(\d+\)$/);
    await waitForRowCount(podGroups, 2);
    for (let i = 0; i < 2; i++) await podGroups.nth(i).click();
    const webPods = treeRow(page, /^default\/web-[a-z0-9]+-[a-z0-9]{5}$/);
    await waitForRowCount(webPods, 3);
    // The tree marks what the apply just did, next to each new pod.
    await waitForRowCount(page.locator('.part.sidebar .monaco-list-row', { hasText: /applied just now/ }), 3);
    await page.mouse.move(900, 650);
    keepForReadme(await saveScreenshot(page, 'apply'), 'apply.png');
  });

  it('"Delete from Cluster…" asks first, then the Deployment and its pods go', async () => {
    const { page } = workbench;
    await explorerMenu(page, 'deployment.yaml', 'Delete from Cluster…');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: uiTimeoutMs });
    assert.match(await dialog.innerText(), /Delete 1 object of deployment\.yaml/);
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await notification(page, /Deleted deployment\.yaml/).waitFor({ state: 'visible', timeout: uiTimeoutMs });
    await openClusterAnatomyContainer(page);
    // The tree is showing (its nodes are there) while the pods leave it.
    await treeRow(page, /^whale2$/).first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    await waitForRowCount(treeRow(page, /^default\/web-/), 0);
  });
});
