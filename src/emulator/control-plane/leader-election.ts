// Leader election through a coordination.k8s.io Lease, as client-go's leaderelection with
// kube-scheduler's and kube-controller-manager's defaults (lease 15 s, renew deadline 10 s,
// retry every 2 s). One elector per control-plane member; the loops run while one leads.
import { randomUUID } from 'node:crypto';
import type { Clock, Timer } from '../../kube/clock';
import type { KubeObject } from '../../kube/object';
import { isAlreadyExists, isConflict, isNotFound, type LoopbackClient } from '../client/loopback-client';
import { R } from '../client/paths';
import { prefixedLog, type Log } from '../log';

export const LEASE_DURATION_SECONDS = 15;
export const RENEW_DEADLINE_MS = 10_000;
export const RETRY_PERIOD_MS = 2_000;

export interface LeaderElectorOptions {
  /** The Lease's name in kube-system, e.g. "kube-scheduler". */
  lease: string;
  /** The control-plane node this candidate runs on; identity is `<node>_<uuid>`. */
  node: string;
  client: LoopbackClient;
  clock: Clock;
  onStartedLeading(): void;
  onStoppedLeading(): void;
  log?: Log;
}

/** RFC 3339 with microseconds, as metav1.MicroTime serializes. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class LeaderElector {
  readonly identity: string;
  private timer?: Timer;
  private leading = false;
  private lastRenew = 0;
  private running = false;

  constructor(private readonly o: LeaderElectorOptions) {
    this.identity = `${o.node}_${randomUUID()}`;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** Starts campaigning (and renewing once leading). */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.tick();
    this.timer = this.o.clock.setInterval(() => void this.tick(), RETRY_PERIOD_MS);
  }

  /** The candidate stops (a crash, not a graceful release): the lease expires on its own. */
  stop(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
    this.setLeading(false);
  }

  /** A graceful shutdown (ReleaseOnCancel): the next candidate need not wait for expiry. */
  async release(): Promise<void> {
    const wasLeading = this.leading;
    this.stop();
    if (!wasLeading) return;
    const ref = { ...R.leases, namespace: 'kube-system', name: this.o.lease };
    try {
      const lease = await this.o.client.get(ref);
      if (lease.spec?.holderIdentity !== this.identity) return;
      const now = microTime(this.o.clock.now());
      await this.o.client.update(ref, { ...lease, spec: { ...lease.spec, holderIdentity: null, leaseDurationSeconds: 1, renewTime: now, acquireTime: now } });
    } catch {
      // Best effort, as upstream: the lease then simply expires.
    }
  }

  private setLeading(leading: boolean): void {
    if (this.leading === leading) return;
    this.leading = leading;
    if (leading) {
      this.o.log?.(`successfully acquired lease kube-system/${this.o.lease}`);
      this.o.onStartedLeading();
      return;
    }
    // kube-scheduler and kube-controller-manager log this and exit; a candidate stopped on
    // purpose (fault injection, shutdown) says nothing.
    if (this.running) this.o.log?.('leaderelection lost', 'E');
    this.o.onStoppedLeading();
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    const now = this.o.clock.now();
    try {
      const ok = await this.tryAcquireOrRenew(now);
      if (!this.running) return;
      if (ok) {
        this.lastRenew = now;
        this.setLeading(true);
      } else this.setLeading(false);
    } catch (e) {
      // Writes failing (etcd down): keep leading until the renew deadline passes.
      if (this.leading && now - this.lastRenew > RENEW_DEADLINE_MS) {
        this.o.log?.(`failed to renew lease kube-system/${this.o.lease}: ${e instanceof Error ? e.message : String(e)}`, 'W');
        this.setLeading(false);
      }
    }
  }

  private async tryAcquireOrRenew(now: number): Promise<boolean> {
    const ref = { ...R.leases, namespace: 'kube-system', name: this.o.lease };
    let lease: KubeObject;
    try {
      lease = await this.o.client.get(ref);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      const spec = { holderIdentity: this.identity, leaseDurationSeconds: LEASE_DURATION_SECONDS, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0 };
      try {
        await this.o.client.create({ ...R.leases, namespace: 'kube-system' }, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.o.lease, namespace: 'kube-system' }, spec });
        return true;
      } catch (err) {
        if (isAlreadyExists(err)) return false;
        throw err;
      }
    }
    const spec = (lease.spec ?? {}) as { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string; acquireTime?: string; leaseTransitions?: number };
    const mine = spec.holderIdentity === this.identity;
    const renewedAt = spec.renewTime ? Date.parse(spec.renewTime) : 0;
    const expired = !spec.holderIdentity || renewedAt + (spec.leaseDurationSeconds ?? LEASE_DURATION_SECONDS) * 1000 < now;
    if (!mine && !expired) return false;
    const next = {
      ...spec,
      holderIdentity: this.identity,
      leaseDurationSeconds: LEASE_DURATION_SECONDS,
      renewTime: microTime(now),
      ...(mine ? {} : { acquireTime: microTime(now), leaseTransitions: (spec.leaseTransitions ?? 0) + (spec.holderIdentity ? 1 : 0) }),
    };
    try {
      await this.o.client.update(ref, { ...lease, spec: next });
      return true;
    } catch (e) {
      if (isConflict(e)) return false;
      throw e;
    }
  }
}

/** The candidates of one component (one per control-plane member); `onChange` says whether any leads. */
export class LeaderElectionGroup {
  readonly electors = new Map<string, LeaderElector>();
  private leaderCount = 0;

  constructor(
    readonly lease: string,
    members: string[],
    client: LoopbackClient,
    clock: Clock,
    private readonly onChange: (leading: boolean, holder: string | undefined) => void,
    log?: Log,
  ) {
    for (const node of members) {
      const e: LeaderElector = new LeaderElector({
        lease,
        node,
        client,
        clock,
        // Each member is its own process in a cluster: its lines name its static pod.
        log: log && prefixedLog(log, `${lease}-${node}`),
        onStartedLeading: () => this.changed(+1, e.identity),
        onStoppedLeading: () => this.changed(-1, undefined),
      });
      this.electors.set(node, e);
    }
  }

  get leader(): string | undefined {
    for (const e of this.electors.values()) if (e.isLeader) return e.identity;
    return undefined;
  }

  /** Starts or stops the candidate on `node` (fault injection stops a member's component). */
  setRunning(node: string, running: boolean): void {
    const e = this.electors.get(node);
    if (!e) return;
    if (running) e.start();
    else e.stop();
  }

  startAll(): void {
    for (const e of this.electors.values()) e.start();
  }

  stopAll(): void {
    for (const e of this.electors.values()) e.stop();
  }

  async releaseAll(): Promise<void> {
    await Promise.all([...this.electors.values()].map((e) => e.release()));
  }

  private changed(delta: number, holder: string | undefined): void {
    this.leaderCount = Math.max(0, this.leaderCount + delta);
    this.onChange(this.leaderCount > 0, holder ?? this.leader);
  }
}
