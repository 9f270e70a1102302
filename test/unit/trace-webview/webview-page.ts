// Loads the trace webview bundle into a bare Chromium page standing in for VS Code's webview:
// a stub acquireVsCodeApi records what the webview posts in `window.sent` and what it saves in
// `window.savedState`; a few theme variables stand in for VS Code's dark theme.

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { addVsCodeApiStub, bundleWebview } from '../diagram/webview-page.js';

export { CHROMIUM, CHROMIUM_ARGS, WEBVIEW_ORIGIN, launchChromium, openUnderCsp } from '../diagram/webview-page.js';

/** Bundles webview/trace/main.ts in memory, as esbuild.mjs does for dist/webview-trace.js. */
export function buildTraceBundle(): Promise<string> {
  return bundleWebview('webview/trace/main.ts');
}

/** A handful of VS Code's Dark Modern colours, enough for highlights to be measurable. */
export const DARK_THEME = `body {
  --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px;
  --vscode-editor-background: #1f1f1f; --vscode-editor-foreground: #cccccc;
  --vscode-descriptionForeground: #9d9d9d; --vscode-disabledForeground: #6e6e6e;
  --vscode-errorForeground: #f85149; --vscode-editorWarning-foreground: #cca700;
  --vscode-testing-iconPassed: #73c991; --vscode-textLink-foreground: #4daafc;
  --vscode-list-inactiveSelectionBackground: #37373d; --vscode-list-hoverBackground: #2a2d2e;
  --vscode-badge-background: #616161; --vscode-badge-foreground: #f8f8f8;
  --vscode-editorWidget-background: #202020; --vscode-panel-border: #2b2b2b;
  --vscode-input-background: #313131; --vscode-input-foreground: #cccccc;
  --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff;
  --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryForeground: #cccccc;
  --vscode-focusBorder: #0078d4; --vscode-charts-blue: #3794ff;
}`;

export async function loadTrace(p: Page, bundle: string, saved?: unknown): Promise<void> {
  await p.setContent('<!DOCTYPE html><html><head></head><body class="vscode-dark"></body></html>');
  await p.addStyleTag({ content: DARK_THEME });
  await p.addStyleTag({ content: readFileSync('media/trace.css', 'utf8') });
  await addVsCodeApiStub(p, saved);
  await p.addScriptTag({ content: bundle });
}

/**
 * Posts a host message and waits until the webview has rendered it. The message crosses to the
 * page as one JSON string: Playwright's object serialization takes seconds for a 5,000-row state.
 */
export async function postToWebview(p: Page, message: unknown): Promise<void> {
  const before = await p.evaluate(() => document.body.dataset.rendered ?? '');
  await p.evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(message));
  await p.waitForFunction((b) => (document.body.dataset.rendered ?? '') !== b, before, { timeout: 10_000 });
}
