// One emulator per state directory: a LOCK file holding the owner's pid. A lock left by a
// process that no longer exists (kill -9, power loss) is taken over.

import * as fs from 'node:fs';
import * as path from 'node:path';

export const LOCK_FILE = 'LOCK';

export interface DirLock {
  release(): void;
}

export function acquireDirLock(dir: string): DirLock {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return { release: () => releaseIfOurs(file) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(file);
    if (owner !== undefined && (owner === process.pid || processAlive(owner))) {
      throw new Error(`state directory ${dir} is in use by process ${owner} (lock file ${file}); stop that emulator or use another state directory (if no emulator runs, that pid was reused: delete ${file})`);
    }
    fs.rmSync(file, { force: true }); // stale: its owner is gone
  }
  throw new Error(`could not lock state directory ${dir} (lock file ${file} keeps reappearing)`);
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** True if a process with this pid exists (EPERM: it exists but is another user's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(file: string): void {
  if (readOwner(file) === process.pid) fs.rmSync(file, { force: true });
}
