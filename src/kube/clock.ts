// Time as a dependency: control loops, backoffs and leases take a Clock so tests and
// the emulator's --time-scale decide how fast time passes.

export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch, as the clock sees it. */
  now(): number;
  /** Runs `fn` once after `ms` of this clock's time. */
  setTimeout(fn: () => void, ms: number): Timer;
  /** Runs `fn` every `ms` of this clock's time. */
  setInterval(fn: () => void, ms: number): Timer;
}

/** The wall clock, optionally sped up `scale` times (the emulator's --time-scale). */
export class RealClock implements Clock {
  /**
   * @param start the real time scaled time counts from: a second thread's clock (the emulator's
   * control loops) takes the first one's, so both read the same scaled time.
   */
  constructor(
    readonly scale = 1,
    readonly start = Date.now(),
  ) {}

  now(): number {
    return this.scale === 1 ? Date.now() : this.start + (Date.now() - this.start) * this.scale;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const handle = setTimeout(fn, ms / this.scale);
    return { cancel: () => clearTimeout(handle) };
  }

  setInterval(fn: () => void, ms: number): Timer {
    const handle = setInterval(fn, ms / this.scale);
    return { cancel: () => clearInterval(handle) };
  }
}

interface PendingTimer {
  due: number;
  seq: number;
  every?: number;
  fn: () => void;
  cancelled: boolean;
}

/** A clock that moves only when a test says so. */
export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: PendingTimer[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    return this.add({ due: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false });
  }

  setInterval(fn: () => void, ms: number): Timer {
    const every = Math.max(1, ms);
    return this.add({ due: this.current + every, seq: this.seq++, every, fn, cancelled: false });
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      const next = this.timers.reduce<PendingTimer | undefined>(
        (a, t) => (t.due <= target && (!a || t.due < a.due || (t.due === a.due && t.seq < a.seq)) ? t : a),
        undefined,
      );
      if (!next) break;
      this.current = next.due;
      if (next.every) next.due += next.every;
      else next.cancelled = true;
      next.fn();
    }
    this.current = target;
  }

  private add(t: PendingTimer): Timer {
    this.timers.push(t);
    return { cancel: () => (t.cancelled = true) };
  }
}
