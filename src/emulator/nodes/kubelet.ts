// A simulated kubelet: registers its Node, renews its Lease, reports node status, and runs
// the pods bound to its node through pod workers. Everything goes through the API.
import type { Clock } from '../../kube/clock';
import type { KubeObject } from '../../kube/object';
import { isAlreadyExists, isConflict, isNotFound, type LoopbackClient } from '../client/loopback-client';
import { R, type ResourceRef } from '../client/paths';
import type { SimulatedNodeSpec } from '../control-plane/topology';
import { ApiEventRecorder, type EventRecorder, recorderForHost } from '../controllers/events';
import type { ExtraLines } from './container-logs';
import { ContainerRuntime } from './container-runtime';
import type { HeartbeatMember } from './heartbeat-scheduler';
import { nodeAllocatable, nodeCapacity, nodeStatus, registrationObject, type NodeAddresses } from './node-object';
import { admissionCapacity, admitPod, type AdmissionCapacity, type AdmittedUsage } from './pod-admission';
import { PodIpAllocator } from './pod-ip-allocator';
import { PodWorker, type PodHost } from './pod-worker';
import { StatusWriter, type PendingStatus } from './status-writer';
import type { Log } from '../log';

/** kubelet's nodeLeaseDurationSeconds; renewed every quarter of it (10 s). */
export const LEASE_DURATION_SECONDS = 40;
/** nodeStatusReportFrequency: status is posted this often even when nothing changed. */
export const STATUS_REPORT_MS = 5 * 60_000;

export interface KubeletOptions {
  spec: SimulatedNodeSpec;
  addresses: NodeAddresses;
  client: LoopbackClient;
  clock: Clock;
  log: Log;
  /** Images present before any pull (pause, and kube-proxy etc. on every node). */
  preloadedImages: string[];
  /** The pods currently bound to this node, from the shared pod informer. */
  podsOnNode(): KubeObject[];
  /** Lines containers log while running (kube-proxy's syncs), for `kubectl logs`. */
  extraLines?: ExtraLines;
  /** Where the kubelet's events go; default: a recorder of its own. */
  events?: EventRecorder;
}

