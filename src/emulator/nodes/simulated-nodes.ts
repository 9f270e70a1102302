// All simulated nodes of the emulator: one kubelet per node, fed by ONE shared pod
// informer indexed by spec.nodeName (a fieldSelector watch per node would mean 5,000
// watches each filtering every pod event), and driven by one heartbeat timer.
import type { KubeObject } from '../../kube/object';
import { componentLog, type ControlLoop, type ControlLoopContext } from '../control-loop';
import { ApiEventRecorder } from '../controllers/events';
import { R } from '../client/paths';
import type { SimulatedNodeSpec } from '../control-plane/topology';
import { renderContainerLog, type ContainerLogOptions, type ContainerLogResult, type KubeletLogSource } from './container-logs';
import { HeartbeatScheduler } from './heartbeat-scheduler';
import { KubeProxyRules, type RulesSync } from './kube-proxy';
import { Kubelet } from './kubelet';
import { defaultAddresses } from './node-object';
import { isMirrorPod, mirrorPod } from './static-pods';

/** kubelet's node lease renew interval: a quarter of the 40 s lease. */
export const LEASE_RENEW_MS = 10_000;

/** Images every node has before any pod runs (kubeadm pre-pulls them). */
const PRELOADED = ['registry.k8s.io/pause:3.10', 'registry.k8s.io/kube-proxy:v1.34.1'];
const PRELOADED_CONTROL_PLANE = [
  'registry.k8s.io/etcd:3.6.4-0',
  'registry.k8s.io/kube-apiserver:v1.34.1',
  'registry.k8s.io/kube-controller-manager:v1.34.1',
  'registry.k8s.io/kube-scheduler:v1.34.1',
  'registry.k8s.io/coredns/coredns:v1.12.1',
];

const REGISTRATION_WAVE = 100;

/** One kube-proxy rules loop per control-loop context, shared by all node groups on it. */
const kubeProxies = new WeakMap<ControlLoopContext, KubeProxyRules>();
function kubeProxyFor(ctx: ControlLoopContext): KubeProxyRules {
  let proxy = kubeProxies.get(ctx);
  if (!proxy) kubeProxies.set(ctx, (proxy = new KubeProxyRules(ctx)));
  return proxy;
}

export interface SimulatedNodesOptions {
  /** Lease renew interval (default 10 s of clock time). */
  leaseRenewMs?: number;
  /** Told when a kubelet starts or stops running (what hasKubelet answers changed). */
  onKubeletRunning?: (node: string, running: boolean) => void;
}

export class SimulatedNodes implements ControlLoop, KubeletLogSource {
  readonly name = 'kubelet';
  readonly kubeProxy: KubeProxyRules;
  private readonly kubelets = new Map<string, Kubelet>();
  /**
   * The namespace/name keys of each node's pods; the objects are the pod informer's. Only a
   * binding or a new pod touches it, not the status writes that make up most pod updates.
   */
  private readonly podsByNode = new Map<string, Set<string>>();
  private readonly heartbeat: HeartbeatScheduler;
  private readonly specs: Map<string, SimulatedNodeSpec>;

  constructor(
    private readonly ctx: ControlLoopContext,
    specs: SimulatedNodeSpec[],
    private readonly options: SimulatedNodesOptions = {},
  ) {
    this.kubeProxy = kubeProxyFor(ctx);
    this.heartbeat = new HeartbeatScheduler(ctx.clock, options.leaseRenewMs ?? LEASE_RENEW_MS);
    this.specs = new Map(specs.map((s) => [s.name, s]));
    // One recorder for all kubelets of the group: its correlation state (folded events, spam
    // buckets) is keyed by object and capped, where 5,000 recorders of their own kept ~3 KB
    // per pod forever (470 MB at 150,000 pods). The field manager is "kubelet" either way.
    const events = new ApiEventRecorder(ctx.client('kubelet'), 'kubelet', ctx.clock, componentLog(ctx, 'kubelet'));
    specs.forEach((spec, i) => {
      const defaults = defaultAddresses(i);
      const addresses = { internalIP: spec.internalIP ?? defaults.internalIP, podCIDR: spec.podCIDR ?? defaults.podCIDR };
      const component = `kubelet/${spec.name}`;
      this.kubelets.set(
        spec.name,
        new Kubelet({
          spec,
          addresses,
          client: ctx.client(component),
          clock: ctx.clock,
          log: componentLog(ctx, component),
          preloadedImages: spec.controlPlane ? [...PRELOADED, ...PRELOADED_CONTROL_PLANE] : PRELOADED,
          events,
          podsOnNode: () => this.podsOn(spec.name),
          extraLines: (image, from, to) => this.kubeProxy.logLines(addresses.internalIP, image, from, to),
        }),
      );
    });
  }

  async start(): Promise<void> {
    this.ctx.informers.for(R.pods).on({
      add: (pod) => this.podChanged(pod, true),
      update: (pod, old) => {
        if (old.spec?.nodeName && old.spec.nodeName !== pod.spec?.nodeName) this.podGone(old);
        this.podChanged(pod, old.spec?.nodeName !== pod.spec?.nodeName || old.metadata.uid !== pod.metadata.uid);
      },
      delete: (pod) => this.podGone(pod),
    });
    // A condition another component set (the node lifecycle controller's Unknown) is posted over.
    this.ctx.informers.for(R.nodes).on({ update: (node) => this.kubelets.get(node.metadata.name ?? '')?.nodeObserved(node) });
    // Register in waves: 5,000 registrations at once would queue ~50,000 requests and their garbage.
    // Each wave heartbeats as soon as it is registered: registering 5,000 nodes takes longer
    // than the 40 s lease, and the first nodes must not go NotReady meanwhile.
    this.heartbeat.start();
    const all = [...this.kubelets.values()];
    for (let i = 0; i < all.length; i += REGISTRATION_WAVE) {
      const wave = all.slice(i, i + REGISTRATION_WAVE);
      await Promise.all(wave.map((k) => this.startKubelet(k.nodeName)));
      this.heartbeat.add(wave);
    }
  }

