// Renders the real trace webview bundle in headless Chromium with the seed cluster's trace and
// checks what a person (mouse, keyboard or screen reader) gets. Skips loudly when Chromium is missing.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { TAINT_REASON, seedDecision, seedTraceState, syntheticTraceState } from './fixtures.js';
import { CHROMIUM, WEBVIEW_ORIGIN, buildTraceBundle, launchChromium, loadTrace, openUnderCsp, postToWebview } from './webview-page.js';

const missing = !existsSync(CHROMIUM);
if (missing) console.warn(`SKIPPED trace webview Chromium test: ${CHROMIUM} is missing (apt-get install -y chromium)`);

let browser: Browser | undefined;
let bundle = '';

before(async () => {
  if (missing) return;
  [bundle, browser] = await Promise.all([buildTraceBundle(), launchChromium()]);
});

after(async () => {
  await browser?.close();
});

async function seedPage(saved?: unknown): Promise<Page> {
  const p = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
  await loadTrace(p, bundle, saved);
  await postToWebview(p, { type: 'state', state: seedTraceState() });
  return p;
}

const rowNodes = (p: Page) => p.$$eval('.grid-body [role=row]', (rows) => rows.sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex'))).map((r) => r.querySelector('.node-link')?.textContent));
const sent = (p: Page, type: string) => p.evaluate((t) => (window as any).sent.filter((m: any) => m.type === t), type);

test('the seed trace shows the subject, its source, the journey and the whale1 taint reason', { skip: missing }, async () => {
  const p = await seedPage();
  try {
    assert.deepEqual((await p.evaluate(() => (window as any).sent))[0], { type: 'ready' });
    assert.equal(await p.textContent('h1'), 'default/web-1');
    assert.equal(await p.textContent('.badge.source'), 'recorded by kube-scheduler');
    assert.equal(await p.textContent('.badge.live'), '● live');
    assert.equal(await p.textContent('.summary'), 'whale2 won on NodeResourcesFit and NodeResourcesBalancedAllocation; whale1 excluded by TaintToleration');
    // The journey: one entry per step, with the time since the previous one and the waiting step marked.
    const steps = await p.$$eval('.journey-steps > li', (li) => li.map((l) => l.textContent));
    assert.equal(steps.length, 6);
    assert.match(steps[3] ?? '', /\+1\.2 s.*container runtime on whale2.*Pulled/);
    assert.equal(await p.$$eval('.journey-steps > li.waiting', (l) => l.length), 1);
    // The table: whale1's TaintToleration cell carries kube-scheduler's exact words.
    const whale1 = await p.$eval('.grid-body [role=row]:has(button[data-node="whale1"])', (r) => ({ text: r.textContent, verdict: r.querySelector('.cell.verdict')?.textContent }));
    assert.ok(whale1.text?.includes(TAINT_REASON), whale1.text ?? '');
    assert.equal(whale1.verdict, 'filtered by TaintToleration');
    assert.equal(await p.getAttribute('[role=grid]', 'aria-rowcount'), '4');
    assert.equal(await p.textContent('.count'), '3 nodes');
  } finally {
    await p.close();
  }
});

test('the chosen row is highlighted and announced as selected', { skip: missing }, async () => {
  const p = await seedPage();
  try {
    const look = (node: string) => p.$eval(`.grid-body [role=row]:has(button[data-node="${node}"])`, (r) => ({ bg: getComputedStyle(r).backgroundColor, weight: getComputedStyle(r).fontWeight, selected: r.getAttribute('aria-selected'), cls: r.className }));
    const chosen = await look('whale2');
    const other = await look('whale3');
    assert.match(chosen.cls, /\bchosen\b/);
    assert.equal(chosen.selected, 'true');
    assert.equal(other.selected, null);
    assert.notEqual(chosen.bg, other.bg);
    assert.equal(chosen.bg, 'rgb(55, 55, 61)');
  } finally {
    await p.close();
  }
});

test('clicking Total sorts best first, again worst first (unscored last), and the keyboard does the same', { skip: missing }, async () => {
  const p = await seedPage();
  try {
    assert.deepEqual(await rowNodes(p), ['whale1', 'whale2', 'whale3']);
    await p.click('button.sort[data-column="total"]');
    assert.deepEqual(await rowNodes(p), ['whale2', 'whale3', 'whale1']);
    assert.equal(await p.getAttribute('[role=columnheader]:has(button[data-column="total"])', 'aria-sort'), 'descending');
    await p.click('button.sort[data-column="total"]');
    assert.deepEqual(await rowNodes(p), ['whale3', 'whale2', 'whale1']);
    assert.equal(await p.getAttribute('[role=columnheader]:has(button[data-column="total"])', 'aria-sort'), 'ascending');
    // Keyboard: the header keeps focus across re-renders; Enter on Node sorts by name.
    await p.focus('button.sort[data-column="node"]');
    await p.keyboard.press('Enter');
    await p.keyboard.press('Enter');
    assert.deepEqual(await rowNodes(p), ['whale3', 'whale2', 'whale1']);
    assert.equal(await p.evaluate(() => (document.activeElement as HTMLElement).dataset.column), 'node');
    // The sort is saved for the next time the view is restored.
    assert.deepEqual(await p.evaluate(() => (window as any).savedState), { subject: seedTraceState().subject, sortColumn: 'node', sortDescending: true, filter: '', verdict: 'all' });
  } finally {
    await p.close();
  }
});

test('the filter box and the verdict toggle narrow the rows', { skip: missing }, async () => {
  const p = await seedPage();
  try {
    await p.fill('input.filter', 'control-plane');
    assert.deepEqual(await rowNodes(p), ['whale1']);
    assert.equal(await p.textContent('.count'), '1 of 3 nodes');
    await p.fill('input.filter', 'nothing like this');
    assert.deepEqual(await rowNodes(p), []);
    assert.equal(await p.textContent('p.empty:not([hidden])'), 'No node matches the filter.');
    await p.fill('input.filter', '');
    await p.click('.verdicts button[data-verdict="feasible"]');
    assert.deepEqual(await rowNodes(p), ['whale2', 'whale3']);
    assert.equal(await p.getAttribute('.verdicts button[data-verdict="feasible"]', 'aria-checked'), 'true');
    // Arrow keys move the radio group's choice.
    await p.keyboard.press('ArrowRight');
    assert.deepEqual(await rowNodes(p), ['whale1']);
    assert.equal(await p.evaluate(() => (document.activeElement as HTMLElement).dataset.verdict), 'filtered');
  } finally {
    await p.close();
  }
});

test('clicking a node posts revealNode, clicking a scheduler step posts selectAttempt, and a decision message replaces the table', { skip: missing }, async () => {
  const p = await seedPage();
  try {
    await p.click('button.node-link[data-node="whale3"]');
    assert.deepEqual(await sent(p, 'revealNode'), [{ type: 'revealNode', node: 'whale3' }]);
    await p.click('button.attempt-link[data-attempt="1"]');
    assert.deepEqual(await sent(p, 'selectAttempt'), [{ type: 'selectAttempt', attempt: 1 }]);
    await p.click('button[data-action="revealPod"]');
    assert.deepEqual(await sent(p, 'revealPod'), [{ type: 'revealPod' }]);
    const failed = { ...seedDecision(), outcome: 'Unschedulable', nodeName: undefined, summary: 'No node fits: 2 Insufficient cpu; whale1 excluded by TaintToleration', message: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.' };
    await postToWebview(p, { type: 'decision', decision: failed, attempt: 1 });
    assert.equal(await p.textContent('.summary'), failed.summary);
    assert.equal(await p.textContent('.outcome'), `Unschedulable in 1.8 ms: ${failed.message}`);
  } finally {
    await p.close();
  }
});

test('a saved view state is restored: sort, filter and verdict as the user left them', { skip: missing }, async () => {
  const p = await seedPage({ subject: seedTraceState().subject, sortColumn: 'total', sortDescending: false, filter: 'whale', verdict: 'feasible' });
  try {
    assert.deepEqual(await rowNodes(p), ['whale3', 'whale2']);
    assert.equal(await p.inputValue('input.filter'), 'whale');
  } finally {
    await p.close();
  }
});

test('5,000 rows: only the visible ones are in the DOM, in row order, and scrolling or End reaches the last node', { skip: missing }, async () => {
  const p = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await loadTrace(p, bundle);
    await postToWebview(p, { type: 'state', state: syntheticTraceState(5000) });
    assert.equal(await p.getAttribute('[role=grid]', 'aria-rowcount'), '5001');
    const inDom = await p.$$eval('.grid-body [role=row]', (r) => r.length);
    assert.ok(inDom > 10 && inDom < 80, `${inDom} rows in the DOM`);
    assert.match(await p.textContent('.sampling') ?? '', /evaluated 4,286 of 5,000 nodes.*dimmed/);
    await p.$eval('[role=grid]', (g) => (g.scrollTop = g.scrollHeight));
    await p.waitForSelector('button.node-link[data-node="node-04999"]', { timeout: 5_000 });
    assert.equal(await p.getAttribute('[role=row]:has(button[data-node="node-04999"])', 'aria-rowindex'), '5001');
    // Keyboard: Home then End walk the whole virtual table.
    await p.focus('button.node-link[data-node="node-04999"]');
    await p.keyboard.press('Home');
    assert.equal(await p.evaluate(() => (document.activeElement as HTMLElement).dataset.node), 'node-00000');
    await p.keyboard.press('ArrowDown');
    assert.equal(await p.evaluate(() => (document.activeElement as HTMLElement).dataset.node), 'node-00001');
    await p.keyboard.press('End');
    assert.equal(await p.evaluate(() => (document.activeElement as HTMLElement).dataset.node), 'node-04999');
    assert.ok((await p.$$eval('.grid-body [role=row]', (r) => r.length)) < 80);
    // After scrolling down and back up, DOM order is row order and each row shows its own node.
    for (const top of [26 * 3, 26 * 40, 26 * 2000, 26 * 1990, 26 * 7]) {
      await p.$eval('[role=grid]', (g, t) => { g.scrollTop = t; g.dispatchEvent(new Event('scroll')); }, top);
      const rows = await p.$$eval('.grid-body [role=row]', (rs) => rs.map((r) => ({ index: Number(r.getAttribute('aria-rowindex')), node: r.querySelector('.node-link')?.textContent })));
      for (let i = 1; i < rows.length; i++) assert.equal(rows[i].index, rows[i - 1].index + 1, `DOM order at scrollTop ${top}`);
      // Table order is node order here: row index k shows node k-2.
      for (const r of rows) assert.equal(r.node, `node-${String(r.index - 2).padStart(5, '0')}`);
    }
    // The host re-sending the shown decision (after a live state) keeps the reader's place.
    await p.$eval('[role=grid]', (g) => { g.scrollTop = 26 * 1000; g.dispatchEvent(new Event('scroll')); });
    await postToWebview(p, { type: 'decision', decision: syntheticTraceState(5000).decision, attempt: 1 });
    assert.equal(await p.$eval('[role=grid]', (g) => g.scrollTop), 26 * 1000);
    // ...and keyboard focus on the node it was on.
    await p.focus('button.node-link[data-node="node-01002"]');
    await postToWebview(p, { type: 'state', state: syntheticTraceState(5000) });
    assert.equal(await p.evaluate(() => (document.activeElement as HTMLElement).dataset.node), 'node-01002');
    const dimmed = await p.$eval('.grid-body [role=row].not-evaluated', (r) => ({ opacity: getComputedStyle(r).opacity, verdict: r.querySelector('.cell.verdict')?.textContent }));
    assert.deepEqual(dimmed, { opacity: '0.6', verdict: 'not evaluated' });
  } finally {
    await p.close();
  }
});

test('a what-if lists each pod with its node or Pending reason; clicking one posts selectPlacement', { skip: missing }, async () => {
  const p = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await loadTrace(p, bundle);
    const state = {
      ...seedTraceState(),
      subject: { kind: 'manifest', title: 'web.yaml: Deployment web', clusterName: 'kind-whales' },
      journey: [],
      attempts: [],
      live: false,
      decision: { ...seedDecision(), source: 'what-if', attempt: undefined },
      placements: [
        { podName: 'web-7c9f5-abcde', from: 'Deployment web', outcome: 'Scheduled', nodeName: 'whale2' },
        { podName: 'web-7c9f5-fghij', from: 'Deployment web', outcome: 'Scheduled', nodeName: 'whale3' },
        { podName: 'web-7c9f5-klmno', from: 'Deployment web', outcome: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' },
      ],
    };
    await postToWebview(p, { type: 'state', state });
    assert.equal(await p.textContent('.badge.source'), 'what-if: nothing applied');
    assert.equal(await p.$('.badge.live'), null);
    assert.equal(await p.isVisible('details.journey'), false);
    assert.equal(await p.textContent('.placements-heading'), '3 pods: 2 would be scheduled, 1 would stay Pending.');
    assert.deepEqual(await p.$$eval('.placement', (b) => b.map((x) => x.textContent)), ['web-7c9f5-abcdeDeployment web→ whale2', 'web-7c9f5-fghijDeployment web→ whale3', 'web-7c9f5-klmnoDeployment webPending: 0/3 nodes are available: 3 Insufficient cpu.']);
    await p.click('.placement[data-index="2"]');
    assert.deepEqual(await sent(p, 'selectPlacement'), [{ type: 'selectPlacement', index: 2 }]);
    assert.equal(await p.getAttribute('.placement[data-index="2"]', 'aria-pressed'), 'true');
    assert.equal(await p.textContent('.grid-body [role=row].chosen .cell.verdict'), 'would be chosen');
  } finally {
    await p.close();
  }
});

test('a reconstruction is labelled as such with its warnings up front; errors and notes show as text', { skip: missing }, async () => {
  const p = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await loadTrace(p, bundle);
    const warning = 'The pod runs on whale3, but the reconstruction picked whale2: a custom scheduler profile or extenders, state changed since, or nominated pods/preemption.';
    const state = { ...seedTraceState(), decision: { ...seedDecision(), source: 'reconstructed', warnings: [warning] }, notes: ["Reconstruction: kube-scheduler's own record is not available on this cluster."], error: '<img src=x> forbidden: events is forbidden' };
    await postToWebview(p, { type: 'state', state });
    assert.equal(await p.textContent('.badge.source'), 'reconstructed');
    assert.equal(await p.textContent('.warnings[role=alert] .warning'), warning);
    assert.equal(await p.textContent('.notes li'), "Reconstruction: kube-scheduler's own record is not available on this cluster.");
    // Host text is shown as text, never parsed as markup.
    assert.equal(await p.textContent('.error'), '<img src=x> forbidden: events is forbidden');
    assert.equal(await p.$$eval('header img', (i) => i.length), 0);
  } finally {
    await p.close();
  }
});

