// When the bundled emulator crashes, the window restarts it (its store survives kill -9), but
// not for ever: as VS Code's language clients do with their servers, at most a few restarts in
// a sliding window of minutes, then it gives up and says so. No `vscode` here.

export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60_000;

export class CrashRestarts {
  private readonly crashes: number[] = [];

  constructor(
    private readonly now: () => number,
    private readonly max = MAX_RESTARTS,
    private readonly windowMs = RESTART_WINDOW_MS,
  ) {}

  /** Records a crash; true if the emulator may be restarted after it. */
  crashed(): boolean {
    const now = this.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && this.crashes[0] <= now - this.windowMs) this.crashes.shift();
    return this.crashes.length <= this.max;
  }

  /** Crashes within the window, the last one included. */
  get recent(): number {
    return this.crashes.length;
  }
}
