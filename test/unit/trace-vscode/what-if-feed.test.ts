import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../src/kube/object.js';
import type { DecisionTable, TraceState, TraceSubject } from '../../../webview/protocol/trace-messages.js';
import { priorityClassFacts } from '../../../src/vscode/trace/trace-api.js';
import { WHAT_IF_NOTE, WhatIfFeed, type WhatIfDocuments, type WhatIfFeedOptions, type WhatIfRun } from '../../../src/vscode/trace/what-if-feed.js';

const subject: TraceSubject = { kind: 'manifest', title: 'What-if: web.yaml (Deployment/web)', clusterName: 'seed' };
const deployment: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } };
const documents = (objects: KubeObject[] = [deployment], problems: string[] = []): WhatIfDocuments => ({ objects, locations: objects.map((_, i) => `web.yaml:${i + 1}`), problems });

function table(nodeName: string): DecisionTable {
  return { source: 'what-if', outcome: 'Scheduled', nodeName, summary: `${nodeName} won`, filterPlugins: [], scorePlugins: [], rows: [], warnings: [], detailed: true };
}

function run(nodes: string[]): WhatIfRun {
  return {
    placements: nodes.map((n, i) => ({ podName: `web-abcde-${i}`, from: 'Deployment/web', outcome: 'Scheduled', nodeName: n })),
    decision: (i) => (nodes[i] ? table(nodes[i]) : null),
    notes: ['1 pod replaced'],
  };
}

function feed(overrides: Partial<WhatIfFeedOptions>): { feed: WhatIfFeed; states: TraceState[]; settled: () => Promise<TraceState> } {
  const progressTitles: string[] = [];
  const f = new WhatIfFeed({
    subject,
    load: async () => documents(),
    synced: async () => true,
    simulate: async () => run(['whale2', 'whale3']),
    progress: (title, task) => {
      progressTitles.push(title);
      return task();
    },
    ...overrides,
  });
  const states: TraceState[] = [];
  f.onDidChange((s) => states.push(s));
  // The last state that is not the "Simulating…" placeholder.
  const settled = async () => {
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      const last = states.at(-1);
      if (last && !last.notes.includes('Simulating…')) return last;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error('no settled state within 5 s');
  };
  return { feed: f, states, settled };
}

test('a what-if shows each simulated pod\'s node, the first pod\'s decision, and says nothing was applied', async () => {
  const { feed: f, states, settled } = feed({});
  f.start();
  const state = await settled();
  assert.equal(states[0].notes[0], 'Simulating…', 'the view first says it is simulating');
  assert.deepEqual(state.placements?.map((p) => p.nodeName), ['whale2', 'whale3']);
  assert.deepEqual(state.attempts.map((a) => [a.attempt, a.nodeName]), [[1, 'whale2'], [2, 'whale3']]);
  assert.equal(state.decision?.nodeName, 'whale2');
  assert.equal(state.live, false);
  assert.deepEqual(state.notes, [WHAT_IF_NOTE, '1 pod replaced']);
  assert.equal((await f.selectPlacement(1))?.nodeName, 'whale3');
  assert.equal(await f.selectPlacement(7), null);
  assert.equal(await f.selectAttempt(1), null, 'a what-if has no recorded attempts');
  f.dispose();
});

test('a manifest without workloads says what to trace instead of simulating', async () => {
  let simulated = false;
  const { feed: f, settled } = feed({ load: async () => documents([], ['web.yaml:1: a Service creates no pods to schedule']), simulate: async () => ((simulated = true), run([])) });
  f.start();
  const state = await settled();
  assert.equal(state.error, 'web.yaml:1: a Service creates no pods to schedule');
  assert.equal(simulated, false);
  f.dispose();
});

test('a failing simulation becomes the view\'s error, not an exception', async () => {
  const { feed: f, settled } = feed({ simulate: async () => { throw new Error('snapshot went away'); } });
  f.start();
  assert.equal((await settled()).error, 'The what-if failed: snapshot went away');
  f.dispose();
});

test('a lost connection is said plainly', async () => {
  const { feed: f, settled } = feed({ synced: async () => false });
  f.start();
  assert.match((await settled()).error ?? '', /^Not connected to seed any more/);
  f.dispose();
});

test('a refresh simulates the document as it is now; an older, slower run never overwrites it', async () => {
  let calls = 0;
  let releaseFirst!: () => void;
  const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
  const { feed: f, states, settled } = feed({
    simulate: async () => {
      calls++;
      if (calls === 1) {
        await firstHeld;
        return run(['whale2']);
      }
      return run(['whale3', 'whale3']);
    },
  });
  f.start();
  f.refresh();
  const state = await settled();
  releaseFirst();
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(state.placements?.map((p) => p.nodeName), ['whale3', 'whale3']);
  assert.deepEqual(states.at(-1)?.placements?.map((p) => p.nodeName), ['whale3', 'whale3'], 'the stale run was dropped');
  assert.equal((await f.selectPlacement(0))?.nodeName, 'whale3');
  f.dispose();
});

test('PriorityClasses give values by name and the global default; malformed items are skipped', () => {
  const facts = priorityClassFacts({
    items: [
      { metadata: { name: 'system-cluster-critical' }, value: 2000000000 },
      { metadata: { name: 'batch' }, value: 100, globalDefault: true },
      { metadata: { name: 'bad' }, value: '7' },
      { value: 3 },
      null,
    ],
  });
  assert.deepEqual([...facts.priorityClasses!], [['system-cluster-critical', 2000000000], ['batch', 100]]);
  assert.equal(facts.globalDefaultPriorityClass, 'batch');
  assert.deepEqual(priorityClassFacts('garbage').priorityClasses?.size, 0);
});
