import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openClusterAnatomyContainer, openWorkbench, saveScreenshot, uiTimeoutMs, type Workbench } from './workbench';
import { keepForReadme, explorerRow, showExplorer, explorerMenu, notification, setExpanded, showNodeRows, treeRow, widenSidebar, waitForRowCount } from './ui';

// The workspace is sample/: deployment.yaml is a Deployment `web` with 3 replicas. With no
// kubeconfig here the extension starts its bundled emulator (the seed's whale1-3) on first need.

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
    // The workers expanded, whale1 not (an earlier page may have left it open).
    await showNodeRows(page);
    await setExpanded(treeRow(page, 'whale1').first(), false);
    for (const node of ['whale2', 'whale3']) await setExpanded(treeRow(page, node).first(), true);
    // Each worker's "Pods (n)" group, expanded: the control plane's taint keeps web's pods off whale1.
    const podGroups = treeRow(page, /^Pods \(\d+\)$/);
    await waitForRowCount(podGroups, 2);
    for (let i = 0; i < 2; i++) await setExpanded(podGroups.nth(i), true);
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
    await showNodeRows(page);
    await waitForRowCount(treeRow(page, /^default\/web-/), 0);
  });
});
