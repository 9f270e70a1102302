// Starts the emulator's control plane on a running API server: the topology's kubelets and
// kube-proxy, kube-scheduler and kube-controller-manager (each behind its leader Lease),
// kubeadm's addons, the SchedulingTrace and EmulatedComponent kinds, and the LifecycleHooks
// that tell the API server which of its stand-ins may step aside.
import type { Clock } from '../kube/clock';
import type { KubeObject } from '../kube/object';
import type { LifecycleHooks } from './apiserver/context';
import type { ApiServer } from './apiserver/server';
import type { VirtualResource } from './apiserver/virtual-resources';
import { isNotFound, LoopbackClient, type ApiHandler, type KubeList } from './client/loopback-client';
import { stripManagedFields } from './client/managed-fields';
import { R, type ResourceRef } from './client/paths';
import { SharedObjects } from './client/shared-objects';
import { StringInterner } from './client/string-intern';
import { SharedInformers } from './client/shared-informers';
import type { ControlLoop, ControlLoopContext } from './control-loop';
import { installAddons } from './control-plane/addons';
import { ComponentGate } from './control-plane/component-gate';
import { EmulatedComponents, emulatedComponentResource, type ComponentState } from './control-plane/components';
import { LeaderElectionGroup } from './control-plane/leader-election';
import { CONTROL_PLANE_COMPONENTS } from './control-plane/static-pod-manifests';
import { clusterTopology, type ClusterTopology, type TopologyOptions } from './control-plane/topology';
import { controllerManagerLoops } from './controllers/index';
import { createSimulatedNodes, type ContainerLogOptions, type ContainerLogResult, type KubeletLogSource, type SimulatedNodes } from './nodes/index';
import { KubeScheduler } from './scheduler';
import { loadTraces, saveTraces } from './scheduling/trace-file';
import { DEFAULT_TRACE_CAPACITY, SchedulingTraceRing, schedulingTraceResource } from './scheduling/trace-ring';
import type { EmulatorStore } from './store/index';
import { prefixedLog, type Log, type LogSeverity } from './log';

export interface ControlPlaneOptions extends TopologyOptions {
  /** Scheduling attempts kept for `kubectl get schedulingtraces` (default 5,000). */
  traceCapacity?: number;
  /** Estimated bytes for live pods' latest attempts beyond those (default DEFAULT_TRACE_RETENTION_BYTES; 0: none). */
  traceRetentionBytes?: number;
  /** The cluster CA, published as kube-root-ca.crt. */
  caPem?: string;
  /** Most real time to wait for CoreDNS to land on the control plane before workers join (default 5 s). */
  joinWaitMs?: number;
  /** Where the latest scheduling records are saved on stop and read back on start (none: kept in memory only). */
  traceFile?: string;
}

/**
 * LifecycleHooks whose answers change as the control loops start. Also the kubelets' log
 * source for pods/log (KubeletLogSource), for the API server to ask once it has that hook.
 */
export class ControlLoopHooks implements LifecycleHooks, KubeletLogSource {
  nodeGroups: SimulatedNodes[] = [];
  /**
   * Told of every change in what these hooks answer, for an API server in another thread to
   * mirror (worker/): it cannot call them synchronously.
   */
  onChange: { kubelet(node: string, running: boolean): void; controllerManager(running: boolean): void } | undefined;
  private controllerManagerRunning = false;

  get controllerManager(): boolean {
    return this.controllerManagerRunning;
  }

  set controllerManager(running: boolean) {
    this.controllerManagerRunning = running;
    this.onChange?.controllerManager(running);
  }

  /** A kubelet started or stopped (SimulatedNodesOptions.onKubeletRunning). */
  kubeletChanged(node: string, running: boolean): void {
    this.onChange?.kubelet(node, running);
  }
  hasKubelet(nodeName: string): boolean {
    return this.nodeGroups.some((g) => g.hasKubelet(nodeName));
  }
  namespaceControllerRunning(): boolean {
    return this.controllerManager;
  }
  garbageCollectorRunning(): boolean {
    return this.controllerManager;
  }
  containerLog(namespace: string, pod: string, container: string, options: ContainerLogOptions): ContainerLogResult | undefined {
    for (const g of this.nodeGroups) {
      const r = g.containerLog(namespace, pod, container, options);
      if (r) return r;
    }
    return undefined;
  }
}

/**
 * What the control loops need of the API server's side: its request handler (never the store),
 * a place to serve the emulator's in-memory kinds, and etcd's availability for the etcd fault.
 * In the same thread these are the ApiServer and the store; from the control loops' worker
 * thread they are messages (worker/).
 */
export interface ControlPlaneHost {
  api: ApiHandler;
  serveVirtual(r: VirtualResource): void;
  setStoreAvailable(available: boolean, message: string): void;
}