  stop(): void {
    this.heartbeat.stop();
    for (const k of this.kubelets.values()) {
      k.stop();
      this.options.onKubeletRunning?.(k.nodeName, false);
    }
  }

  /** Whether a kubelet runs on `node` and will finish graceful pod deletions (LifecycleHooks.hasKubelet). */
  hasKubelet(node: string): boolean {
    return this.kubelets.get(node)?.isRunning === true;
  }

  /** Fault injection: the kubelet stops heartbeating, reporting and running pods; pods stay as they are. */
  stopKubelet(node: string): boolean {
    const k = this.kubelets.get(node);
    if (!k) return false;
    k.stop();
    this.options.onKubeletRunning?.(node, false);
    return true;
  }

  /** Starts a stopped kubelet again: it posts Ready, renews its lease and takes its pods back. */
  async startKubelet(node: string): Promise<boolean> {
    const k = this.kubelets.get(node);
    if (!k) return false;
    // The kubelet runs from the start of start() (hasKubelet answers true from then on).
    const started = k.start();
    this.options.onKubeletRunning?.(node, true);
    await started;
    await this.ensureMirrorPods(k);
    return true;
  }

  /** Fault injection: force a pod NotReady (false) or give it back to its probes (undefined). */
  setPodReadiness(namespace: string, name: string, ready: boolean | undefined): void {
    for (const k of this.kubelets.values()) k.setReadinessOverride(namespace, name, ready);
  }

  /** The kube-proxy rules sync a node has applied, if its kube-proxy runs. */
  rulesSynced(node: string): RulesSync | undefined {
    const k = this.kubelets.get(node);
    if (!k?.isRunning) return undefined;
    const proxyRunning = [...k.workers.values()].some((w) => w.containers.some((c) => c.state === 'running' && /kube-proxy/.test(c.image)));
    return proxyRunning ? this.kubeProxy.lastSync() : undefined;
  }

  containerLog(namespace: string, pod: string, container: string, options: ContainerLogOptions): ContainerLogResult | undefined {
    for (const [node, pods] of this.podsByNode) {
      if (!pods.has(`${namespace}/${pod}`)) continue;
      const k = this.kubelets.get(node);
      const w = k?.isRunning ? k.workers.get(`${namespace}/${pod}`) : undefined;
      const run = w && [...w.containers, ...w.init].find((c) => c.name === container);
      if (!k || !run) return undefined;
      return renderContainerLog(run, pod, this.ctx.clock.now(), options, k.extraLines);
    }
    return undefined;
  }

  /** The pods bound to `node`, current as the informer has them. */
  private podsOn(node: string): KubeObject[] {
    const informer = this.ctx.informers.for(R.pods);
    const out: KubeObject[] = [];
    for (const key of this.podsByNode.get(node) ?? []) {
      const slash = key.indexOf('/');
      const pod = informer.get(key.slice(0, slash), key.slice(slash + 1));
      if (pod?.spec?.nodeName === node) out.push(pod);
    }
    return out;
  }

  /** `placed`: the pod is new to its node (added, bound or recreated), so the node's set learns it. */
  private podChanged(pod: KubeObject, placed: boolean): void {
    const node = pod.spec?.nodeName;
    if (!node) return;
    const k = this.kubelets.get(node);
    if (!k) return;
    if (placed) {
      let pods = this.podsByNode.get(node);
      if (!pods) this.podsByNode.set(node, (pods = new Set()));
      pods.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
    }
    if (isMirrorPod(pod) && pod.metadata.deletionTimestamp && k.isRunning) {
      // Deleting a mirror pod does not stop a static pod: the kubelet removes and recreates it.
      k.deletePod(pod);
      return;
    }
    k.syncPod(pod);
  }

  private podGone(pod: KubeObject): void {
    const node = pod.spec?.nodeName;
    if (!node) return;
    this.podsByNode.get(node)?.delete(`${pod.metadata.namespace}/${pod.metadata.name}`);
    const k = this.kubelets.get(node);
    if (!k) return;
    k.forgetPod(pod);
    if (isMirrorPod(pod) && k.isRunning) void this.ensureMirrorPods(k);
  }

  private async ensureMirrorPods(k: Kubelet): Promise<void> {
    const spec = this.specs.get(k.nodeName);
    for (const manifest of spec?.staticPods ?? []) {
      const pod = mirrorPod(manifest, k.nodeName, k.nodeUid);
      if (this.podsByNode.get(k.nodeName)?.has(`${pod.metadata.namespace}/${pod.metadata.name}`)) continue;
      await this.ctx
        .client(`kubelet/${k.nodeName}`)
        .create({ ...R.pods, namespace: pod.metadata.namespace }, pod)
        .catch((e) => {
          if ((e as { reason?: string }).reason !== 'AlreadyExists') this.ctx.log(`kubelet/${k.nodeName}`, `creating mirror pod ${pod.metadata.name} failed: ${String(e)}`, 'W');
        });
    }
  }
}
