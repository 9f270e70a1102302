// TraceStates for the webview tests and bench: the seed cluster (whale1 control plane, tainted;
// whale2 and whale3 workers) with figures taken from the scheduler library's own trace of a
// 250m/256Mi nginx pod, and a synthetic decision of any size for virtualization.

import type { DecisionRow, DecisionTable, JourneyStep, TraceState } from '../../../webview/protocol/trace-messages.js';

export const TAINT_REASON = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

export const FILTER_PLUGINS = ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'VolumeRestrictions', 'VolumeBinding', 'PodTopologySpread', 'InterPodAffinity'];

export const SCORE_PLUGINS = [
  { plugin: 'TaintToleration', weight: 3 },
  { plugin: 'NodeAffinity', weight: 2, skipped: true },
  { plugin: 'NodeResourcesFit', weight: 1 },
  { plugin: 'PodTopologySpread', weight: 2, skipped: true },
  { plugin: 'InterPodAffinity', weight: 2, skipped: true },
  { plugin: 'NodeResourcesBalancedAllocation', weight: 1 },
  { plugin: 'ImageLocality', weight: 1 },
];

function passedAll(): DecisionRow['filters'] {
  return FILTER_PLUGINS.map((plugin) => ({ plugin, result: 'passed' as const }));
}

/** Weighted scores per plugin in SCORE_PLUGINS order (skipped ones undefined). */
function scored(values: (number | undefined)[]): DecisionRow['scores'] {
  return SCORE_PLUGINS.map((p, i) => {
    const w = values[i];
    return w === undefined ? { plugin: p.plugin } : { plugin: p.plugin, raw: w / p.weight, normalized: w / p.weight, weighted: w };
  });
}

export function seedDecision(): DecisionTable {
  const whale1Filters = FILTER_PLUGINS.map((plugin, i) => (i < 2 ? { plugin, result: 'passed' as const } : i === 2 ? { plugin, result: 'rejected' as const, reasons: [TAINT_REASON] } : { plugin }));
  return {
    source: 'recorded',
    attempt: 1,
    startTime: '2026-01-01T00:00:00.120Z',
    durationMs: 1.8,
    outcome: 'Scheduled',
    nodeName: 'whale2',
    summary: 'whale2 won on NodeResourcesFit and NodeResourcesBalancedAllocation; whale1 excluded by TaintToleration',
    filterPlugins: FILTER_PLUGINS,
    scorePlugins: SCORE_PLUGINS,
    rows: [
      { node: 'whale1', verdict: 'filtered', rejectedBy: 'TaintToleration', reasons: [TAINT_REASON], filters: whale1Filters, scores: SCORE_PLUGINS.map((p) => ({ plugin: p.plugin })) },
      { node: 'whale2', verdict: 'chosen', filters: passedAll(), scores: scored([300, undefined, 96, undefined, undefined, 97, 0]), total: 493 },
      { node: 'whale3', verdict: 'feasible', filters: passedAll(), scores: scored([300, undefined, 77, undefined, undefined, 91, 0]), total: 468 },
    ],
    sampling: { numAllNodes: 3, numEvaluated: 3, numNotEvaluated: 0, percentageOfNodesToScore: 50 },
    warnings: [],
    detailed: true,
  };
}

