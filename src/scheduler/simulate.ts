// What-if: place pods one after another on a copy-free snapshot, assuming each, so
// resources and spreading accumulate as they would in the cluster. No I/O.
import type { Pod } from './api/types';
import type { Framework } from './framework/framework';
import { newFramework } from './registry';
import { scheduleOne, type ScheduleOptions, type ScheduleResult } from './schedule-one';
import { Snapshot, type SnapshotObjects } from './snapshot/snapshot';
import type { SchedulingTrace } from './trace/types';

export interface SimulatedPlacement {
  pod: Pod;
  result: ScheduleResult;
  trace: SchedulingTrace;
}

export interface SimulateOptions extends Omit<ScheduleOptions, 'assume'> {
  /** The profile to use; the default profile with traces on when omitted. */
  framework?: Framework;
}

/**
 * Schedules `pods` in order against `snapshot` (a Snapshot, which is changed: each
 * placed pod is assumed on its node; or plain objects, from which a fresh one is built).
 */
export function simulate(snapshot: Snapshot | SnapshotObjects, pods: readonly Pod[], options: SimulateOptions = {}): SimulatedPlacement[] {
  const snap = snapshot instanceof Snapshot ? snapshot : Snapshot.from(snapshot);
  const fw = options.framework ?? newFramework();
  const out: SimulatedPlacement[] = [];
  for (const pod of pods) {
    const { result, trace } = scheduleOne(fw, snap, pod, { ...options, assume: true });
    out.push({ pod, result, trace });
  }
  return out;
}
