// A health verdict per component, from what the model and the API server's probes show.
// Pure: the caller passes the time (from its Clock) so ages such as "Lease not renewed for
// 47 s" are computed at hover time and tests choose the moment.

import type { ControlPlaneComponentName } from '../cluster/control-plane.js';
import { type ClusterModel, type ControlPlaneComponentView, type NodeView, isPodReady } from '../cluster/model.js';
import type { HealthCheck, HealthReport } from '../cluster/probes.js';
import { type PodRecord, podStatusText } from '../cluster/projections.js';
import { type Distribution, componentPresence } from './distribution.js';

export type HealthState = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';

export interface HealthSummary {
  state: HealthState;
  /** Why the state is not healthy, most important first. */
  reasons: string[];
  /** Facts worth showing whatever the state (leader, versions, member count). */
  notes: string[];
}

export interface ApiServerProbes {
  readyz?: HealthReport;
  livez?: HealthReport;
}

export interface HealthContext {
  model: ClusterModel;
  distribution: Distribution;
  probes?: ApiServerProbes;
  /** ms since epoch, from the caller's Clock. */
  now: number;
}

/** Leader-election defaults of kube-scheduler and kube-controller-manager. */
const DEFAULT_LEASE_DURATION_S = 15;
/** kube-controller-manager's --node-monitor-grace-period default. */
export const NODE_MONITOR_GRACE_MS = 40_000;

const ORDER: Record<HealthState, number> = { healthy: 0, unknown: 1, degraded: 2, unhealthy: 3 };

function worst(a: HealthState, b: HealthState): HealthState {
  return ORDER[a] >= ORDER[b] ? a : b;
}

export function seconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

class Verdict {
  state: HealthState = 'healthy';
  readonly reasons: string[] = [];
  readonly notes: string[] = [];