/** The control loops' view of an API server in the same thread. */
export function inProcessHost(api: ApiServer, store: EmulatorStore): ControlPlaneHost {
  return { api, serveVirtual: (r) => api.registry.serveVirtual(r), setStoreAvailable: (available, message) => store.setAvailable(available, message) };
}

export interface RunningControlPlane {
  topology: ClusterTopology;
  scheduler: KubeScheduler;
  traces: SchedulingTraceRing;
  components: EmulatedComponents;
  /** Control-plane nodes first, then workers (they join after the addons are placed). */
  nodeGroups: SimulatedNodes[];
  /** Stops every loop; the leaders release their leases so a restart leads at once. */
  stop(): Promise<void>;
}

const holderNode = (identity: string | undefined): string | undefined => identity?.slice(0, identity.lastIndexOf('_'));

/**
 * The shared informers' client: keeps each repeated string of what it lists and watches once
 * (see string-intern.ts). The shared informers cache objects without metadata.managedFields
 * (InformerOptions.omitManagedFields: their watches never receive them); listed objects are
 * stripped here before interning, so that the managedFields' strings never enter the table.
 */
export class InformerClient extends LoopbackClient {
  // Informer objects are read-only (client-go's rule; audit in docs/bench/s5-c.md), so identical
  // small objects are shared between them too: one copy per condition list, toleration, request...
  private readonly strings = new StringInterner(undefined, new SharedObjects());

  override async list<T = KubeObject>(ref: ResourceRef, query: Record<string, string | number | boolean | undefined> = {}): Promise<KubeList<T>> {
    const list = await super.list<T>(ref, query);
    for (const item of list.items) {
      stripManagedFields(item);
      this.strings.internValues(item);
    }
    return list;
  }

  protected override watchObject(json: string): unknown {
    return this.strings.internValues(JSON.parse(json));
  }
}

