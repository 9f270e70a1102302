// The sentence on top of a decision: why the chosen node won (the Score plugins where it beat
// the runner-up), which Filter plugins excluded which nodes, ties said as ties, and for an
// unschedulable pod the gist of the FailedScheduling message.
import type { DecisionRow, DecisionTable } from '../../webview/protocol/trace-messages.js';

/** Up to this many nodes are named; more are counted. */
const NAMED_NODES = 3;

const count = (n: number): string => n.toLocaleString('en-US');

/** "a", "a and b", "a, b and c". */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export function decisionSummary(table: DecisionTable): string {
  if (table.outcome === 'Error') return `kube-scheduler failed with an error: ${table.message ?? 'no message recorded'}`;
  if (table.outcome === 'Unschedulable') return unschedulableSummary(table);
  const chosen = table.rows.find((r) => r.verdict === 'chosen');
  const node = chosen?.node ?? table.nodeName ?? 'the node';
  if (!table.detailed || !chosen) {
    const only = table.detailed ? '' : ' (kube-scheduler recorded only the outcome of this attempt)';
    return `Scheduled to ${node}${only}`;
  }
  const parts = [winSentence(table, chosen)];
  const excluded = exclusions(table, false);
  if (excluded) parts.push(excluded);
  const skipped = notEvaluated(table);
  if (skipped) parts.push(skipped);
  return parts.join('; ');
}

/** "4,500 nodes not evaluated (percentageOfNodesToScore 10%)": kube-scheduler stopped searching early. */
function notEvaluated(table: DecisionTable): string | undefined {
  const prefiltered = table.rows.filter((r) => r.verdict === 'excluded-by-prefilter').length;
  const skipped = table.rows.filter((r) => r.verdict === 'not-evaluated').length + (table.unlistedNodes ?? 0);
  const out: string[] = [];
  if (prefiltered > 0) out.push(`${count(prefiltered)} ${prefiltered === 1 ? 'node' : 'nodes'} ruled out by PreFilter`);
  if (skipped > 0) {
    const pct = table.sampling && table.sampling.numNotEvaluated > 0 ? ` (percentageOfNodesToScore ${table.sampling.percentageOfNodesToScore}%)` : '';
    out.push(`${count(skipped)} ${skipped === 1 ? 'node' : 'nodes'} not evaluated${pct}`);
  }
  return out.length ? out.join('; ') : undefined;
}

function winSentence(table: DecisionTable, chosen: DecisionRow): string {
  const feasible = table.rows.filter((r) => r.verdict === 'feasible');
  if (feasible.length === 0) {
    const notEvaluated = table.rows.filter((r) => r.verdict === 'not-evaluated').length + (table.unlistedNodes ?? 0);
    return notEvaluated > 0 ? `${chosen.node} was the only node evaluated that passed every filter` : `${chosen.node} was the only node that passed every filter`;
  }
  const tied = feasible.filter((r) => r.tiedWithChosen);
  if (tied.length > 0) {
    const others = tied.length <= NAMED_NODES ? joinWords(tied.map((r) => r.node)) : `${count(tied.length)} other nodes`;
    const total = chosen.total !== undefined ? ` at ${chosen.total}` : '';
    return `${chosen.node} tied with ${others} on total score${total} and was picked at random`;
  }
  let runnerUp: DecisionRow | undefined;
  for (const r of feasible) if (r.total !== undefined && (!runnerUp || r.total > runnerUp.total!)) runnerUp = r;
  if (!runnerUp || chosen.total === undefined) return `${chosen.node} was picked`;
  if (runnerUp.total! > chosen.total) return `${chosen.node} was picked although ${runnerUp.node} scored higher (${runnerUp.total} vs ${chosen.total})`;
  const won: string[] = [];
  for (let i = 0; i < table.scorePlugins.length; i++) {
    const a = chosen.scores[i]?.weighted;
    const b = runnerUp.scores[i]?.weighted;
    if (a !== undefined && b !== undefined && a > b) won.push(table.scorePlugins[i].plugin);
  }
  return won.length ? `${chosen.node} won on ${joinWords(won)}` : `${chosen.node} won on total score (${chosen.total} vs ${runnerUp.total})`;
}

/** "whale1 excluded by TaintToleration; 3,997 nodes excluded by NodeResourcesFit (Insufficient cpu)". */
function exclusions(table: DecisionTable, withReasons: boolean): string {
  const rows = table.rows;
  const byPlugin = new Map<string, DecisionRow[]>();
  for (const r of rows) {
    if (r.verdict !== 'filtered') continue;
    const plugin = r.rejectedBy ?? 'a filter';
    let list = byPlugin.get(plugin);
    if (!list) byPlugin.set(plugin, (list = []));
    list.push(r);
  }
  // Most nodes first; equal counts in the order the filters run.
  const order = (plugin: string): number => {
    const i = table.filterPlugins.indexOf(plugin);
    return i < 0 ? table.filterPlugins.length : i;
  };
  const groups = [...byPlugin].sort((a, b) => b[1].length - a[1].length || order(a[0]) - order(b[0]));
  return groups
    .map(([plugin, list]) => {
      const who = list.length <= NAMED_NODES ? joinWords(list.map((r) => r.node)) : `${count(list.length)} nodes`;
      const reasons = withReasons || list.length > NAMED_NODES ? commonReasons(list) : '';
      return `${who} excluded by ${plugin}${reasons ? ` (${reasons})` : ''}`;
    })
    .join('; ');
}

/** The one or two most frequent reasons, e.g. "Insufficient cpu" or "Insufficient cpu, Insufficient memory...". */
function commonReasons(rows: readonly DecisionRow[]): string {
  const n = new Map<string, number>();
  for (const r of rows) for (const reason of r.reasons ?? []) n.set(reason, (n.get(reason) ?? 0) + 1);
  const top = [...n].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = top.slice(0, 2).map(([reason]) => reason);
  return shown.join(', ') + (top.length > 2 ? '...' : '');
}

function unschedulableSummary(table: DecisionTable): string {
  const rejected = table.rows.filter((r) => r.verdict === 'filtered');
  let head: string;
  if (table.detailed && rejected.length > 0) {
    head = `No node fits: ${exclusions(table, true)}`;
  } else {
    const gist = messageGist(table.message);
    head = gist ? `No node fits: ${gist}` : 'Not scheduled';
  }
  const preemption = preemptionGist(table);
  return preemption ? `${head}. ${preemption}` : head;
}

/** "0/3 nodes are available: 2 Insufficient cpu. preemption: ..." -> "2 Insufficient cpu". */
export function messageGist(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const head = message.split(' preemption: ')[0].trim();
  const m = /^0\/\d+ nodes are available:\s*(.*?)\.?$/s.exec(head);
  return m ? m[1] || undefined : head.replace(/\.$/, '');
}

function preemptionGist(table: DecisionTable): string | undefined {
  const p = table.preemption;
  if (p?.nominatedNodeName) {
    const victims = p.victims?.length ?? 0;
    const waits = victims > 0 ? `; the pod waits there for ${victims === 1 ? '1 victim' : `${count(victims)} victims`} to be evicted` : '';
    return `Preemption nominated ${p.nominatedNodeName}${waits}.`;
  }
  const text = p?.message ?? (table.message?.includes(' preemption: ') ? table.message : undefined);
  if (text && /preemption: /.test(text)) return 'Preemption would not help.';
  return undefined;
}