  add(state: HealthState, reason: string): void {
    this.state = worst(this.state, state);
    this.reasons.push(reason);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  done(): HealthSummary {
    return { state: this.state, reasons: this.reasons, notes: this.notes };
  }
}

function failedChecks(probes: ApiServerProbes | undefined, filter: (c: HealthCheck) => boolean): string[] {
  const out: string[] = [];
  for (const report of [probes?.livez, probes?.readyz]) {
    for (const c of report?.checks ?? []) if (!c.ok && filter(c)) out.push(`/${report!.endpoint}: [-]${c.name} failed${c.reason ? `: ${c.reason}` : ''}`);
  }
  return out;
}

/** What users notice when no instance of a component works, said once after the pod reasons. */
const WHEN_ALL_DOWN: Partial<Record<ControlPlaneComponentName, string>> = {
  'kube-apiserver': 'no kube-apiserver instance is ready: the API may not be served',
  'kube-scheduler': 'no kube-scheduler instance is ready: new pods stay Pending, nothing binds them to a node',
  'kube-controller-manager': 'no kube-controller-manager instance is ready: Deployments, ReplicaSets and Jobs stop converging and failed nodes go unnoticed',
  'cloud-controller-manager': 'no cloud-controller-manager instance is ready: new nodes stay uninitialised and LoadBalancer Services get no cloud load balancer',
};

/** `kube-scheduler-whale1 on whale1 is not ready (Running, 0/1 containers ready)`. */
function notReadyReason(p: PodRecord, nodeName: string): string {
  return `${p.name} on ${nodeName || '(no node)'} is not ready (${podStatusText(p)}, ${p.readyContainers}/${p.totalContainers} containers ready)`;
}

function instancesHealth(v: Verdict, view: ControlPlaneComponentView): void {
  const notReady = view.instances.filter((i) => !isPodReady(i.pod));
  // One replica of several down is survivable (degraded); all of them down is an outage.
  const allDown = view.instances.length > 0 && notReady.length === view.instances.length;
  for (const i of notReady) v.add(allDown ? 'unhealthy' : 'degraded', notReadyReason(i.pod, i.nodeName));
  const consequence = WHEN_ALL_DOWN[view.name];
  if (allDown && consequence) v.add('unhealthy', consequence);
}

export function apiServerHealth(ctx: HealthContext): HealthSummary {
  const v = new Verdict();
  const { livez, readyz } = ctx.probes ?? {};
  if (!livez && !readyz) v.add('unknown', 'health probes not run yet');
  for (const report of [livez, readyz]) {
    if (!report) continue;
    if (report.error) v.add('unhealthy', report.error);
    else if (!report.ok) v.add('unhealthy', `/${report.endpoint} answered HTTP ${report.status}${report.verdict ? ` (${report.verdict})` : ''}`);
  }
  for (const r of failedChecks(ctx.probes, () => true)) v.add('unhealthy', r);
  instancesHealth(v, ctx.model.controlPlaneComponent('kube-apiserver'));
  const passed = (readyz?.checks ?? []).filter((c) => c.ok).length;
  if (readyz?.checks.length) v.note(`/readyz: ${passed} of ${readyz.checks.length} checks pass`);
  return v.done();
}

export function etcdHealth(ctx: HealthContext): HealthSummary {
  const v = new Verdict();
  const failed = failedChecks(ctx.probes, (c) => c.name.startsWith('etcd'));
  for (const r of failed) v.add('unhealthy', r);
  const m = ctx.model.etcdMembership();
  if (m.members > 0) {
    v.note(`${m.readyMembers} of ${m.members} members ready; quorum needs ${m.quorumSize}`);
    // Pod status is itself stored in etcd: while writes fail, the pods keep their last Ready.
    if (failed.length && m.readyMembers === m.members) v.note('the members\' pods may still show Ready: no status can be written while etcd fails');
    if (!m.hasQuorum) v.add('unhealthy', `no quorum: ${m.readyMembers} of ${m.members} members ready, ${m.quorumSize} needed for writes`);
    else if (m.readyMembers < m.members) v.add('degraded', `${m.members - m.readyMembers} of ${m.members} members not ready; ${m.readyMembers - m.quorumSize} more failure(s) tolerated`);
    if (m.members % 2 === 0) v.note(`${m.members} members tolerate no more failures than ${m.members - 1}: an odd count is usual`);
  } else {
    const presence = componentPresence('etcd', ctx.distribution, 0);
    if ('note' in presence) v.note(presence.note);
    const etcdChecks = [...(ctx.probes?.readyz?.checks ?? []), ...(ctx.probes?.livez?.checks ?? [])].filter((c) => c.name.startsWith('etcd'));
    if (!etcdChecks.length) v.add('unknown', 'no etcd pod and no etcd check seen yet');
  }
  return v.done();
}

/** kube-scheduler, kube-controller-manager, cloud-controller-manager: pods + leader Lease. */
export function electedComponentHealth(name: ControlPlaneComponentName, ctx: HealthContext): HealthSummary {
  const v = new Verdict();
  const view = ctx.model.controlPlaneComponent(name);
  const presence = componentPresence(name, ctx.distribution, view.instances.length);
  if ('note' in presence) v.note(presence.note);
  instancesHealth(v, view);
  const lease = view.lease;
  if (!lease) {
    if (presence.kind === 'absent') v.add('unknown', presence.note);
    else v.add(view.instances.length ? 'degraded' : 'unknown', `no leader Lease kube-system/${name} seen`);
    return v.done();
  }
  const duration = (lease.leaseDurationSeconds ?? DEFAULT_LEASE_DURATION_S) * 1000;
  const leader = view.leaderHost ?? lease.holderIdentity ?? '(nobody)';
  if (lease.renewTime === undefined) {
    v.add('unhealthy', `Lease kube-system/${name} has no renewTime: no active leader`);
  } else {
    const age = ctx.now - lease.renewTime;
    v.note(`leader ${leader}, Lease renewed ${seconds(age)} ago (duration ${seconds(duration)})`);
    if (age > 2 * duration) v.add('unhealthy', `leader ${leader} has not renewed its Lease for ${seconds(age)} (more than twice the ${seconds(duration)} lease duration)`);
  }
  if (view.instances.length && view.leaderHost && !view.instances.some((i) => i.election === 'leader')) {
    v.add('degraded', `the Lease holder ${leader} matches none of the ${view.instances.length} instance(s) seen`);
  }
  const standby = view.instances.filter((i) => i.election === 'standby').length;
  if (standby) v.note(`${standby} standby replica(s)`);
  return v.done();
}

export function controlPlaneHealth(name: ControlPlaneComponentName, ctx: HealthContext): HealthSummary {
  if (name === 'kube-apiserver') return apiServerHealth(ctx);
  if (name === 'etcd') return etcdHealth(ctx);
  return electedComponentHealth(name, ctx);
}

const PRESSURE = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable']);

export function kubeletHealth(node: NodeView, now: number): HealthSummary {
  const v = new Verdict();
  const r = node.record;
  if (r.kubeletVersion) v.note(`kubelet ${r.kubeletVersion}`);
  const ready = r.conditions.find((c) => c.type === 'Ready');
  if (!ready) v.add('unknown', 'the node reports no Ready condition yet');
  else if (ready.status === 'False') v.add('unhealthy', `node NotReady: ${ready.reason ?? ''}${ready.message ? ` (${ready.message})` : ''}`.trim());
  else if (ready.status === 'Unknown') v.add('unhealthy', `node status Unknown: ${ready.message ?? 'the kubelet stopped posting node status'}`);
  for (const c of r.conditions) if (PRESSURE.has(c.type) && c.status === 'True') v.add('degraded', `${c.type}${c.message ? `: ${c.message}` : ''}`);
  const beat = node.heartbeat ?? ready?.lastHeartbeatTime;
  if (beat !== undefined) {
    const age = now - beat;
    v.note(`last heartbeat ${seconds(age)} ago`);
    if (age > NODE_MONITOR_GRACE_MS) v.add('unhealthy', `no heartbeat for ${seconds(age)} (the node controller waits ${seconds(NODE_MONITOR_GRACE_MS)})`);
  }
  if (r.unschedulable) v.note('cordoned: new pods are not scheduled here');
  return v.done();
}

export function kubeProxyHealth(node: NodeView, distribution: Distribution): HealthSummary {
  const v = new Verdict();
  const proxy = node.proxy;
  if (!proxy) {
    if (distribution.kind === 'k3s') v.note('embedded in the k3s agent process');
    else v.add('unknown', 'no kube-proxy pod (nor a known replacement such as Cilium) on this node');
    return v.done();
  }
  if (proxy.kind === 'replacement') v.note(`${proxy.name} replaces kube-proxy on this node`);
  const p = proxy.pod;
  v.note(`pod ${p.namespace}/${p.name}: ${podStatusText(p)}, ${p.readyContainers}/${p.totalContainers} ready, ${p.restarts} restart(s)`);
  if (!isPodReady(p)) v.add(p.phase === 'Running' ? 'degraded' : 'unhealthy', `${p.name} is ${podStatusText(p)}, not ready`);
  return v.done();
}

/** `containerd://1.7.13` -> { name: 'containerd', version: '1.7.13' }. */
export function parseRuntimeVersion(text: string | undefined): { name: string; version: string } | undefined {
  if (!text) return undefined;
  const cut = text.indexOf('://');
  return cut < 0 ? { name: text, version: '' } : { name: text.slice(0, cut), version: text.slice(cut + 3) };
}

export function runtimeHealth(node: NodeView): HealthSummary {
  const v = new Verdict();
  const rt = parseRuntimeVersion(node.record.containerRuntimeVersion);
  if (!rt) v.add('unknown', 'the node reports no container runtime version');
  else v.note(`${rt.name} ${rt.version}`.trim());
  const ready = node.record.conditions.find((c) => c.type === 'Ready');
  const why = `${ready?.reason ?? ''} ${ready?.message ?? ''}`;
  if (ready?.status !== 'True' && /runtime|PLEG|CRI/i.test(why)) v.add('unhealthy', `the kubelet reports: ${why.trim()}`);
  return v.done();
}

/** CoreDNS from its pods. */
export function addOnHealth(pods: readonly PodRecord[]): HealthSummary {
  const v = new Verdict();
  if (!pods.length) {
    v.add('unknown', 'no CoreDNS pod (k8s-app=kube-dns) in kube-system');
    return v.done();
  }
  const ready = pods.filter(isPodReady).length;
  v.note(`${ready} of ${pods.length} replicas ready`);
  if (ready === 0) v.add('unhealthy', 'no replica is ready: Service names do not resolve');
  else if (ready < pods.length) v.add('degraded', `${pods.length - ready} replica(s) not ready`);
  return v.done();
}
