// How fast this machine is right now: shared VMs here vary ~1.8x in speed from hour to hour, so
// end-to-end times are comparable only with the machine's speed beside them. The probe is a
// fixed piece of the API server's kind of work (JSON text of a pod, parsed and written back),
// timed on one thread; the figure is its median in ms (lower is faster). Steal: the share of
// CPU time the hypervisor gave to others, from /proc/stat.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { typicalPod } from './apiserver-support';

const ROUNDS = 15;
const PER_ROUND = 2000;

/** Median ms of ROUNDS rounds of PER_ROUND JSON round trips of a pod. */
export function machineSpeedMs(): number {
  const text = JSON.stringify(typicalPod('probe', 'default'));
  const times: number[] = [];
  let keep = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < PER_ROUND; i++) keep += JSON.stringify(JSON.parse(text)).length;
    times.push(performance.now() - t0);
  }
  if (keep === 0) throw new Error('unreachable: the probe produced no text');
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** The probe in a fresh node process (machine-speed-probe.ts), in ms. */
export function machineSpeedMsInChild(): number {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'machine-speed-probe.ts')], { encoding: 'utf8' });
  const ms = Number(r.stdout.trim());
  if (r.status !== 0 || !Number.isFinite(ms)) throw new Error(`machine speed probe failed: ${r.stderr || r.stdout}`);
  return ms;
}

/** The machine's CPU time so far in clock ticks: all, and stolen by the hypervisor. */
export function cpuTicks(): { total: number; steal: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user)
  return { total: f.slice(0, 8).reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
}

/** The share of CPU time stolen between two readings, in percent. */
export function stealPercent(before: { total: number; steal: number }, after: { total: number; steal: number }): number {
  const total = after.total - before.total;
  return total > 0 ? (100 * (after.steal - before.steal)) / total : 0;
}
