// The FailedScheduling message, as kube-scheduler's FitError prints it:
// "0/3 nodes are available: 1 node(s) had untolerated taint {...}, 2 Insufficient cpu.
//  preemption: 0/3 nodes are available: ..." with reasons counted per node and sorted.
import type { Status } from './status';

export interface FitErrorInput {
  numAllNodes: number;
  statuses: Map<string, Status>;
  /** The status of nodes not in `statuses` (e.g. all nodes when PreFilter rejected). */
  absent?: Status;
  /** Set when a PreFilter plugin rejected the pod: replaces the per-node histogram. */
  preFilterMsg?: string;
  /** The PostFilter (preemption) message, e.g. "preemption: 0/3 nodes are available: ...". */
  postFilterMsg?: string;
}

/** "N reason" strings sorted as Go's sort.Strings sorts them (byte order). */
export function reasonHistogram(input: FitErrorInput): string[] {
  const counts = new Map<string, number>();
  for (const s of input.statuses.values()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const absent = input.numAllNodes - input.statuses.size;
  if (input.absent && absent > 0) for (const r of input.absent.reasons) counts.set(r, (counts.get(r) ?? 0) + absent);
  const out: string[] = [];
  for (const [r, n] of counts) out.push(`${n} ${r}`);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function fitErrorMessage(input: FitErrorInput): string {
  let msg = `0/${input.numAllNodes} nodes are available:`;
  if (input.preFilterMsg) {
    msg += ` ${input.preFilterMsg}.`;
  } else {
    const h = reasonHistogram(input);
    if (h.length > 0) msg += ` ${h.join(', ')}.`;
  }
  // kube-scheduler appends "%v." and so printed "pod.." when the preemption message
  // already ended with a period; the message here keeps one.
  if (input.postFilterMsg) msg += input.postFilterMsg.endsWith('.') ? ` ${input.postFilterMsg}` : ` ${input.postFilterMsg}.`;
  return msg;
}