test('under the real page\'s strict CSP (nonce\'d bundle, no inline styles) the view renders and nothing is blocked', { skip: missing }, async () => {
  const { traceHtml, makeNonce } = await import('../../../src/vscode/trace/trace-html.js');
  const origin = WEBVIEW_ORIGIN;
  const html = traceHtml({ cspSource: origin, nonce: makeNonce(), scriptUri: `${origin}/dist/webview-trace.js`, styleUri: `${origin}/media/trace.css`, title: 'Trace: default/web-1' });
  const p = await browser!.newPage();
  try {
    const violations = await openUnderCsp(p, html, {
      '/dist/webview-trace.js': { contentType: 'text/javascript', body: bundle },
      '/media/trace.css': { contentType: 'text/css', body: readFileSync('media/trace.css', 'utf8') },
    });
    await postToWebview(p, { type: 'state', state: seedTraceState() });
    // Rows are placed through CSSOM (allowed), not style attributes (blocked): they must not overlap.
    const tops = await p.$$eval('.grid-body [role=row]', (rows) => rows.map((r) => Math.round(r.getBoundingClientRect().top)));
    assert.equal(new Set(tops).size, 3);
    assert.deepEqual(violations, []);
  } finally {
    await p.close();
  }
});

test('an earlier attempt the user picked stays shown through live updates; the latest follows them', { skip: missing }, async () => {
  const p = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await loadTrace(p, bundle);
    const failedMessage = '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.';
    const first = { ...seedDecision(), attempt: 1, outcome: 'Unschedulable', nodeName: undefined, message: failedMessage, summary: 'No node fits: 2 Insufficient cpu' };
    const second = { ...seedDecision(), attempt: 2 };
    const state = { ...seedTraceState(), decision: second, attempts: [{ attempt: 1, outcome: 'Unschedulable' }, { attempt: 2, outcome: 'Scheduled', nodeName: 'whale2' }] };
    await postToWebview(p, { type: 'state', state });
    assert.deepEqual(await p.$$eval('select.attempts option', (o) => o.map((x) => [x.textContent, (x as HTMLOptionElement).selected])), [['#1: Unschedulable', false], ['#2: Scheduled to whale2', true]]);
    await p.selectOption('select.attempts', '1');
    assert.deepEqual(await sent(p, 'selectAttempt'), [{ type: 'selectAttempt', attempt: 1 }]);
    await postToWebview(p, { type: 'decision', decision: first, attempt: 1 });
    assert.equal(await p.textContent('.summary'), 'No node fits: 2 Insufficient cpu');
    // A live update (the pod became Ready) keeps attempt 1 on screen.
    await postToWebview(p, { type: 'state', state: { ...state, live: false } });
    assert.equal(await p.textContent('.summary'), 'No node fits: 2 Insufficient cpu');
    assert.equal(await p.$('.badge.live'), null);
    // Picking the latest attempt again un-pins it.
    await postToWebview(p, { type: 'decision', decision: second, attempt: 2 });
    await postToWebview(p, { type: 'state', state: { ...state, decision: { ...second, summary: 'updated' } } });
    assert.equal(await p.textContent('.summary'), 'updated');
  } finally {
    await p.close();
  }
});

