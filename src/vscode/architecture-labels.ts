// What each element of the "Architecture" tree looks like (label, description, codicon
// and the health colour), without `vscode`: the tree provider maps this one to one onto
// TreeItems, and tests and the benchmark read it directly.

import { CATALOGUE, STRUCTURE_CODICONS } from '../anatomy/catalogue.js';
import { componentPresence } from '../anatomy/distribution.js';
import { type HealthContext, type HealthState, addOnHealth, controlPlaneHealth, kubeProxyHealth, kubeletHealth, runtimeHealth } from '../anatomy/health.js';
import { isPodReady } from '../cluster/views.js';
import { type PodRecord, nodeReadyStatus, podReadyText, podStatusText } from '../cluster/projections.js';
import { primaryRole } from '../cluster/node-groups.js';
import type { ArchitectureElement, ArchitectureElements } from './architecture-elements.js';

/** Theme colours the tree uses; the provider maps them to ThemeColor ids. */
export type HealthColor = 'healthy' | 'degraded' | 'unhealthy' | 'unknown' | 'none';

export interface ElementLook {
  label: string;
  description?: string;
  codicon: string;
  color: HealthColor;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** For `when` clauses of menus: `pod`, `component`, `status-retry`... */
  contextValue: string;
  /** Clicking runs Retry (errors). */
  retry?: boolean;
}

const HEALTH_COLOR: Record<HealthState, HealthColor> = { healthy: 'healthy', degraded: 'degraded', unhealthy: 'unhealthy', unknown: 'unknown' };

export function healthContext(elements: ArchitectureElements): HealthContext {
  const s = elements.source;
  return { model: s.model, distribution: elements.clusterDistribution(), probes: s.probes, now: s.now() };
}

/** `Running 1/1`, `CrashLoopBackOff 0/1 (5 restarts)`, as `kubectl get pods` columns read. */
export function podDescription(p: PodRecord): string {
  const restarts = p.restarts ? ` · ${p.restarts} restart${p.restarts === 1 ? '' : 's'}` : '';
  return `${podStatusText(p)} ${podReadyText(p)}${restarts}`;
}

export function podLook(p: PodRecord): { codicon: string; color: HealthColor } {
  if (p.deleting) return { codicon: 'trash', color: 'unknown' };
  if (p.phase === 'Succeeded') return { codicon: 'pass', color: 'unknown' };
  if (p.phase === 'Failed') return { codicon: 'error', color: 'unhealthy' };
  if (p.phase === 'Pending') return { codicon: p.nodeName ? 'loading' : 'clock', color: 'degraded' };
  if (isPodReady(p)) return { codicon: 'pass-filled', color: 'healthy' };
  return { codicon: 'warning', color: p.reason ? 'unhealthy' : 'degraded' };
}

