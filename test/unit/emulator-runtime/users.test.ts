// The emulator's registered users (src/emulator/users.ts): dead pids' files are removed, and
// onUnused fires only after no user has been alive for the whole grace period.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { FakeClock } from '../../../src/kube/clock';
import { liveUsers, USERS_DIR, watchUsers } from '../../../src/emulator/users';

describe('emulator users', () => {
  let stateDir: string;
  const living = new Set<number>();
  const alive = (pid: number) => living.has(pid);
  const register = (name: string) => writeFileSync(join(stateDir, USERS_DIR, name), '');
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'emulator-users-'));
    mkdirSync(join(stateDir, USERS_DIR));
    living.clear();
  });
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  it('lists the live pids and removes the files of dead ones and of names that are no pid', () => {
    living.add(101).add(103);
    for (const n of ['101', '102', '103', 'notes.txt', '0']) register(n);
    assert.deepEqual(liveUsers(stateDir, alive).sort(), [101, 103]);
    assert.deepEqual(readdirSync(join(stateDir, USERS_DIR)).sort(), ['101', '103']);
    assert.deepEqual(liveUsers(join(stateDir, 'missing'), alive), []);
  });

  it('stops only after the grace period without a live user, and a new user resets it', () => {
    const clock = new FakeClock();
    const logged: string[] = [];
    let unused = 0;
    living.add(7);
    register('7');
    const watch = watchUsers({ stateDir, graceMs: 10_000, clock, alive, intervalMs: 1000, onUnused: () => unused++, log: (m) => logged.push(m) });
    clock.advance(30_000);
    assert.equal(unused, 0, 'a live user keeps it');

    living.delete(7);
    clock.advance(6000);
    assert.equal(unused, 0);
    assert.match(logged.at(-1)!, /^users: no registered process is alive; stopping in 10 s/);
    // A window reload registers again within the grace period.
    living.add(8);
    register('8');
    clock.advance(1000);
    assert.equal(logged.at(-1), 'users: in use again (pids 8)');
    clock.advance(20_000);
    assert.equal(unused, 0);

    living.delete(8);
    clock.advance(9000);
    assert.equal(unused, 0);
    clock.advance(2000);
    assert.equal(unused, 1);
    assert.equal(existsSync(join(stateDir, USERS_DIR, '8')), false);
    clock.advance(60_000);
    assert.equal(unused, 1, 'once');
    watch.cancel();
  });
});
