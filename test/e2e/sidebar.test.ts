import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openClusterAnatomyContainer, openWorkbench, saveScreenshot, uiTimeoutMs, type Workbench } from './workbench';
import { keepForReadme, treeRow as row, widenSidebar } from './ui';

// With no kubeconfig on this machine, the extension starts its bundled emulator by itself
// (clusterAnatomy.emulator.autoStart = whenNoKubeconfig): the sidebar shows the seed's cluster.

describe('Cluster Anatomy sidebar', () => {
  let workbench: Workbench;
  before(async () => {
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench?.close();
  });

  it('lists the control plane and the nodes of the bundled emulator, and the context in the status bar', async () => {
    const { page } = workbench;
    await openClusterAnatomyContainer(page);
    const sidebar = page.locator('.part.sidebar');
    const title = (await sidebar.locator('.composite.title').first().innerText()).toLowerCase();
    assert.match(title, /cluster anatomy/);
    await widenSidebar(page);
    for (const label of ['Control Plane', 'kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager', 'Nodes', 'whale1', 'whale2', 'whale3']) {
      await row(page, label).first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    }
    assert.match(await row(page, 'whale1').first().innerText(), /Ready · control-plane · v1\.\d+/);
    const status = page.locator('.part.statusbar').getByText('cluster-anatomy-emulator', { exact: false });
    await status.first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    // Expand whale2: kubelet, kube-proxy, container runtime, its pods.
    await row(page, 'whale2').first().click();
    for (const label of ['kubelet', 'kube-proxy', 'container runtime']) await row(page, label).first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
    await page.mouse.move(800, 600);
    keepForReadme(await saveScreenshot(page, 'sidebar'), 'sidebar.png');
  });

  it('hovering kube-scheduler shows its role and live health', async () => {
    const { page } = workbench;
    const scheduler = row(page, 'kube-scheduler').first();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Picks a node for every pod' });
    // A hover can be dismissed by a repaint of the row; a person would point at it again.
    const deadline = Date.now() + uiTimeoutMs;
    for (;;) {
      // Point at the row's right part, so the hover opens beside the tree rather than over it.
      await scheduler.hover({ position: { x: 330, y: 10 } });
      try {
        await hover.first().waitFor({ state: 'visible', timeout: 5_000 });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await page.mouse.move(900, 700);
      }
    }
    const text = await hover.first().innerText();
    assert.match(text, /healthy/);
    assert.match(text, /leader whale1, Lease renewed \d+ s ago/);
    assert.match(text, /elect a leader through a Lease/);
    keepForReadme(await saveScreenshot(page, 'sidebar-hover'), 'sidebar-hover.png');
  });

  it('clicking the status-bar item opens the context picker with the bundled emulator', async () => {
    const { page } = workbench;
    await page.mouse.move(900, 700);
    await page.locator('.part.statusbar').getByText('cluster-anatomy-emulator', { exact: false }).first().click();
    const picker = page.locator('.quick-input-widget');
    await picker.locator('.quick-input-title', { hasText: 'Cluster Anatomy: Select Context' }).waitFor({ state: 'visible', timeout: uiTimeoutMs });
    const emulatorRow = picker.locator('.monaco-list-row', { hasText: 'Bundled emulator' });
    await emulatorRow.waitFor({ state: 'visible', timeout: uiTimeoutMs });
    assert.match(await emulatorRow.innerText(), /running/);
    await page.keyboard.press('Escape');
  });
});
