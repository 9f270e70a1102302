// Loads the diagram webview bundle into a bare Chromium page standing in for VS Code's
// webview: a stub of acquireVsCodeApi records what the webview posts in `window.sent`.

import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** Bundles webview/diagram/main.ts in memory, as esbuild.mjs does for dist/. */
export async function buildBundle(): Promise<string> {
  const r = await esbuild.build({ entryPoints: ['webview/diagram/main.ts'], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', logLevel: 'silent' });
  return r.outputFiles[0].text;
}

export async function loadDiagram(p: Page, bundle: string): Promise<void> {
  await p.setContent('<!DOCTYPE html><html><head></head><body></body></html>');
  await p.addStyleTag({ content: readFileSync('media/diagram.css', 'utf8') });
  await p.addScriptTag({ content: 'window.sent = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.sent.push(m), getState: () => undefined, setState: () => {} });' });
  await p.addScriptTag({ content: bundle });
}
