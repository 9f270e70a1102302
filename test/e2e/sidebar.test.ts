import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openClusterAnatomyContainer, openWorkbench, readmeImageDir, saveScreenshot, uiTimeoutMs, waitForViewToSettle, type Workbench } from './workbench';

describe('Cluster Anatomy sidebar', () => {
  let workbench: Workbench;
  before(async () => {
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench?.close();
  });

  it('opens from the activity-bar icon and shows the Architecture view with its welcome text', async () => {
    const { page } = workbench;
    await openClusterAnatomyContainer(page);
    const sidebar = page.locator('.part.sidebar');
    const welcome = sidebar.locator('.welcome-view-content');
    await welcome.getByText('No cluster is connected yet', { exact: false }).waitFor({ state: 'visible', timeout: uiTimeoutMs });
    // A container with a single view hides the view's own header and names it in the title.
    const title = (await sidebar.locator('.composite.title').first().innerText()).toLowerCase();
    assert.match(title, /cluster anatomy/);
    assert.equal(await sidebar.locator('.pane-header[aria-label="Architecture Section"]').count(), 1, 'the Architecture view is in the container');
    assert.match(await welcome.innerText(), /control plane \(kube-apiserver, etcd, kube-scheduler/);
    assert.ok(await welcome.getByRole('button', { name: 'Show Output Log' }).isVisible(), 'the welcome content offers "Show Output Log"');

    await waitForViewToSettle(page);
    const file = await saveScreenshot(page, 'sidebar');
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(readmeImageDir, { recursive: true });
      copyFileSync(file, join(readmeImageDir, 'sidebar.png'));
    }
  });
});