/** RFC 3339 with microseconds, as a Lease's renewTime (sliced, not a regex: 500 renewals/s at 5,000 nodes). */
const microTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 23)}000Z`;

export class Kubelet implements HeartbeatMember, PodHost {
  readonly nodeName: string;
  readonly hostIP: string;
  readonly clock: Clock;
  readonly runtime: ContainerRuntime;
  readonly events: EventRecorder;
  readonly workers = new Map<string, PodWorker>();
  private readonly client: LoopbackClient;
  private readonly ips: PodIpAllocator;
  private readonly statusWriter: StatusWriter;
  private readonly readiness = new Map<string, boolean>();
  private running = false;
  private registered = false;
  private lease?: KubeObject;
  private leaseBusy = false;
  private statusDirty = true;
  private lastStatusReport = 0;
  private readonly transitions: Record<string, string> = {};
  private uid?: string;
  private readonly capacity: AdmissionCapacity;
  private readonly leaseRef: ResourceRef;

  constructor(private readonly options: KubeletOptions) {
    this.nodeName = options.spec.name;
    this.hostIP = options.addresses.internalIP;
    this.clock = options.clock;
    this.client = options.client;
    this.runtime = new ContainerRuntime(options.clock, options.preloadedImages);
    this.events = recorderForHost(options.events ?? new ApiEventRecorder(options.client, 'kubelet', options.clock, options.log), this.nodeName);
    this.ips = new PodIpAllocator(options.addresses.podCIDR);
    this.statusWriter = new StatusWriter(options.client, options.log);
    this.capacity = admissionCapacity(nodeAllocatable(nodeCapacity(options.spec)));
    this.leaseRef = { ...R.leases, namespace: 'kube-node-lease', name: this.nodeName };
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** The registered Node's uid (owner of the Lease and mirror pods). */
  get nodeUid(): string | undefined {
    return this.uid;
  }

  get extraLines(): ExtraLines | undefined {
    return this.options.extraLines;
  }

  /** Registers the Node and its Lease, then takes over the pods already bound here. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const now = this.clock.now();
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']) this.transitions[type] = microTime(now).replace(/\.\d+Z$/, 'Z');
    const nodeRef = this.nodeRef();
    this.events.event(nodeRef, 'Normal', 'Starting', 'Starting kubelet.');
    await this.register();
    for (const reason of ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID']) {
      this.events.event(nodeRef, 'Normal', reason, `Node ${this.nodeName} status is now: ${reason}`);
    }
    this.events.event(nodeRef, 'Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    this.events.event(nodeRef, 'Normal', 'NodeReady', `Node ${this.nodeName} status is now: NodeReady`);
    await this.renewLease(now);
    for (const pod of this.options.podsOnNode()) this.syncPod(pod);
  }

  /** Stops heartbeats, status updates and pod work; pods stay as they are in the API. */
  stop(): void {
    this.running = false;
    for (const w of this.workers.values()) w.stop();
    this.workers.clear();
    this.runtime.stop();
  }

  beat(now: number): void {
    if (!this.running || !this.registered) return;
    void this.renewLease(now);
    if (this.statusDirty || now - this.lastStatusReport >= STATUS_REPORT_MS) void this.reportStatus(now);
  }

  /**
   * The Node as the API shows it. When a condition the kubelet owns says something else
   * (the node lifecycle controller's Unknown after missed leases), the next beat posts the
   * kubelet's status again, as upstream's status sync patches what differs from the server.
   */
  nodeObserved(node: KubeObject): void {
    if (!this.running || !this.registered) return;
    const stamp = microTime(this.clock.now()).replace(/\.\d+Z$/, 'Z');
    for (const c of (node.status?.conditions ?? []) as { type?: string; status?: string }[]) {
      if (!c.type || !(c.type in this.transitions)) continue;
      const posted = c.type === 'Ready' ? 'True' : 'False';
      if (c.status === posted) continue;
      this.transitions[c.type] = stamp;
      this.statusDirty = true;
    }
  }

  /** A pod bound to this node was added or changed (one with container statuses is adopted). */
  syncPod(pod: KubeObject): void {
    if (!this.running) return;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const existing = this.workers.get(key);
    if (existing && existing.pod.metadata.uid === pod.metadata.uid) {
      existing.update(pod);
      return;
    }
    if (existing) this.forgetPod(existing.pod);
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    if (pod.metadata.deletionTimestamp && !(pod.status?.containerStatuses ?? []).some((s: any) => s.state?.running)) {
      this.deletePod(pod);
      return;
    }
    const worker = new PodWorker(pod, this);
    const wasStarted = (pod.status?.containerStatuses ?? []).length > 0;
    if (!wasStarted) {
      const rejection = admitPod(worker.requests, this.admittedUsage(), this.capacity);
      if (rejection) {
        this.events.event(pod, 'Warning', rejection.reason, rejection.message);
        this.statusWriter.write(pod, { phase: 'Failed', reason: rejection.reason, message: rejection.message });
        return;
      }
    }
    this.workers.set(key, worker);
    if (wasStarted) worker.adopt();
    else worker.start();
    if (pod.metadata.deletionTimestamp) worker.update(pod);
  }

  /** The pod is gone from the API. */
  forgetPod(pod: KubeObject): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const w = this.workers.get(key);
    if (!w || w.pod.metadata.uid !== pod.metadata.uid) return;
    w.forget();
    this.workers.delete(key);
    this.statusWriter.forget(pod);
  }

  /** Fault injection: force a pod's readiness (false) or return it to its probes (undefined). */
  setReadinessOverride(namespace: string, name: string, ready: boolean | undefined): void {
    const key = `${namespace}/${name}`;
    if (ready === undefined) this.readiness.delete(key);
    else this.readiness.set(key, ready);
    this.workers.get(key)?.refreshReadiness();
  }

  readinessOverride(pod: KubeObject): boolean | undefined {
    return this.readiness.get(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }

  allocateIP(): string | undefined {
    return this.ips.allocate();
  }

  releaseIP(ip: string | undefined): void {
    this.ips.release(ip);
  }

  claimIP(ip: string): void {
    this.ips.claim(ip);
  }

  writeStatus(pod: KubeObject, status: PendingStatus): void {
    if (this.running) this.statusWriter.write(pod, status);
  }

  deletePod(pod: KubeObject): void {
    if (!this.running) return;
    const { namespace, name, uid } = pod.metadata;
    // After the last status write lands, so the final state is visible before the pod goes.
    void this.statusWriter.settled(pod).then(() =>
      this.client.noResult.delete({ ...R.pods, namespace, name }, { gracePeriodSeconds: 0, preconditions: { uid } }).catch((e) => {
        if (!isNotFound(e) && !isConflict(e)) this.options.log(`deleting pod ${namespace}/${name} failed: ${String(e)}`, 'W');
      }),
    );
  }

  imagesChanged(): void {
    this.statusDirty = true;
  }

  private admittedUsage(): AdmittedUsage {
    const used = { pods: 0, milliCPU: 0, memory: 0 };
    for (const w of this.workers.values()) {
      if (w.isTerminal) continue;
      used.pods++;
      used.milliCPU += w.requests.milliCPU;
      used.memory += w.requests.memory;
    }
    return used;
  }

  private nodeRef(): KubeObject {
    // kubelet's node events name the node by name as uid, as upstream does.
    return { apiVersion: 'v1', kind: 'Node', metadata: { name: this.nodeName, uid: this.nodeName } };
  }

  private async register(): Promise<void> {
    let node: KubeObject;
    try {
      node = await this.client.create(R.nodes, registrationObject(this.options.spec, this.options.addresses));
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      node = await this.client.get({ ...R.nodes, name: this.nodeName });
    }
    this.uid = node.metadata.uid;
    this.registered = true;
    await this.reportStatus(this.clock.now());
  }

  private async reportStatus(now: number): Promise<void> {
    this.statusDirty = false;
    this.lastStatusReport = now;
    try {
      await this.sendStatus(now);
    } catch (e) {
      this.statusDirty = true;
      if (isNotFound(e)) this.registered = false;
      this.options.log(`kubelet/${this.nodeName}: node status update failed: ${String(e)}`, 'W');
      if (isNotFound(e) && this.running) void this.register().catch(() => undefined);
    }
  }

  /**
   * Builds and sends the node's status. Apart from reportStatus so that nothing of the status
   * (its image list) stays alive while the answer is awaited: a suspended async function
   * keeps all its locals (V8).
   */
  private sendStatus(now: number): Promise<void> {
    const status = nodeStatus(this.options.spec, this.options.addresses, this.runtime, new Date(now).toISOString().replace(/\.\d+Z$/, 'Z'), this.transitions);
    return this.client.noResult.patch({ ...R.nodes, name: this.nodeName, subresource: 'status' }, { status }, 'merge');
  }

  /** The lease as renewed at `now`, without managedFields (the server then keeps the stored ones and parses less). */
  private renewed(lease: KubeObject, now: number): Promise<KubeObject> {
    const { managedFields: _unused, ...metadata } = lease.metadata;
    return this.client.update<KubeObject>(this.leaseRef, { ...lease, metadata, spec: { ...lease.spec, renewTime: microTime(now) } });
  }

  private async renewLease(now: number): Promise<void> {
    if (this.leaseBusy) return;
    this.leaseBusy = true;
    const ref = this.leaseRef;
    try {
      if (this.lease) {
        // The renewed copy is built apart: this frame, suspended until the answer, keeps its locals.
        this.lease = await this.renewed(this.lease, now);
      } else {
        this.lease = await this.client.create<KubeObject>({ ...R.leases, namespace: 'kube-node-lease' }, this.newLease(now));
      }
    } catch (e) {
      // Lost a race or the lease was removed: read it (or create it) on the next beat.
      this.lease = isConflict(e) ? await this.client.get<KubeObject>(ref).catch(() => undefined) : undefined;
      if (!isConflict(e) && !isNotFound(e)) this.options.log(`kubelet/${this.nodeName}: lease renewal failed: ${String(e)}`, 'W');
    } finally {
      this.leaseBusy = false;
    }
  }

  private newLease(now: number): KubeObject {
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.nodeName,
        namespace: 'kube-node-lease',
        ownerReferences: this.uid ? [{ apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid: this.uid }] : undefined,
      },
      spec: { holderIdentity: this.nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime(now) },
    };
  }
}
