// Opens the VS Code workbench that scripts/run-e2e.mjs serves, in Debian's Chromium, the way a
// person would open it: no test hooks inside the extension host.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync', '--disable-quic',
];

export const screenshotDir = join(__dirname, '..', '..', 'test-results', 'e2e');
export const readmeImageDir = join(__dirname, '..', '..', 'docs', 'images');
/** Generous: the first workbench load on a busy 2-core machine can take a while. */
export const uiTimeoutMs = 60_000;

export interface Workbench {
  readonly page: Page;
  close(): Promise<void>;
}

function workbenchUrl(): string {
  const url = process.env.CLUSTER_ANATOMY_E2E_URL;
  if (!url) throw new Error('CLUSTER_ANATOMY_E2E_URL is not set: run the e2e tests through `npm run test:e2e`.');
  return url;
}

export async function openWorkbench(): Promise<Workbench> {
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(workbenchUrl());
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: uiTimeoutMs });
    // The icon appears once the extension host has scanned the extension: from then on its
    // contributions (commands in the palette, the view) exist.
    await clusterAnatomyIcon(page).waitFor({ state: 'visible', timeout: uiTimeoutMs });
    return { page, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * Shows the Cluster Anatomy container by its activity-bar icon, found by its accessible name.
 * The icon toggles, and a new page restores the sidebar the last one left: click only when the
 * container is not already showing.
 */
export async function openClusterAnatomyContainer(page: Page): Promise<void> {
  const icon = clusterAnatomyIcon(page);
  await icon.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  const title = page.locator('.part.sidebar .composite.title', { hasText: /cluster anatomy/i }).first();
  if (await title.isVisible()) return;
  await icon.click();
  await title.waitFor({ state: 'visible', timeout: uiTimeoutMs });
}

/** Waits until the workbench has finished opening a view (the activity-bar progress badge is
 * gone) and moves the pointer off any tooltip, so a screenshot shows what a person then sees. */
export async function waitForViewToSettle(page: Page): Promise<void> {
  await page.locator('.part.activitybar .badge.progress-badge').waitFor({ state: 'hidden', timeout: uiTimeoutMs });
  await page.mouse.move(800, 600);
  await page.locator('.monaco-hover, .custom-hover').first().waitFor({ state: 'hidden', timeout: uiTimeoutMs });
}

function clusterAnatomyIcon(page: Page) {
  return page.locator('.part.activitybar').getByRole('tab', { name: 'Cluster Anatomy' });
}

/** Runs a command from the palette by its full title, as a person types it after F1. */
export async function runFromCommandPalette(page: Page, title: string): Promise<void> {
  const deadline = Date.now() + uiTimeoutMs;
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  // Early in the workbench's life the palette can open before keyboard focus settles or the
  // command list is complete, and a webview taking focus closes it again; a person would close
  // it and try again, and so does this.
  for (;;) {
    const step = () => Math.min(5_000, Math.max(deadline - Date.now(), 1));
    try {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: step() });
      await input.fill(`>${title}`, { timeout: step() });
      await row.waitFor({ state: 'visible', timeout: step() });
      break;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
