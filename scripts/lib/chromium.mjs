// Debian's Chromium driven by playwright-core (Playwright's own browser download cannot run here).
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { chromiumPath } from './paths.mjs';

export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync', '--disable-quic',
];

export function chromiumInstalled() {
  return existsSync(chromiumPath);
}

export async function launchChromium() {
  if (!chromiumInstalled()) throw new Error(`Chromium is not installed at ${chromiumPath}. Run: npm run setup:vscode-test`);
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}