export function seedJourney(): JourneyStep[] {
  return [
    { id: 'submitted', component: 'kube-apiserver', title: 'Submitted', detail: 'Submitted to kube-apiserver, stored in etcd', time: '2026-01-01T00:00:00.000Z', status: 'done' },
    { id: 'attempt-1', component: 'kube-scheduler', title: 'Scheduled', detail: 'Successfully assigned default/web-1 to whale2', time: '2026-01-01T00:00:00.120Z', sincePreviousMs: 120, status: 'done', nodeName: 'whale2', attempt: 1 },
    { id: 'pulling', component: 'kubelet', title: 'Pulling', detail: 'Pulling image "nginx:1.27"', time: '2026-01-01T00:00:00.400Z', sincePreviousMs: 280, status: 'done', nodeName: 'whale2' },
    { id: 'pulled', component: 'container runtime', title: 'Pulled', detail: 'Successfully pulled image "nginx:1.27" in 1.2s', time: '2026-01-01T00:00:01.600Z', sincePreviousMs: 1200, status: 'done', nodeName: 'whale2' },
    { id: 'started', component: 'kubelet', title: 'Started', detail: 'Started container web', time: '2026-01-01T00:00:01.700Z', sincePreviousMs: 100, status: 'done', nodeName: 'whale2' },
    { id: 'ready', component: 'kubelet', title: 'Ready', status: 'waiting', nodeName: 'whale2' },
  ];
}

export function seedTraceState(): TraceState {
  return {
    subject: { kind: 'pod', title: 'default/web-1', namespace: 'default', podName: 'web-1', clusterName: 'kind-whales' },
    journey: seedJourney(),
    attempts: [{ attempt: 1, outcome: 'Scheduled', nodeName: 'whale2', time: '2026-01-01T00:00:00.120Z' }],
    decision: seedDecision(),
    live: true,
    notes: [],
  };
}

/**
 * A decision over `nodes` nodes shaped like a large cluster's: 1 in 5 rejected by
 * NodeResourcesFit, 1 in 7 not evaluated (sampling), totals spread so sorting has work to do.
 */
export function syntheticDecision(nodes: number): DecisionTable {
  const rows: DecisionRow[] = [];
  let best = -1;
  for (let i = 0; i < nodes; i++) {
    const node = `node-${String(i).padStart(5, '0')}`;
    if (i % 7 === 3) {
      rows.push({ node, verdict: 'not-evaluated', filters: FILTER_PLUGINS.map((plugin) => ({ plugin })), scores: SCORE_PLUGINS.map((p) => ({ plugin: p.plugin })) });
    } else if (i % 5 === 1) {
      const filters = FILTER_PLUGINS.map((plugin, k) => (k < 5 ? { plugin, result: 'passed' as const } : k === 5 ? { plugin, result: 'rejected' as const, reasons: ['Insufficient cpu'] } : { plugin }));
      rows.push({ node, verdict: 'filtered', rejectedBy: 'NodeResourcesFit', reasons: ['Insufficient cpu'], filters, scores: SCORE_PLUGINS.map((p) => ({ plugin: p.plugin })) });
    } else {
      const fit = (i * 37) % 101;
      const balanced = (i * 53) % 97;
      rows.push({ node, verdict: 'feasible', filters: passedAll(), scores: scored([300, undefined, fit, undefined, undefined, balanced, i % 11]), total: 300 + fit + balanced + (i % 11) });
      if (best < 0 || (rows[i].total ?? 0) > (rows[best].total ?? 0)) best = i;
    }
  }
  if (best >= 0) rows[best].verdict = 'chosen';
  const notEvaluated = rows.filter((r) => r.verdict === 'not-evaluated').length;
  return {
    source: 'recorded',
    attempt: 1,
    outcome: 'Scheduled',
    nodeName: best >= 0 ? rows[best].node : undefined,
    summary: `${best >= 0 ? rows[best].node : 'no node'} won on NodeResourcesFit and NodeResourcesBalancedAllocation`,
    filterPlugins: FILTER_PLUGINS,
    scorePlugins: SCORE_PLUGINS,
    rows,
    sampling: { numAllNodes: nodes, numEvaluated: nodes - notEvaluated, numNotEvaluated: notEvaluated, percentageOfNodesToScore: 10 },
    warnings: [],
    detailed: true,
  };
}

export function syntheticTraceState(nodes: number): TraceState {
  return { ...seedTraceState(), subject: { kind: 'pod', title: 'default/big-1', namespace: 'default', podName: 'big-1', clusterName: 'synthetic' }, decision: syntheticDecision(nodes), live: false };
}
