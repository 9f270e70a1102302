// Projects the ClusterModel into the diagram's protocol: one snapshot, then deltas that
// carry only what a change set touched. Health comes from health.ts, so the diagram's
// colours and the tree's icons never disagree. Pure: the caller passes a HealthContext
// (its `now` comes from the caller's Clock).

import type { ChangeSet, ClusterModel, NodeView } from '../cluster/model.js';
import { isPodReady } from '../cluster/model.js';
import { CONTROL_PLANE_COMPONENTS, type ControlPlaneComponentName } from '../cluster/control-plane.js';
import { type PodRecord, nodeReadyStatus, objectKey, podReadyText, podStatusText } from '../cluster/projections.js';
import type {
  DiagramComponent,
  DiagramDelta,
  DiagramHealth,
  DiagramNode,
  DiagramPod,
  DiagramSnapshot,
  PodLook,
} from '../../webview/protocol/diagram-messages.js';
import { CATALOGUE, EDGES } from './catalogue.js';
import { componentPresence } from './distribution.js';
import { type HealthContext, controlPlaneHealth, kubeProxyHealth, kubeletHealth, parseRuntimeVersion, runtimeHealth } from './health.js';

/** Namespaces that hold cluster plumbing rather than the user's workloads. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

export function isSystemPod(p: PodRecord): boolean {
  return SYSTEM_NAMESPACES.has(p.namespace);
}

export function podLook(p: PodRecord): PodLook {
  if (p.deleting) return 'terminating';
  if (p.phase === 'Succeeded') return 'succeeded';
  if (p.phase === 'Failed') return 'failed';
  if (p.phase === 'Running') return isPodReady(p) ? 'ready' : 'notReady';
  return 'pending';
}

export function diagramPod(p: PodRecord): DiagramPod {
  return {
    id: `pod:${objectKey(p)}`,
    namespace: p.namespace,
    name: p.name,
    nodeName: p.nodeName,
    look: podLook(p),
    status: `${podStatusText(p)} ${podReadyText(p)}`,
    system: isSystemPod(p),
  };
}

export function diagramNode(n: NodeView, ctx: HealthContext): DiagramNode {
  const kubelet = kubeletHealth(n, ctx.now).state;
  const proxy = kubeProxyHealth(n, ctx.distribution).state;
  const runtime = runtimeHealth(n).state;
  const ready = nodeReadyStatus(n.record) === 'True';
  return {
    id: `node:${n.name}`,
    name: n.name,
    controlPlane: n.record.roles.includes('control-plane') || n.record.roles.includes('master'),
    ready,
    health: ready ? worstOf([kubelet, proxy === 'unknown' ? 'healthy' : proxy, runtime === 'unknown' ? 'healthy' : runtime]) : 'unhealthy',
    kubelet,
    proxy,
    proxyName: n.proxy?.name ?? '',
    runtime,
    runtimeName: parseRuntimeVersion(n.record.containerRuntimeVersion)?.name ?? '',
  };
}

const RANK: Record<DiagramHealth, number> = { healthy: 0, unknown: 1, degraded: 2, unhealthy: 3 };

function worstOf(states: DiagramHealth[]): DiagramHealth {
  return states.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'healthy');
}

export function diagramComponent(name: ControlPlaneComponentName, model: ClusterModel, ctx: HealthContext): DiagramComponent | undefined {
  const view = model.controlPlaneComponent(name);
  const presence = componentPresence(name, ctx.distribution, view.instances.length);
  // cloud-controller-manager is drawn only where it runs.
  if (name === 'cloud-controller-manager' && view.instances.length === 0 && !view.lease) return undefined;
  const health = controlPlaneHealth(name, ctx).state;
  let summary: string;
  if (presence.kind !== 'pods') summary = presence.note.split(';')[0];
  else if (name === 'etcd') {
    const m = model.etcdMembership();
    summary = `${m.readyMembers} of ${m.members} members ready${m.hasQuorum ? '' : ' — NO quorum'}`;
  } else if (view.lease) summary = `leader ${view.leaderHost ?? 'none'}${view.instances.length > 1 ? `, ${view.instances.length - 1} standby` : ''}`;
  else summary = `${view.instances.length} instance${view.instances.length === 1 ? '' : 's'}`;
  return {
    id: `cp:${name}`,
    component: name,
    title: CATALOGUE[name].title,
    summary,
    health,
    instances: view.instances.map((i) => ({
      id: `cp:${name}:${i.pod.name}`,
      name: i.pod.name,
      nodeName: i.nodeName,
      health: isPodReady(i.pod) ? 'healthy' : i.pod.phase === 'Running' ? 'degraded' : 'unhealthy',
      election: i.election,
    })),
  };
}

function components(model: ClusterModel, ctx: HealthContext): DiagramComponent[] {
  const out: DiagramComponent[] = [];
  for (const name of CONTROL_PLANE_COMPONENTS) {
    const c = diagramComponent(name, model, ctx);
    if (c) out.push(c);
  }
  return out;
}

export function buildDiagramSnapshot(model: ClusterModel, ctx: HealthContext, clusterName: string): DiagramSnapshot {
  const nodes = model.nodes().map((n) => diagramNode(n, ctx));
  const pods = model.podsSortedByNode().map(diagramPod);
  return {
    clusterName,
    components: components(model, ctx),
    nodes,
    pods,
    edges: EDGES.map((e) => ({ from: e.from, to: e.to, purpose: e.purpose })),
    stale: model.stale,
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Remembers what the webview was last sent, so a delta holds only elements whose picture
 * changed, and so it can tell "bound" (nodeName set) and "started" (became Running).
 */
