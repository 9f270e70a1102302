// What-if of a 100-replica Deployment (issue 8: <= 2 s at 5,000 nodes), through the whole
// path the editor uses: manifest document -> the pods its controller would create ->
// defaulting and admission -> placed one after another with traces -> snapshot restored.
//   node --import tsx bench/trace-whatif.ts [nodes=5000] [existing pods, comma-separated=10000,150000] [runs=5]
import type { KubeObject } from '../src/kube/object';
import { Snapshot } from '../src/scheduler';
import { whatIf } from '../src/trace/what-if';
import { benchNodes, benchPods, median } from './scheduler-workloads';

const [nodesArg, podsArg, runsArg] = process.argv.slice(2);
const numNodes = Number(nodesArg ?? 5000);
const podCounts = (podsArg ?? '10000,150000').split(',').map(Number);
const runs = Number(runsArg ?? 5);

function deployment(spread: boolean): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 100,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'web', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '500Mi' } } }],
          ...(spread ? { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }] } : {}),
        },
      },
    },
  };
}

const requested = (snap: Snapshot): number => snap.nodeInfos().reduce((sum, ni) => sum + ni.requested.milliCPU, 0);

const nodes = benchNodes(numNodes);
for (const numPods of podCounts) {
  // Existing pods bound round-robin, as a cluster's model would hold them (110 pods per node max).
  const existing = benchPods(numPods, 'basic', 'running').map((p, i) => ({ ...p, spec: { ...p.spec, nodeName: `node-${i % numNodes}` } }));
  let t = performance.now();
  const snap = Snapshot.from({ nodes, pods: existing });
  const buildMs = performance.now() - t;
  const before = requested(snap);
  for (const [label, options, spread] of [
    ['default profile (adaptive percentageOfNodesToScore)', {}, false],
    ['default profile, zone spread constraint', {}, true],
    ['every node scored (percentageOfNodesToScore 100)', { percentageOfNodesToScore: 100 }, false],
  ] as const) {
    const times: number[] = [];
    let scheduled = 0;
    for (let r = 0; r < runs; r++) {
      t = performance.now();
      const result = whatIf(snap, [deployment(spread)], { defaultNamespace: 'default', nodes }, options);
      times.push(performance.now() - t);
      scheduled = result.placements.filter((p) => p.outcome === 'Scheduled').length;
      if (requested(snap) !== before) throw new Error('the what-if changed the snapshot');
    }
    console.log(
      `nodes=${numNodes} existing pods=${numPods} ${label}: what-if 100 replicas median ${median(times).toFixed(0)} ms ` +
        `(runs ${times.map((x) => x.toFixed(0)).join(', ')}; ${scheduled}/100 scheduled; snapshot build ${buildMs.toFixed(0)} ms, not included)`,
    );
  }
}
