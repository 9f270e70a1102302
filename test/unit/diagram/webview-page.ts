// Loads a webview bundle into a bare Chromium page standing in for VS Code's webview: a stub
// of acquireVsCodeApi records what the webview posts in `window.sent`, and what it saves with
// setState in `window.savedState` (VS Code keeps that across reloads). The diagram's helpers
// live here; the trace webview's page (test/unit/trace-webview/webview-page.ts) shares the rest.

import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';
import { type Browser, type Page, chromium } from 'playwright-core';
import { buildDiagramSnapshot } from '../../../src/anatomy/diagram-snapshot.js';
import { detectDistribution } from '../../../src/anatomy/distribution.js';
import { projectNode } from '../../../src/cluster/projections.js';
import type { DiagramSnapshot, DiagramViewState } from '../../../webview/protocol/diagram-messages.js';
import { NOW, seedNodes } from '../cluster/fixtures/seed-cluster.js';
import { seedModel } from '../cluster/fixtures/seed-model.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Bundles a webview entry point in memory, as esbuild.mjs does for dist/. */
export async function bundleWebview(entryPoint: string): Promise<string> {
  const r = await esbuild.build({ entryPoints: [entryPoint], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', logLevel: 'silent' });
  return r.outputFiles[0].text;
}

export function buildBundle(): Promise<string> {
  return bundleWebview('webview/diagram/main.ts');
}

/** Installs the acquireVsCodeApi stub, handing back `saved` as the state VS Code kept. */
export async function addVsCodeApiStub(p: Page, saved: unknown): Promise<void> {
  // A string, not a function: tsx would add helpers the page does not have.
  await p.addScriptTag({
    content: `window.sent = []; window.savedState = ${JSON.stringify(saved ?? null)};
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.sent.push(m), getState: () => window.savedState ?? undefined, setState: (s) => { window.savedState = s; } });`,
  });
}

/**
 * `restored`: the state VS Code hands back to a webview restored after a reload; `themeCss`:
 * theme variables in place before the webview first reads them.
 */
export async function loadDiagram(p: Page, bundle: string, restored?: DiagramViewState, themeCss?: string): Promise<void> {
  await p.setContent('<!DOCTYPE html><html><head></head><body></body></html>');
  await p.addStyleTag({ content: readFileSync('media/diagram.css', 'utf8') });
  if (themeCss) await p.addStyleTag({ content: themeCss });
  await addVsCodeApiStub(p, restored);
  await p.addScriptTag({ content: bundle });
}

/** Where openUnderCsp serves a webview's page from, as VS Code serves it from its own origin. */
export const WEBVIEW_ORIGIN = 'https://webview.test';

/**
 * Opens the host's real page (`html`, with its CSP) and the files it loads (by path under
 * WEBVIEW_ORIGIN), and waits for the webview's `ready`. Returns the CSP violations, as they come.
 */
export async function openUnderCsp(p: Page, html: string, files: Record<string, { contentType: string; body: string }>): Promise<string[]> {
  const violations: string[] = [];
  await p.exposeFunction('reportViolation', (v: string) => violations.push(v));
  // A string, not a function: tsx would add helpers the page does not have.
  await p.addInitScript(`window.sent = [];
    window.acquireVsCodeApi = () => ({ postMessage: (m) => window.sent.push(m), getState: () => undefined, setState: () => undefined });
    document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(e.violatedDirective + ' ' + e.blockedURI));`);
  await p.route(`${WEBVIEW_ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/') return route.fulfill({ contentType: 'text/html', body: html });
    return route.fulfill(Object.hasOwn(files, path) ? files[path] : { status: 404, body: '' });
  });
  await p.goto(`${WEBVIEW_ORIGIN}/`);
  await p.waitForFunction(() => (window as any).sent.some((m: any) => m.type === 'ready'), undefined, { timeout: 10_000 });
  return violations;
}

/** The seed cluster (kind-whales: whale1 control plane, whale2, whale3; 9 kube-system pods). */
export function seedSnapshot(): DiagramSnapshot {
  const model = seedModel();
  const kubeadm = detectDistribution({ nodes: seedNodes().map((n) => projectNode(n)), controlPlanePods: 4 });
  return buildDiagramSnapshot(model, { model, distribution: kubeadm, now: NOW }, 'kind-whales');
}

/** Posts a snapshot and waits until a complete frame of it is on the canvas. */
export async function showSnapshot(p: Page, snapshot: DiagramSnapshot): Promise<void> {
  await p.evaluate((s) => window.postMessage({ type: 'snapshot', snapshot: s }, '*'), snapshot);
  await p.waitForFunction(() => document.querySelector('canvas')?.dataset.rendered !== undefined, undefined, { timeout: 15_000 });
}

/** The accessible label of a node's button, e.g. `node whale2, Ready, 2 pods`. */
export function nodeLabel(p: Page, name: string): Promise<string | null> {
  return p.getAttribute(`ul.offscreen button[data-id="node:${name}"]`, 'aria-label');
}

/** Waits until each named node's label says the given pod count. */
export async function waitForPodCounts(p: Page, counts: Record<string, number>): Promise<void> {
  await p.waitForFunction(
    (expected) => Object.entries(expected).every(([node, n]) => new RegExp(`, ${n} pods?$`).test(document.querySelector(`ul.offscreen button[data-id="node:${node}"]`)?.getAttribute('aria-label') ?? '')),
    counts,
    { timeout: 5_000 },
  ).catch(async (err: Error) => {
    const labels = await p.$$eval('ul.offscreen button[data-id^="node:"]', (bs) => bs.map((b) => b.getAttribute('aria-label')));
    throw new Error(`pod counts ${JSON.stringify(counts)} not shown; labels: ${JSON.stringify(labels)} (${err.message})`);
  });
}
