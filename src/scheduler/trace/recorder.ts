// Records plugin results into the current SchedulingTrace by wrapping each plugin in a
// decorator (as kube-scheduler-simulator does), so plugins themselves know nothing of
// tracing. Recording is cheap: filter passes are implied, scores are pushed into arrays.
import type { AnyPlugin, NodeToStatus, PreFilterResult } from '../framework/interfaces';
import { isStatus } from '../framework/interfaces';
import { Code, type MaybeStatus, type Status } from '../framework/status';
import type { SchedulingTrace, TracePluginResult, TraceScorePlugin } from './types';

function result(plugin: string, s: MaybeStatus): TracePluginResult {
  if (!s || s.code === Code.Success) return { plugin, code: Code.Success };
  return s.reasons.length ? { plugin, code: s.code, reasons: s.reasons.slice() } : { plugin, code: s.code };
}

export class TraceRecorder {
  current: SchedulingTrace | undefined;
  /** Above zero while preemption dry-runs filters: those runs are not the attempt's filter results. */
  private paused = 0;
  private scorePlugins = new Map<string, TraceScorePlugin>();

  begin(trace: SchedulingTrace, scorePlugins: Array<{ name: string; weight: number }>): void {
    this.current = trace;
    this.paused = 0;
    this.scorePlugins = new Map();
    trace.filterRejections = [];
    for (const { name, weight } of scorePlugins) this.scorePlugins.set(name, { plugin: name, weight });
  }

  /** Completes the score section: derives normalized/weighted arrays the plugins did not touch. */
  end(nodes: string[] | undefined, totals: number[] | undefined): SchedulingTrace | undefined {
    const t = this.current;
    this.current = undefined;
    if (!t) return undefined;
    if (nodes && totals) {
      const plugins: TraceScorePlugin[] = [];
      for (const p of this.scorePlugins.values()) {
        if (!p.raw) {
          plugins.push({ plugin: p.plugin, weight: p.weight, skipped: true });
          continue;
        }
        // Plugins without NormalizeScore keep raw scores; share the array rather than copy it.
        p.normalized ??= p.raw;
        p.weighted = p.weight === 1 ? p.normalized : p.normalized.map((v) => v * p.weight);
        plugins.push(p);
      }
      t.scores = { nodes, plugins, totals };
    }
    return t;
  }

  private push(list: 'preEnqueue' | 'preFilter' | 'postFilter' | 'preScore' | 'reserve' | 'permit' | 'preBind' | 'bind', r: TracePluginResult): void {
    const t = this.current;
    if (!t || this.paused > 0) return;
    (t[list] ??= []).push(r);
  }

  /** Wraps every extension point `plugin` implements with a recording decorator. */
  decorate(plugin: AnyPlugin): AnyPlugin {
    const rec = this;
    const name = plugin.name;
    const d: AnyPlugin = { name };
    if (plugin.less) d.less = plugin.less.bind(plugin);
    if (plugin.eventsToRegister) d.eventsToRegister = plugin.eventsToRegister.bind(plugin);
    if (plugin.preEnqueue) {
      const f = plugin.preEnqueue.bind(plugin);
      d.preEnqueue = (pod) => {
        const s = f(pod);
        rec.push('preEnqueue', result(name, s));
        return s;
      };
    }
    if (plugin.preFilter) {
      const f = plugin.preFilter.bind(plugin);
      d.preFilter = (state, pod, nodes) => {
        const r = f(state, pod, nodes);
        if (r === undefined || isStatus(r)) rec.push('preFilter', result(name, r));
        else {
          rec.push('preFilter', { plugin: name, code: Code.Success });
          if (rec.current && rec.paused === 0) rec.current.preFilterNodeNames = [...(r as PreFilterResult).nodeNames];
        }
        return r;
      };
      if (plugin.preFilterExtensions) d.preFilterExtensions = plugin.preFilterExtensions;
    }
    if (plugin.filter) {
      const f = plugin.filter.bind(plugin);
      d.filter = (state, pod, nodeInfo) => {
        const s = f(state, pod, nodeInfo);
        if (s && s.code !== Code.Success && rec.current && rec.paused === 0) {
          rec.current.filterRejections!.push({ node: nodeInfo.name, plugin: name, code: s.code, reasons: s.reasons.slice() });
        }
        return s;
      };
    }
    if (plugin.postFilter) {
      const f = plugin.postFilter.bind(plugin);
      d.postFilter = (state, pod, filtered: NodeToStatus) => {
        rec.paused++;
        let out: { result?: { nominatedNodeName?: string; victims?: any[] }; status: Status };
        try {
          out = f(state, pod, filtered);
        } finally {
          rec.paused--;
        }
        rec.push('postFilter', result(name, out.status));
        return out;
      };
    }
    if (plugin.preScore) {
      const f = plugin.preScore.bind(plugin);
      d.preScore = (state, pod, nodes) => {
        const s = f(state, pod, nodes);
        rec.push('preScore', result(name, s));
        return s;
      };
    }
    if (plugin.score) {
      const f = plugin.score.bind(plugin);
      d.score = (state, pod, nodeInfo) => {
        const v = f(state, pod, nodeInfo);
        const p = rec.paused === 0 ? rec.scorePlugins.get(name) : undefined;
        if (p && typeof v === 'number') (p.raw ??= []).push(v);
        return v;
      };
      if (plugin.normalizeScore) {
        const n = plugin.normalizeScore.bind(plugin);
        d.normalizeScore = (state, pod, nodes, scores) => {
          const s = n(state, pod, nodes, scores);
          const p = rec.paused === 0 ? rec.scorePlugins.get(name) : undefined;
          if (p) p.normalized = scores.slice();
          return s;
        };
      }
    }
    if (plugin.reserve) {
      const f = plugin.reserve.bind(plugin);
      d.reserve = (state, pod, node) => {
        const s = f(state, pod, node);
        rec.push('reserve', result(name, s));
        return s;
      };
      d.unreserve = plugin.unreserve!.bind(plugin);
    }
    if (plugin.permit) {
      const f = plugin.permit.bind(plugin);
      d.permit = (state, pod, node) => {
        const s = f(state, pod, node);
        rec.push('permit', result(name, s));
        return s;
      };
    }
    if (plugin.preBind) {
      const f = plugin.preBind.bind(plugin);
      d.preBind = (state, pod, node) => {
        const s = f(state, pod, node);
        rec.push('preBind', result(name, s));
        return s;
      };
    }
    if (plugin.bind) {
      const f = plugin.bind.bind(plugin);
      d.bind = (state, pod, node) => {
        const r = f(state, pod, node);
        rec.push('bind', result(name, r.status));
        return r;
      };
    }
    return d;
  }
}
