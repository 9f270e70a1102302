// How far V8 lets the emulator's heaps grow between full collections, chosen from a memory
// budget. V8 sizes each heap's next full-GC limit from its live size by a factor it picks
// from GC speed (often 1.6-4x); at 150,000 pods that made the emulator's RSS 3.8 GB. A fixed
// 35 % growth above 1 GiB kept it near 3 GB but cost 45 + 25 full collections per run once
// the live heaps had shrunk to ~1.2 GB together (docs/bench/emulator-scale.md, session 10).
// So: while the heaps' live size times V8's largest factor (4x) fits the budget, V8 decides;
// past that, the growth is what fits (live x (1 + g) <= budget), never less than a floor. V8 reads
// the setting at every full GC and 0 means its own factor, so it can be changed at runtime.

export interface HeapGrowthOptions {
  /** Bytes both heaps may reach together before a full collection (default 1.75 GiB). */
  budgetBytes?: number;
  /** Growth that is never undercut, in percent (default 20: more full GCs cost more than they save). */
  minPercent?: number;
  /** Growth from which on V8's own factor is kept (default 300: V8's largest, 4x, fits). */
  maxPercent?: number;
  /** How often to look at the heaps (default every 2 s). */
  intervalMs?: number;
  /** Samples whose minimum is taken as the live size (default 15: 30 s, several full GCs). */
  windowSamples?: number;
  /** Bytes used now by both heaps together (live data and garbage not yet collected). */
  usedHeapBytes: () => number;
  setV8Flags: (flags: string) => void;
  log: (message: string) => void;
}

const MIB = 1024 ** 2;

/**
 * The growth to set for heaps whose live data is `liveBytes`: 0 (V8's own factor) when even
 * `maxPercent` fits the budget, else what fits, rounded down to 5 %, at least `minPercent`.
 */
export function growthPercentFor(liveBytes: number, budgetBytes: number, minPercent = 20, maxPercent = 300): number {
  const fits = (100 * (budgetBytes - liveBytes)) / Math.max(1, liveBytes);
  if (fits >= maxPercent) return 0;
  return Math.max(minPercent, Math.floor(fits / 5) * 5);
}

/**
 * The smallest of the last `size` samples: used bytes fall to the live size at each full
 * collection and grow between them, so their recent minimum is an estimate of live data.
 */
export class RecentMinimum {
  private readonly samples: number[] = [];

  constructor(private readonly size: number) {}

  add(value: number): number {
    this.samples.push(value);
    if (this.samples.length > this.size) this.samples.shift();
    return Math.min(...this.samples);
  }
}

/** Starts steering the heaps' growth; returns a function that stops (the last setting stays). */
export function limitHeapGrowthToBudget(options: HeapGrowthOptions): () => void {
  const budget = options.budgetBytes ?? 1.75 * 1024 * MIB;
  const live = new RecentMinimum(options.windowSamples ?? 15);
  let current = 0;
  let logged = 0;
  const check = (): void => {
    const estimate = live.add(options.usedHeapBytes());
    const percent = growthPercentFor(estimate, budget, options.minPercent, options.maxPercent);
    if (percent === current) return;
    current = percent;
    options.setV8Flags(`--heap-growing-percent=${percent}`);
    // Logged when limiting starts or stops, and when it moves by 10 points or more.
    if (percent !== 0 && logged !== 0 && Math.abs(percent - logged) < 10) return;
    logged = percent;
    const heaps = `heaps ~${Math.round(estimate / MIB)} MiB live (budget ${Math.round(budget / MIB)} MiB)`;
    options.log(percent === 0 ? `${heaps}: V8 sizes their growth again` : `${heaps}: they now grow by ${percent} % between full collections, to keep memory down`);
  };
  check();
  const timer = setInterval(check, options.intervalMs ?? 2000);
  timer.unref();
  return () => clearInterval(timer);
}