export async function startControlPlane(host: ControlPlaneHost, hooks: ControlLoopHooks, clock: Clock, options: ControlPlaneOptions, log: Log): Promise<RunningControlPlane> {
  const api = host.api;
  const topology = clusterTopology(options);
  for (const w of topology.warnings) log(`warning: ${w}`, 'W');
  const logFor = (component: string, message: string, severity?: LogSeverity): void => log(`${component}: ${message}`, severity);
  const informers = new SharedInformers(new InformerClient(api, 'shared-informers'), { clock, log: prefixedLog(log, 'informers') });
  const contextOver = (handler: ApiHandler): ControlLoopContext => ({ client: (c) => new LoopbackClient(handler, c), informers, clock, log: logFor });
  const ctx = contextOver(api);
  const cmGate = new ComponentGate(api);
  cmGate.setOpen(false);

  const traces = new SchedulingTraceRing(options.traceCapacity ?? DEFAULT_TRACE_CAPACITY, clock, { retainedBytes: options.traceRetentionBytes });
  if (options.traceFile) restoreTraces(traces, options.traceFile, log);
  host.serveVirtual(schedulingTraceResource(traces));
  // A deleted pod's latest-attempt record goes with it (the last N attempts stay in the ring).
  const scheduler = new KubeScheduler(ctx, {
    onTrace: (t) => traces.record(t),
    onPodDeleted: (p) => traces.forgetPod(p.metadata.namespace ?? 'default', p.metadata.name ?? '', p.metadata.uid),
  });
  scheduler.setActive(false);

  const cpSpecs = topology.nodes.filter((n) => n.controlPlane);
  const workerSpecs = topology.nodes.filter((n) => !n.controlPlane);
  const nodeOptions = { onKubeletRunning: (node: string, running: boolean) => hooks.kubeletChanged(node, running) };
  const nodeGroups = [createSimulatedNodes(ctx, cpSpecs, nodeOptions), createSimulatedNodes(ctx, workerSpecs, nodeOptions)];
  const groupOf = (node: string) => nodeGroups[cpSpecs.some((s) => s.name === node) ? 0 : 1];

  const members = topology.controlPlaneMembers;
  const electionClient = new LoopbackClient(api, 'leader-election');
  const components = new EmulatedComponents(clock, (s) => applyEffect(s));
  const elections = {
    'kube-scheduler': new LeaderElectionGroup('kube-scheduler', members, electionClient, clock, (leading, holder) => {
      scheduler.setActive(leading);
      components.setLeader('kube-scheduler', holderNode(holder));
    }, log),
    'kube-controller-manager': new LeaderElectionGroup('kube-controller-manager', members, electionClient, clock, (leading, holder) => {
      cmGate.setOpen(leading);
      components.setLeader('kube-controller-manager', holderNode(holder));
    }, log),
  };
  for (const m of members) for (const c of CONTROL_PLANE_COMPONENTS) components.add(c, m);
  for (const n of topology.nodes) components.add('kubelet', n.name);
  host.serveVirtual(emulatedComponentResource(components));

  function applyEffect(s: ComponentState): string | undefined {
    const showsPods = topology.profile === 'kubeadm';
    if (s.component !== 'kubelet' && showsPods) groupOf(s.nodeName).setPodReadiness('kube-system', `${s.component}-${s.nodeName}`, s.running ? undefined : false);
    switch (s.component) {
      case 'kubelet': {
        const g = groupOf(s.nodeName);
        if (s.running) void g.startKubelet(s.nodeName);
        else g.stopKubelet(s.nodeName);
        return s.running ? undefined : 'kubelet stopped: no heartbeats; the node lifecycle controller marks the node NotReady after 40s';
      }
      case 'etcd': {
        const up = components.all().filter((c) => c.component === 'etcd' && c.running).length;
        const quorum = Math.floor(members.length / 2) + 1;
        host.setStoreAvailable(up >= quorum, `etcd has no quorum (${up}/${members.length} members running)`);
        return up >= quorum ? undefined : `etcd has no quorum (${up}/${members.length} members): writes fail with 503, /readyz etcd check fails`;
      }
      case 'kube-scheduler':
      case 'kube-controller-manager':
        elections[s.component].setRunning(s.nodeName, s.running);
        return s.running ? undefined : `stopped: another member takes over after the ${15}s lease expires, if one runs`;
      default:
        return s.running ? undefined : 'stopped: its mirror pod reports NotReady (the emulator keeps serving the API)';
    }
  }

  // Start order as kubeadm init: control plane, addons, then workers join.
  const cmLoops: ControlLoop[] = controllerManagerLoops(contextOver(cmGate), { caPem: options.caPem });
  scheduler.start();
  for (const l of cmLoops) await l.start();
  hooks.controllerManager = true;
  hooks.nodeGroups = nodeGroups;
  await nodeGroups[0].start();
  nodeGroups[0].kubeProxy.start();
  await informers.start();
  elections['kube-scheduler'].startAll();
  elections['kube-controller-manager'].startAll();

  const adminClient = new LoopbackClient(api, 'kubeadm');
  const corednsRef = { ...R.deployments, namespace: 'kube-system', name: 'coredns' };
  const firstBoot = await adminClient.get(corednsRef).then(
    () => false,
    (e) => isNotFound(e),
  );
  await installAddons(adminClient, topology.profile, log);
  if (firstBoot && cpSpecs.length > 0 && workerSpecs.length > 0) await waitForCoreDnsPlaced(ctx, options.joinWaitMs ?? 5000);
  await nodeGroups[1].start();
  // Each group renders its nodes' kube-proxy logs from its own rules loop.
  nodeGroups[1].kubeProxy.start();
  await informers.start();

  return {
    topology,
    scheduler,
    traces,
    components,
    nodeGroups,
    stop: async () => {
      await Promise.all(Object.values(elections).map((g) => g.releaseAll()));
      scheduler.stop();
      for (const l of cmLoops) l.stop();
      for (const g of nodeGroups) {
        g.stop();
        g.kubeProxy.stop();
      }
      informers.stop();
      cmGate.setOpen(true);
      if (options.traceFile) {
        try {
          const started = performance.now();
          const saved = saveTraces(options.traceFile, traces.attempts());
          log(`scheduling records: saved the latest ${saved} in ${options.traceFile} (${Math.round(performance.now() - started)} ms)`);
        } catch (e) {
          log(`scheduling records: could not save them to ${options.traceFile}: ${e instanceof Error ? e.message : String(e)}`, 'W');
        }
      }
    },
  };
}

/** The records saved by the last run, recorded again in order; one that cannot be packed is skipped. */
function restoreTraces(ring: SchedulingTraceRing, file: string, log: Log): void {
  const started = performance.now();
  const saved = loadTraces(file, log);
  let skipped = 0;
  for (const t of saved) {
    try {
      ring.record(t);
    } catch {
      skipped++;
    }
  }
  if (skipped > 0) log(`scheduling records: ${skipped} in ${file} could not be read back; skipped`, 'W');
  if (saved.length > 0) log(`scheduling records: read back ${saved.length - skipped} from ${file} (${Math.round(performance.now() - started)} ms)`);
}

/** Waits (real time, bounded) until both CoreDNS pods are bound, as they are before workers join. */
async function waitForCoreDnsPlaced(ctx: ControlLoopContext, maxMs: number): Promise<void> {
  const pods = ctx.informers.for(R.pods);
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const dns = pods.list('kube-system').filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
    if (dns.length >= 2 && dns.every((p) => p.spec?.nodeName)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