export class DiagramProjector {
  private pods = new Map<string, DiagramPod>();
  private nodes = new Map<string, DiagramNode>();
  private components = new Map<string, DiagramComponent>();
  private stale = false;

  constructor(private readonly model: ClusterModel) {}

  snapshot(ctx: HealthContext, clusterName: string): DiagramSnapshot {
    const s = buildDiagramSnapshot(this.model, ctx, clusterName);
    this.pods = new Map(s.pods.map((p) => [p.id, p]));
    this.nodes = new Map(s.nodes.map((n) => [n.id, n]));
    this.components = new Map(s.components.map((c) => [c.id, c]));
    this.stale = s.stale;
    return s;
  }

  /** The delta for a change set, or undefined when nothing the diagram draws changed. */
  delta(changes: ChangeSet, ctx: HealthContext): DiagramDelta | undefined {
    const d: DiagramDelta = { components: [], nodesUpserted: [], nodesRemoved: [], podsUpserted: [], podsRemoved: [], activity: [] };
    const current = components(this.model, ctx);
    // Component health depends on Leases and time as well as pods: compare all five.
    for (const c of current) {
      if (!sameJson(this.components.get(c.id), c)) d.components.push(c);
    }
    if (current.length !== this.components.size || d.components.length) this.components = new Map(current.map((c) => [c.id, c]));
    const nodeNames = new Set(changes.nodes);
    for (const key of changes.pods) {
      const rec = this.model.pod(key);
      const id = `pod:${key}`;
      const before = this.pods.get(id);
      if (!rec) {
        if (before) {
          d.podsRemoved.push(id);
          this.pods.delete(id);
        }
        continue;
      }
      const after = diagramPod(rec);
      if (before && sameJson(before, after)) continue;
      d.podsUpserted.push(after);
      this.pods.set(id, after);
      // Only a bind this diagram saw happen: a pod first seen already on a node (created
      // bound, or listed after a relist) was not bound by anything the user watched.
      if (after.nodeName && before && !before.nodeName) d.activity.push({ kind: 'bound', podId: id, nodeName: after.nodeName });
      if (after.nodeName && after.look === 'ready' && before?.look !== 'ready' && (before === undefined || before.look === 'pending')) {
        d.activity.push({ kind: 'started', podId: id, nodeName: after.nodeName });
      }
    }
    for (const name of nodeNames) {
      const id = `node:${name}`;
      const view = this.model.node(name);
      if (!view) {
        if (this.nodes.delete(id)) d.nodesRemoved.push(id);
        continue;
      }
      const n = diagramNode(view, ctx);
      if (!sameJson(this.nodes.get(id), n)) {
        d.nodesUpserted.push(n);
        this.nodes.set(id, n);
      }
    }
    if (changes.staleChanged && this.model.stale !== this.stale) {
      this.stale = this.model.stale;
      d.stale = this.stale;
    }
    const empty = !d.components.length && !d.nodesUpserted.length && !d.nodesRemoved.length && !d.podsUpserted.length && !d.podsRemoved.length && d.stale === undefined;
    return empty ? undefined : d;
  }
}
