// SIGINT and SIGKILL for emulated processes. Every wait (sleep, reading input) goes through
// here: Ctrl-C on the terminal rejects the waits with Interrupted (the foreground process dies
// of SIGINT, status 130); kill() cancels them for good, so nothing runs after it.

export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/** A shell's `exit` (or a fatal error): unwinds to the shell's top with this status. */
export class ExitShell {
  constructor(readonly status: number) {}
}

/** 128 + SIGINT, the status of a process Ctrl-C ended. */
export const INTERRUPTED_STATUS = 130;

interface Wait {
  reject(error: Error): void;
  cancel(): void;
}

export class Signals {
  private readonly waits = new Set<Wait>();
  private dead = false;

  get killed(): boolean {
    return this.dead;
  }

  /** `start` begins the wait and returns how to cancel it. */
  wait<T>(start: (resolve: (value: T) => void) => () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.dead) return;
      let cancel = () => {};
      const entry: Wait = {
        reject: (e) => {
          this.waits.delete(entry);
          cancel();
          reject(e);
        },
        cancel: () => cancel(),
      };
      this.waits.add(entry);
      cancel = start((value) => {
        if (!this.waits.delete(entry)) return;
        resolve(value);
      });
    });
  }

  /** SIGINT to the foreground: true when something was waiting. */
  interrupt(): boolean {
    const waiting = [...this.waits];
    for (const w of waiting) w.reject(new Interrupted());
    return waiting.length > 0;
  }

  /** SIGKILL: the waits never settle, so no code of the process runs again. */
  kill(): void {
    this.dead = true;
    for (const w of this.waits) w.cancel();
    this.waits.clear();
  }
}
