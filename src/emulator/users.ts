// Who keeps the emulator running when VS Code started it: each window's extension host
// registers its pid as an empty file in <state-dir>/users/. The window that spawned the
// emulator may close while other windows still use it; the emulator then keeps serving them,
// and stops itself once no registered process is alive (so a crashed or killed window cannot
// leave it running for ever). Started by hand, without --stop-when-unused, none of this runs.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Timer } from '../kube/clock';
import { processAlive } from './store/dir-lock';
import type { Log } from './log';

export const USERS_DIR = 'users';

/** The registered pids whose processes are alive; files of dead ones are removed. */
export function liveUsers(stateDir: string, alive: (pid: number) => boolean = processAlive): number[] {
  const dir = join(stateDir, USERS_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const live: number[] = [];
  for (const name of names) {
    const pid = /^\d+$/.test(name) ? Number(name) : NaN;
    if (pid > 0 && alive(pid)) live.push(pid);
    else rmSync(join(dir, name), { force: true });
  }
  return live;
}

export interface UsersWatchOptions {
  stateDir: string;
  /** Stop after no user has been alive for this long: a window reload registers again within it. */
  graceMs: number;
  clock: Clock;
  onUnused: () => void;
  log: Log;
  /** How often the folder is read (default 2 s). */
  intervalMs?: number;
  alive?: (pid: number) => boolean;
}

/** Calls onUnused once no registered user has been alive for graceMs. */
export function watchUsers(options: UsersWatchOptions): { cancel(): void } {
  mkdirSync(join(options.stateDir, USERS_DIR), { recursive: true });
  let unusedSince: number | undefined;
  let timer: Timer | undefined;
  const check = (): void => {
    const live = liveUsers(options.stateDir, options.alive);
    const now = options.clock.now();
    if (live.length > 0) {
      if (unusedSince !== undefined) options.log(`users: in use again (pids ${live.join(', ')})`);
      unusedSince = undefined;
      return;
    }
    if (unusedSince === undefined) {
      unusedSince = now;
      options.log(`users: no registered process is alive; stopping in ${Math.round(options.graceMs / 1000)} s unless one registers`);
    }
    if (now - unusedSince >= options.graceMs) {
      timer?.cancel();
      timer = undefined;
      options.onUnused();
    }
  };
  timer = options.clock.setInterval(check, options.intervalMs ?? 2000);
  check();
  return {
    cancel: () => {
      timer?.cancel();
      timer = undefined;
    },
  };
}
