import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore, type StoreEvent } from '../../../src/emulator/store/index';
import { scratchDir } from './fixtures/objects';

const repoRoot = path.resolve(__dirname, '../../..');
const writer = path.join(__dirname, 'fixtures', 'crash-writer.ts');

interface Ack {
  revision: number;
  op: string;
  key: string;
  n: number;
}

/** Runs the writer until it has acknowledged `atLeast` writes, then SIGKILLs it. */
function writeThenKill(dir: string, atLeast: number, deadlineMs: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: Ack[] = [];
    let partial = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => kill(), deadlineMs);
    const kill = () => {
      if (killed) return;
      killed = true;
      child.kill('SIGKILL');
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (line === 'ready') continue;
        const [revision, op, key, n] = line.split(' ');
        acks.push({ revision: Number(revision), op, key, n: Number(n) });
      }
      if (acks.length >= atLeast) kill();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited early (code ${code}): ${stderr}`));
      else resolve(acks);
    });
  });
}

describe('store crash safety', () => {
  const scratch = scratchDir();
  after(() => scratch.remove());

  it('keeps every acknowledged write when the process is killed with SIGKILL mid-load', async () => {
    const dir = scratch.dir;
    for (const round of [1, 2]) {
      const acks = await writeThenKill(dir, 1000 * round, 15_000);
      assert.ok(acks.length >= 500, `round ${round}: the writer acknowledged only ${acks.length} writes before the deadline`);

      const store = await openStore({ dir, log: () => {}, historyRevisions: 10_000_000, walSegmentBytes: 64 * 1024 });
      const byRevision = new Map<number, StoreEvent>();
      store.watch('/registry/', 0, (e) => byRevision.set(e.revision, e));
      const maxAck = Math.max(...acks.map((a) => a.revision));
      assert.ok(store.revision >= maxAck, `round ${round}: restored revision ${store.revision} < acknowledged ${maxAck}`);
      for (const ack of acks) {
        const ev = byRevision.get(ack.revision);
        assert.ok(ev, `round ${round}: acknowledged revision ${ack.revision} is missing`);
        assert.equal(ev.value.key, ack.key);
        if (ack.op === 'delete') assert.equal(ev.type, 'DELETED');
        else assert.equal((JSON.parse(ev.value.json) as { spec: { n: number } }).spec.n, ack.n, `value of revision ${ack.revision}`);
      }
      // The latest state agrees with the history that led to it.
      for (const v of store.list('/registry/').items) assert.equal(byRevision.get(v.modRevision)?.value.json, v.json);
      await store.close(); // round 2 starts from this state: recovery after recovery
    }
  });
});
