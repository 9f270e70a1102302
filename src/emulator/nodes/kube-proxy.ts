// kube-proxy's side of the simulation: one loop watches Services and EndpointSlices and
// "programs the rules" (debounced by minSyncPeriod, as kube-proxy does). Every node's
// kube-proxy container reports the syncs in its log, and rulesSynced(node) says whether
// (and when) that node's rules last caught up.
import type { Clock, Timer } from '../../kube/clock';
import type { ControlLoop, ControlLoopContext } from '../control-loop';
import { R } from '../client/paths';
import { klog, type LogLine } from './container-logs';
import { normalizeImage } from './image-catalog';

/** kube-proxy's default minSyncPeriod. */
const MIN_SYNC_MS = 1000;
const HISTORY = 200;

export interface RulesSync {
  atMs: number;
  services: number;
  endpoints: number;
  elapsedMs: number;
}

export class KubeProxyRules implements ControlLoop {
  readonly name = 'kube-proxy';
  private readonly history: RulesSync[] = [];
  private pending?: Timer;
  private lastSyncAt = 0;
  private started = false;
  private readonly clock: Clock;

  constructor(private readonly ctx: ControlLoopContext) {
    this.clock = ctx.clock;
  }

  start(): void {
    // Shared by every node group of a context: only the first start subscribes.
    if (this.started) return;
    this.started = true;
    const changed = () => this.requestSync();
    for (const ref of [R.services, R.endpointSlices]) this.ctx.informers.for(ref).on({ add: changed, update: changed, delete: changed });
  }

  stop(): void {
    this.started = false;
    this.pending?.cancel();
    this.pending = undefined;
  }

  /** The last sync at or before `now` (every running kube-proxy applies the same rules). */
  lastSync(): RulesSync | undefined {
    return this.history[this.history.length - 1];
  }

  /** Lines a kube-proxy container on `hostIP` logged between `fromMs` and `toMs`. */
  logLines(hostIP: string, image: string, fromMs: number, toMs: number): LogLine[] {
    if (!/kube-proxy/.test(normalizeImage(image))) return [];
    const at = (ms: number, source: string, msg: string): LogLine => ({ atMs: ms, text: klog(ms, source, msg) });
    const lines: LogLine[] = [
      at(fromMs, 'server_linux.go:53', '"Using iptables proxy"'),
      at(fromMs + 30, 'server.go:715', `"Successfully retrieved node IP(s)" IPs=["${hostIP}"]`),
      at(fromMs + 32, 'server_linux.go:132', '"Using iptables Proxier"'),
      at(fromMs + 40, 'config.go:199', '"Starting service config controller"'),
      at(fromMs + 40, 'config.go:105', '"Starting endpoint slice config controller"'),
      at(fromMs + 41, 'config.go:329', '"Starting node config controller"'),
      at(fromMs + 140, 'shared_informer.go:357', '"Caches are synced" controller="service config"'),
      at(fromMs + 140, 'shared_informer.go:357', '"Caches are synced" controller="endpoint slice config"'),
    ];
    const last = [...this.history].reverse().find((s) => s.atMs <= fromMs);
    const syncs = this.history.filter((s) => s.atMs > fromMs && s.atMs <= toMs);
    // A new kube-proxy programs the current rules at once, then follows every change.
    if (last) syncs.unshift({ ...last, atMs: fromMs + 150 });
    for (const s of syncs) {
      lines.push(at(s.atMs, 'proxier.go:805', '"Syncing iptables rules"'));
      lines.push(at(s.atMs + Math.ceil(s.elapsedMs), 'proxier.go:1547', `"SyncProxyRules complete" elapsed="${s.elapsedMs.toFixed(1)}ms" services=${s.services} endpoints=${s.endpoints}`));
    }
    return lines;
  }

  private requestSync(): void {
    if (this.pending) return;
    const wait = Math.max(0, this.lastSyncAt + MIN_SYNC_MS - this.clock.now());
    this.pending = this.clock.setTimeout(() => {
      this.pending = undefined;
      this.sync();
    }, wait);
  }

  private sync(): void {
    const started = performance.now();
    const services = this.ctx.informers.for(R.services).size;
    let endpoints = 0;
    for (const slice of this.ctx.informers.for(R.endpointSlices).list()) {
      for (const e of (slice as any).endpoints ?? []) if (e.conditions?.ready !== false) endpoints++;
    }
    this.lastSyncAt = this.clock.now();
    this.history.push({ atMs: this.lastSyncAt, services, endpoints, elapsedMs: Math.max(0.5, performance.now() - started) });
    if (this.history.length > HISTORY) this.history.shift();
  }
}
