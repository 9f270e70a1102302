// pickOneNodeForPreemption: kube-scheduler's tie-breaking order among candidate nodes.
import type { Pod } from '../api/types';
import type { PodInfo } from '../framework/pod-info';

export interface Candidate {
  nodeName: string;
  /** Sorted from most to least important. */
  victims: PodInfo[];
  numPDBViolations: number;
}

function startTime(p: Pod): number {
  const t = p.status?.startTime ?? p.metadata.creationTimestamp;
  return t ? Date.parse(t) : Number.MAX_SAFE_INTEGER;
}

/** Keeps the candidates with the lowest `score`. */
function lowest(cands: Candidate[], score: (c: Candidate) => number): Candidate[] {
  let min = Infinity;
  let out: Candidate[] = [];
  for (const c of cands) {
    const s = score(c);
    if (s < min) {
      min = s;
      out = [c];
    } else if (s === min) out.push(c);
  }
  return out;
}

/**
 * 1. no victims at all; 2. fewest PDB violations; 3. lowest highest-victim priority;
 * 4. lowest sum of victim priorities; 5. fewest victims; 6. latest start time among the
 * highest-priority victims; 7. the first remaining.
 */
export function pickOneNodeForPreemption(candidates: Candidate[]): Candidate {
  const free = candidates.find((c) => c.victims.length === 0);
  if (free) return free;
  let c = lowest(candidates, (x) => x.numPDBViolations);
  if (c.length > 1) c = lowest(c, (x) => x.victims[0].priority);
  // Priorities shifted to be non-negative before summing, as upstream does.
  if (c.length > 1) c = lowest(c, (x) => x.victims.reduce((s, v) => s + v.priority + 2147483648, 0));
  if (c.length > 1) c = lowest(c, (x) => x.victims.length);
  if (c.length > 1) {
    c = lowest(c, (x) => {
      const top = x.victims[0].priority;
      let earliest = Infinity;
      for (const v of x.victims) if (v.priority === top) earliest = Math.min(earliest, startTime(v.pod));
      return -earliest;
    });
  }
  return c[0];
}