/** `namespace dev`, `namespaces dev and kube-system`. */
function namespacesText(names: readonly string[]): string {
  if (names.length === 1) return `namespace ${names[0]}`;
  return `namespaces ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function describeElement(elements: ArchitectureElements, e: ArchitectureElement): ElementLook {
  const { model, state } = elements.source;
  const stale = model.stale || state.phase === 'reconnecting';
  // While reconnecting nothing is presented as live: health colours go grey.
  const health = (h: HealthState): HealthColor => (stale ? 'unknown' : HEALTH_COLOR[h]);
  switch (e.kind) {
    case 'cluster': {
      const s = elements.source;
      const parts = [s.serverVersion, model.hasSynced('Node') ? elements.clusterDistribution().title : undefined].filter(Boolean);
      if (state.phase !== 'connected') parts.push(state.phase === 'connecting' ? 'connecting…' : state.phase === 'reconnecting' ? 'reconnecting…' : 'error');
      const color: HealthColor = state.phase === 'connected' ? 'healthy' : state.phase === 'error' ? 'unhealthy' : 'degraded';
      return { label: s.contextName, description: parts.join(' · '), codicon: STRUCTURE_CODICONS.cluster, color, collapsible: 'expanded', contextValue: 'cluster' };
    }
    case 'status': {
      if (state.phase === 'connecting') return { label: 'Connecting…', description: 'listing nodes, pods and Leases', codicon: 'loading~spin', color: 'none', collapsible: 'none', contextValue: 'status' };
      if (state.phase === 'reconnecting' || (state.phase === 'connected' && model.stale)) {
        return { label: 'Reconnecting…', description: 'showing the last known state, not live', codicon: 'sync~spin', color: 'degraded', collapsible: 'none', contextValue: 'status-retry', retry: true };
      }
      return { label: state.unauthorized ? 'Credentials rejected' : 'Cannot reach the cluster', description: `${state.reason ?? ''} — click to retry`, codicon: 'error', color: 'unhealthy', collapsible: 'none', contextValue: 'status-retry', retry: true };
    }
    case 'forbidden': {
      const f = e.forbidden;
      if (f.shownNamespaces?.length) {
        return { label: `Showing pods of ${namespacesText(f.shownNamespaces)} only`, description: `cannot list ${f.resource} cluster-wide (forbidden)`, codicon: 'lock', color: 'degraded', collapsible: 'none', contextValue: 'forbidden' };
      }
      const what = f.namespace ? `${f.resource} in ${f.namespace}` : f.resource;
      return { label: `Not allowed: list ${what}`, description: 'RBAC forbids it; the rest is shown', codicon: 'lock', color: 'degraded', collapsible: 'none', contextValue: 'forbidden' };
    }
    case 'controlPlane':
      return { label: 'Control Plane', codicon: STRUCTURE_CODICONS.controlPlane, color: 'none', collapsible: 'expanded', contextValue: 'controlPlane' };
    case 'component': {
      const view = model.controlPlaneComponent(e.component);
      const presence = componentPresence(e.component, elements.clusterDistribution(), view.instances.length);
      const verdict = controlPlaneHealth(e.component, healthContext(elements));
      let description: string;
      if (presence.kind !== 'pods') description = presence.note.split(';')[0];
      else if (e.component === 'etcd') {
        const m = model.etcdMembership();
        description = `${plural(m.members, 'member')} · ${m.hasQuorum ? 'quorum' : 'NO quorum'} (${m.readyMembers}/${m.members} ready)`;
      } else if (view.lease) description = `${plural(view.instances.length, 'instance')} · leader ${view.leaderHost ?? 'none'}`;
      else description = plural(view.instances.length, 'instance');
      return {
        label: CATALOGUE[e.component].title,
        description,
        codicon: CATALOGUE[e.component].codicon,
        color: health(verdict.state),
        collapsible: view.instances.length ? 'collapsed' : 'none',
        contextValue: 'component',
      };
    }
    case 'instance': {
      const p = model.pod(e.podKey);
      if (!p) return gone(e.podKey);
      const view = model.controlPlaneComponent(e.component);
      const election = view.instances.find((i) => i.pod === p)?.election;
      const look = podLook(p);
      return {
        label: p.nodeName || '(no node)',
        description: [p.name, election, podDescription(p)].filter(Boolean).join(' · '),
        codicon: election === 'leader' ? 'star-full' : look.codicon,
        color: stale ? 'unknown' : look.color,
        collapsible: 'none',
        contextValue: 'pod',
      };
    }
    case 'addOns':
      return { label: 'Add-ons', codicon: 'extensions', color: 'none', collapsible: 'expanded', contextValue: 'addOns' };
    case 'addOn': {
      const pods = model.addOn(e.addOn);
      const ready = pods.filter(isPodReady).length;
      const entry = CATALOGUE[e.addOn];
      return {
        label: entry.title,
        description: pods.length ? `${ready}/${pods.length} replicas ready` : 'no pod',
        codicon: entry.codicon,
        color: health(addOnHealth(pods).state),
        collapsible: 'none',
        contextValue: 'addOn',
      };
    }
    case 'nodes':
      return { label: 'Nodes', description: String(model.nodeCount), codicon: STRUCTURE_CODICONS.nodes, color: 'none', collapsible: 'expanded', contextValue: 'nodes' };
    case 'nodeGroup': {
      const g = elements.findGroupOrPage(e.groupId);
      return { label: g?.label ?? e.groupId, description: g ? plural(g.nodeNames.length, 'node') : undefined, codicon: 'folder', color: 'none', collapsible: 'collapsed', contextValue: 'nodeGroup' };
    }
    case 'node': {
      const n = model.node(e.nodeName);
      if (!n) return gone(e.nodeName);
      const ready = nodeReadyStatus(n.record);
      const role = n.record.roles.length ? n.record.roles.join(',') : '<none>';
      const status = ready === 'True' ? 'Ready' : ready === 'False' ? 'NotReady' : 'Unknown';
      const cordoned = n.record.unschedulable ? ',SchedulingDisabled' : '';
      return {
        label: e.nodeName,
        description: [`${status}${cordoned}`, role, n.record.kubeletVersion].filter(Boolean).join(' · '),
        codicon: primaryRole(n.record) === 'control-plane' ? 'server' : STRUCTURE_CODICONS.node,
        color: health(ready === 'True' ? (n.record.unschedulable ? 'degraded' : 'healthy') : 'unhealthy'),
        collapsible: 'collapsed',
        contextValue: 'node',
      };
    }
    case 'nodeComponent': {
      const n = model.node(e.nodeName);
      if (!n) return gone(e.nodeName);
      const entry = CATALOGUE[e.component];
      if (e.component === 'kubelet') {
        return { label: entry.title, description: n.record.kubeletVersion, codicon: entry.codicon, color: health(kubeletHealth(n, elements.source.now()).state), collapsible: 'none', contextValue: 'nodeComponent' };
      }
      if (e.component === 'kube-proxy') {
        const proxy = n.proxy;
        const label = proxy?.kind === 'replacement' ? `${proxy.name} (replaces kube-proxy)` : entry.title;
        return { label, description: proxy ? `${proxy.pod.name} · ${podDescription(proxy.pod)}` : 'no pod', codicon: entry.codicon, color: health(kubeProxyHealth(n, elements.clusterDistribution()).state), collapsible: 'none', contextValue: 'nodeComponent' };
      }
      const runtime = n.record.containerRuntimeVersion?.replace('://', ' ');
      return { label: entry.title, description: runtime ?? 'unknown', codicon: entry.codicon, color: health(runtimeHealth(n).state), collapsible: 'none', contextValue: 'nodeComponent' };
    }
    case 'pods': {
      const n = model.node(e.nodeName);
      // Nodes and the control plane show before the (long) list of every pod is in.
      const listing = !model.hasSynced('Pod') && state.phase === 'connecting' ? 'listing…' : undefined;
      return { label: `Pods (${n?.podCount ?? 0})`, description: listing, codicon: STRUCTURE_CODICONS.pods, color: 'none', collapsible: n?.podCount ? 'collapsed' : 'none', contextValue: 'pods' };
    }
    case 'pod': {
      const p = model.pod(e.podKey);
      if (!p) return gone(e.podKey);
      const look = podLook(p);
      return { label: `${p.namespace}/${p.name}`, description: podDescription(p), codicon: look.codicon, color: stale ? 'unknown' : look.color, collapsible: 'none', contextValue: 'pod' };
    }
    case 'unscheduled':
      return {
        label: `Unscheduled (${model.unscheduledCount})`,
        description: model.unscheduledCount ? 'pods without a node' : 'every pod has a node',
        codicon: STRUCTURE_CODICONS.unscheduled,
        color: model.unscheduledCount ? 'degraded' : 'none',
        collapsible: model.unscheduledCount ? 'collapsed' : 'none',
        contextValue: 'unscheduled',
      };
    case 'unscheduledPage': {
      const from = e.page * elements.pageSize;
      const to = Math.min(model.unscheduledCount, from + elements.pageSize);
      return { label: `${from + 1} … ${to}`, codicon: 'folder', color: 'none', collapsible: 'collapsed', contextValue: 'unscheduledPage' };
    }
  }
}

function gone(name: string): ElementLook {
  return { label: name, description: 'gone', codicon: 'circle-slash', color: 'unknown', collapsible: 'none', contextValue: 'gone' };
}
