// Past a heap size, let the heap grow less between full collections. V8 sizes the next
// full-GC limit from the live heap by a factor it picks from GC speed (often 1.6-4x); at
// 150,000 pods (live heap ~2.1 GB) that made the emulator's RSS 3.8 GB. A fixed 35 % growth
// there gave 3.4 GB for ~+2 s of incremental marking over a 284 s run (41 full GCs instead of
// 17; docs/bench/emulator-scale.md, session 4). Below the threshold nothing changes: on small
// heaps the same setting multiplies full GCs for little memory (+40-50 % CPU per pod at 15,000
// pods measured with 20 %). V8 reads the setting at every full GC, so setting it at runtime
// takes effect (checked: same number of full GCs as the command-line flag).

import type { Log } from './log';

export interface HeapGrowthOptions {
  /** Used heap, in bytes, above which growth is limited (default 1 GiB). */
  thresholdBytes?: number;
  /** Growth between full collections once above the threshold, in percent (default 35). */
  growthPercent?: number;
  /** How often to look at the heap (default every 5 s). */
  intervalMs?: number;
  usedHeapBytes: () => number;
  setV8Flags: (flags: string) => void;
  log: Log;
}

/** Starts watching the heap; returns a function that stops watching. */
export function limitHeapGrowthWhenLarge(options: HeapGrowthOptions): () => void {
  const threshold = options.thresholdBytes ?? 1024 ** 3;
  const percent = options.growthPercent ?? 35;
  const check = (): boolean => {
    if (options.usedHeapBytes() < threshold) return false;
    options.setV8Flags(`--heap-growing-percent=${percent}`);
    options.log(`heap above ${Math.round(threshold / 1024 ** 2)} MiB: it now grows by ${percent} % between full collections, to keep memory down`);
    return true;
  };
  if (check()) return () => undefined;
  const timer = setInterval(() => {
    if (check()) clearInterval(timer);
  }, options.intervalMs ?? 5000);
  timer.unref();
  return () => clearInterval(timer);
}
