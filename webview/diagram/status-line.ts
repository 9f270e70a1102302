// The diagram's status line, the one place that says in words what the canvas shows in colour:
// the cluster's counts (kept current by deltas), the search's matches, what the host outlined
// and why, and a one-off note such as an export's result.

export interface StatusFacts {
  clusterName: string;
  nodes: number;
  pods: number;
  /** Slices of a snapshot are still arriving. */
  loading: boolean;
  stale: boolean;
  /** The search text ('' when none). */
  search: string;
  matches: number;
  /** The search stops counting here (`500+ matches`). */
  matchLimit: number;
  outlined: number;
  outlineReason: string;
  note: string;
}

export function statusLine(f: StatusFacts): string {
  const parts = [`${f.clusterName}: ${f.nodes} nodes, ${f.pods} pods${f.loading ? ' (loading…)' : ''}${f.stale ? ' (reconnecting: last known state)' : ''}`];
  if (f.search.trim()) parts.push(`${f.matches}${f.matches >= f.matchLimit ? '+' : ''} matches`);
  if (f.outlined && f.outlineReason) parts.push(`${f.outlined} outlined: ${f.outlineReason}`);
  if (f.note) parts.push(f.note);
  return parts.join(' · ');
}
