// A process's standard input: the exec's stream (a pipe, or a terminal's finished lines), a
// file after `<`, or nothing (/dev/null).
import type { Stdin } from './context';
import type { Signals } from './signals';

/**
 * The exec's input: chunks from a pipe, finished lines from a terminal. On a terminal Ctrl-D
 * ends one read only (cat stops, the shell after it reads on), as a tty's EOF does.
 */
export class InputQueue implements Stdin {
  private readonly items: Array<string | null> = [];
  private ended = false;
  private waiter: ((value: string | null) => void) | undefined;
  private queued = 0;

  constructor(
    private readonly signals: Signals,
    private readonly terminal: boolean,
  ) {}

  push(text: string): void {
    if (this.ended || text === '') return;
    this.items.push(text);
    this.queued += text.length;
    this.wake();
  }

  /** Characters sent and not read yet. */
  get queuedChars(): number {
    return this.queued;
  }

  /** The client closed its input: every read from now on sees the end. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  /** Ctrl-D on an empty terminal line: one read sees the end. */
  endOneRead(): void {
    if (this.ended) return;
    this.items.push(null);
    this.wake();
  }

  /** SIGINT from the terminal discards what was typed ahead, as a tty flushes its queue. */
  discardPending(): void {
    if (!this.terminal) return;
    this.items.length = 0;
    this.queued = 0;
  }

  read(): Promise<string | null> {
    const ready = this.take();
    if (ready !== undefined) return Promise.resolve(ready);
    return this.signals.wait<string | null>((resolve) => {
      this.waiter = resolve;
      return () => {
        if (this.waiter === resolve) this.waiter = undefined;
      };
    });
  }

  private take(): string | null | undefined {
    if (this.items.length > 0) {
      const item = this.terminal ? this.items.shift()! : this.items.splice(0).join('');
      this.queued -= item?.length ?? 0;
      return item;
    }
    return this.ended ? null : undefined;
  }

  private wake(): void {
    const w = this.waiter;
    if (!w) return;
    const item = this.take();
    if (item === undefined) return;
    this.waiter = undefined;
    w(item);
  }
}

/** Input from a string (a file after `<`): its text, then the end. */
export function textStdin(text: string): Stdin {
  let done = text === '';
  return {
    read: () => {
      if (done) return Promise.resolve(null);
      done = true;
      return Promise.resolve(text);
    },
  };
}

export const NO_STDIN: Stdin = { read: () => Promise.resolve(null) };
