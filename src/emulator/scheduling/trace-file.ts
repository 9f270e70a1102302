// kube-scheduler's latest records saved in the emulator's state folder when it stops and read
// back when it starts, so "why is this pod here" survives a restart (a window reload, or the
// window that started the emulator closing). Newest first up to a byte budget; the file is
// the user's to edit or damage, so what it holds is checked before it is used.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { SchedulingTrace } from '../../scheduler/index';
import type { Log } from '../log';

/** The file's own name in the state folder. */
export const TRACE_FILE_NAME = 'scheduling-traces.json';

/** Saved records at most (JSON bytes): at 5,000 nodes one attempt is ~0.3 MB, at 3 nodes ~2 KB. */
export const DEFAULT_TRACE_FILE_BYTES = 16 * 1024 * 1024;

interface TraceFile {
  kind: 'SchedulingTraceList';
  version: 1;
  /** Oldest first. */
  traces: unknown[];
}

/** Writes the newest of `traces` (oldest first) that fit in `maxBytes`, atomically. */
export function saveTraces(file: string, traces: readonly SchedulingTrace[], maxBytes = DEFAULT_TRACE_FILE_BYTES): number {
  const kept: string[] = [];
  let bytes = 0;
  for (let i = traces.length - 1; i >= 0; i--) {
    const json = JSON.stringify(traces[i]);
    if (bytes + json.length + 1 > maxBytes) break;
    kept.push(json);
    bytes += json.length + 1;
  }
  kept.reverse();
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `{"kind":"SchedulingTraceList","version":1,"traces":[${kept.join(',')}]}`, { mode: 0o600 });
  renameSync(tmp, file);
  return kept.length;
}

/** The records saved in `file`, oldest first; none when it is missing, and a log line for what is unusable. */
export function loadTraces(file: string, log: Log): SchedulingTrace[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    log(`scheduling records: ignored ${file}: ${e instanceof Error ? e.message : String(e)}`, 'W');
    return [];
  }
  const list = parsed as Partial<TraceFile> | null;
  if (!list || list.kind !== 'SchedulingTraceList' || list.version !== 1 || !Array.isArray(list.traces)) {
    log(`scheduling records: ignored ${file}: not a SchedulingTraceList of version 1`, 'W');
    return [];
  }
  const traces = list.traces.filter(isTrace);
  if (traces.length < list.traces.length) log(`scheduling records: ${list.traces.length - traces.length} of ${list.traces.length} in ${file} are not scheduling attempts; skipped`, 'W');
  return traces;
}

/** Discards the saved records (a fresh start). */
export function removeTraces(file: string): void {
  rmSync(file, { force: true });
}

/** The fields every record has, with the right types (the ring checks the rest as it packs them). */
function isTrace(t: unknown): t is SchedulingTrace {
  const o = t as Partial<SchedulingTrace> | null;
  if (!o || typeof o !== 'object' || typeof o.attempt !== 'number' || !Number.isInteger(o.attempt) || o.attempt < 1) return false;
  const pod = o.pod as { name?: unknown; namespace?: unknown } | undefined;
  if (!pod || typeof pod !== 'object' || typeof pod.name !== 'string' || pod.name === '' || typeof pod.namespace !== 'string') return false;
  return typeof o.schedulerName === 'string' && typeof o.startTime === 'string' && typeof o.outcome === 'string' && typeof o.detailed === 'boolean';
}
