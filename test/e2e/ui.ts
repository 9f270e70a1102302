// What the e2e suites do with the workbench the way a person does: find tree and Explorer rows,
// right-click for a menu entry, wait for a notification, widen the sidebar, keep a screenshot.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { readmeImageDir, runFromCommandPalette, saveScreenshot, uiTimeoutMs } from './workbench';

/** Copies a screenshot into docs/images when UPDATE_SCREENSHOTS=1 (the README shows it). */
export function keepForReadme(file: string, name: string): void {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(readmeImageDir, { recursive: true });
  copyFileSync(file, join(readmeImageDir, name));
}

/** Rows of the sidebar's tree whose label is exactly `label` (a string) or matches it (a RegExp). */
export function treeRow(page: Page, label: string | RegExp): Locator {
  const name = typeof label === 'string' ? new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : label;
  return page.locator('.part.sidebar .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: name }) });
}

/** Expands or collapses a tree row (clicking toggles it). */
export async function setExpanded(target: Locator, expanded: boolean): Promise<void> {
  await target.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  if ((await target.getAttribute('aria-expanded')) !== String(expanded)) await target.click();
}

/**
 * Brings the Architecture tree's node rows into view. A new page restores the tree as the last
 * one left it, and a node expanded there (with its pods) can push the other nodes past the
 * list's viewport, where the list renders no row: then collapse all and open the cluster and
 * its Nodes, as a person would. A screenshot is kept if even that shows no node rows.
 */
export async function showNodeRows(page: Page, nodes = ['whale1', 'whale2', 'whale3']): Promise<void> {
  const all = async (timeout: number) => {
    for (const n of nodes) await treeRow(page, n).first().waitFor({ state: 'visible', timeout });
  };
  try {
    await all(10_000);
    return;
  } catch {
    // fall through: reset the tree's expansion
  }
  try {
    await page.locator('.part.sidebar .action-label[aria-label="Collapse All"]').first().click({ timeout: uiTimeoutMs });
    await setExpanded(page.locator('.part.sidebar .monaco-list-row[aria-level="1"]').first(), true);
    await setExpanded(treeRow(page, 'Nodes').first(), true);
    await all(uiTimeoutMs);
  } catch (error) {
    await saveScreenshot(page, 'tree-without-nodes');
    throw error;
  }
}

/** Drags the sidebar's edge so names and descriptions fit, as a person would. */
export async function widenSidebar(page: Page, byPixels = 200): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const edge = box.x + box.width;
  await page.mouse.move(edge - 1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge + byPixels, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
}

export function explorerRow(page: Page, name: string): Locator {
  return page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
}

export async function showExplorer(page: Page): Promise<void> {
  // The activity bar's icon toggles: click it only when the Explorer is not showing.
  if (!(await page.locator('.explorer-folders-view').first().isVisible())) await page.locator('.part.activitybar').getByRole('tab', { name: /^Explorer/ }).first().click();
  await page.locator('.explorer-folders-view').first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
}

/** Right-clicks `target` and picks a context-menu entry, as a person does. */
export async function contextMenu(page: Page, target: Locator, entry: string): Promise<void> {
  await target.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  await target.click({ button: 'right' });
  const item = page.getByRole('menuitem', { name: entry }).first();
  await item.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  // The workbench's menu runs an item on Enter once it has focus; a synthetic click on it can
  // land before the menu listens, and leaves it open.
  await item.hover();
  await page.keyboard.press('Enter');
  await item.waitFor({ state: 'hidden', timeout: uiTimeoutMs });
}

/** Right-clicks a file in the Explorer and picks a menu entry. */
export async function explorerMenu(page: Page, file: string, entry: string): Promise<void> {
  await showExplorer(page);
  await contextMenu(page, explorerRow(page, file), entry);
}

export function notification(page: Page, text: RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
}

/** Switches VS Code's theme, and waits until the webview `view` says (by its body's class) it has the new one. */
export async function toggleLightDark(page: Page, view: FrameLocator, to: 'light' | 'dark'): Promise<void> {
  await runFromCommandPalette(page, 'Preferences: Toggle between Light/Dark Themes');
  await view.locator(`body.vscode-${to}`).waitFor({ state: 'attached', timeout: uiTimeoutMs });
}

/** Waits until exactly `count` rows match, or fails at the deadline saying how many did. */
export async function waitForRowCount(rows: Locator, count: number): Promise<void> {
  const deadline = Date.now() + uiTimeoutMs;
  let seen = -1;
  while ((seen = await rows.count()) !== count) {
    if (Date.now() > deadline) assert.fail(`expected ${count} rows, saw ${seen}`);
    await rows.page().waitForTimeout(250);
  }
}
