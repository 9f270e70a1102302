import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openWorkbench, runFromCommandPalette, saveScreenshot, uiTimeoutMs, type Workbench } from './workbench';

describe('Command palette', () => {
  let workbench: Workbench;
  before(async () => {
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench?.close();
  });

  it('"Cluster Anatomy: Show Output Log" shows the extension\'s output channel', async () => {
    const { page } = workbench;
    await runFromCommandPalette(page, 'Cluster Anatomy: Show Output Log');
    const panel = page.locator('.part.panel');
    const output = panel.locator('.output-view, .output');
    await output.first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    await panel.locator('.view-lines').getByText('Activated in', { exact: false }).waitFor({ state: 'visible', timeout: uiTimeoutMs });
    // The channel picker in the panel's title names the channel being shown.
    const channel = await panel.locator('select.monaco-select-box').first()
      .evaluate((select: HTMLSelectElement) => select.options[select.selectedIndex]?.text ?? '');
    assert.equal(channel, 'Cluster Anatomy');
    await saveScreenshot(page, 'output-log');
  });
});