test('in a high-contrast theme the chosen row gets the contrast border, not only a background', { skip: missing }, async () => {
  const p = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await loadTrace(p, bundle);
    await p.addStyleTag({ content: 'body.vscode-high-contrast { --vscode-contrastActiveBorder: #f38518; --vscode-list-inactiveSelectionBackground: transparent; }' });
    await p.evaluate(() => (document.body.className = 'vscode-high-contrast'));
    await postToWebview(p, { type: 'state', state: seedTraceState() });
    const outline = await p.$eval('.grid-body [role=row].chosen', (r) => `${getComputedStyle(r).outlineStyle} ${getComputedStyle(r).outlineColor}`);
    assert.equal(outline, 'solid rgb(243, 133, 24)');
  } finally {
    await p.close();
  }
});

test('a decision built by the real pipeline (scheduler library on the seed nodes -> decisionTable) renders as kube-scheduler decided', { skip: missing }, async () => {
  const { newFramework, scheduleOne, Snapshot } = await import('../../../src/scheduler/index.js');
  const { decisionTable } = await import('../../../src/trace/decision.js');
  const { seedNodes, makePod, first, clock } = await import('../scheduler/fixtures.js');
  const { trace } = scheduleOne(newFramework({ trace: true }), Snapshot.from({ nodes: seedNodes() }), makePod('web-1', { cpu: '100m' }), { random: first, clock: clock() });
  const p = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await loadTrace(p, bundle);
    await postToWebview(p, { type: 'state', state: { ...seedTraceState(), decision: decisionTable(trace, 'recorded') } });
    assert.equal(await p.$eval('[role=row]:has(button[data-node="whale1"]) [aria-colindex="5"]', (c) => c.textContent), TAINT_REASON);
    assert.equal(await p.$eval('[role=row]:has(button[data-node="whale1"]) .cell.verdict', (c) => c.textContent), 'filtered by TaintToleration');
    assert.equal(await p.getAttribute('[role=row].chosen button.node-link', 'data-node'), trace.nodeName!);
    // whale2 and whale3 tie: the one not picked says so.
    const other = trace.nodeName === 'whale2' ? 'whale3' : 'whale2';
    assert.equal(await p.$eval(`[role=row]:has(button[data-node="${other}"]) .cell.verdict`, (c) => c.textContent), 'feasible (tied)');
    // NodeAffinity's PreFilter returned Skip: its column is muted and says why.
    assert.match(await p.getAttribute('button.sort[data-column="filter:NodeAffinity"]', 'title') ?? '', /ran on no node/);
  } finally {
    await p.close();
  }
});
