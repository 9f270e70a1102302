// kube-scheduler's latest records outlive an emulator restart: saved in the state folder on
// stop, read back on start, discarded by a fresh start; a damaged file is reported, not trusted.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RealClock } from '../../../src/kube/clock';
import type { SchedulingTrace } from '../../../src/scheduler/index';
import { startEmulator } from '../../../src/emulator/cluster';
import { LoopbackClient } from '../../../src/emulator/client/loopback-client';
import { loadTraces, saveTraces, TRACE_FILE_NAME } from '../../../src/emulator/scheduling/trace-file';
import { eventually } from '../../conformance/support/eventually';

const TRACES = { group: 'emulator.cluster-anatomy.dev', version: 'v1', resource: 'schedulingtraces', namespace: 'kube-system' };

function trace(name: string, attempt = 1): SchedulingTrace {
  return { pod: { namespace: 'default', name, uid: `uid-${name}` }, schedulerName: 'default-scheduler', attempt, startTime: '2026-01-01T00:00:00Z', durationMs: 1, outcome: 'Scheduled', nodeName: 'whale2', detailed: false };
}

describe('scheduling records file', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'trace-file-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the newest records that fit its budget, oldest first, and reads them back', () => {
    const file = join(dir, 'a.json');
    const all = Array.from({ length: 50 }, (_, i) => trace(`p${i}`));
    const one = JSON.stringify(all[0]).length + 1;
    assert.equal(saveTraces(file, all, one * 10 + 80), 10);
    assert.deepEqual(loadTraces(file, () => undefined).map((t) => t.pod.name), all.slice(40).map((t) => t.pod.name));
  });

  it('reports a damaged file or entries that are not records, and uses only what is sound', () => {
    const logs: string[] = [];
    const file = join(dir, 'b.json');
    writeFileSync(file, '{"kind":"SchedulingTraceList","version":1,"traces":[');
    assert.deepEqual(loadTraces(file, (m) => logs.push(m)), []);
    assert.match(logs.pop()!, /^scheduling records: ignored .*b\.json: .*JSON/);
    writeFileSync(file, JSON.stringify({ kind: 'Other', traces: [] }));
    assert.deepEqual(loadTraces(file, (m) => logs.push(m)), []);
    assert.match(logs.pop()!, /not a SchedulingTraceList of version 1/);
    writeFileSync(file, JSON.stringify({ kind: 'SchedulingTraceList', version: 1, traces: [trace('ok'), { ...trace('bad'), attempt: 0 }, { pod: 'x' }, null] }));
    assert.deepEqual(loadTraces(file, (m) => logs.push(m)).map((t) => t.pod.name), ['ok']);
    assert.match(logs.pop()!, /3 of 4 in .*b\.json are not scheduling attempts; skipped/);
    assert.deepEqual(loadTraces(join(dir, 'missing.json'), (m) => logs.push(m)), []);
    assert.equal(logs.length, 0, 'a missing file is no error');
  });

  it('the emulator keeps CoreDNS\'s records across a restart; a fresh start discards them', async () => {
    const stateDir = join(dir, 'state');
    const names = async (emu: Awaited<ReturnType<typeof startEmulator>>) =>
      (await new LoopbackClient(emu.api, 'kubectl').list(TRACES)).items.map((t) => String(t.metadata.name)).filter((n) => n.startsWith('coredns-')).sort();
    const logs: string[] = [];
    const start = (fresh: boolean) => startEmulator({ port: 0, stateDir, fresh, clock: new RealClock(), log: (m) => logs.push(m), controlPlane: { joinWaitMs: 3000 }, controlLoopsThread: true });

    let emu = await start(true);
    const first = await eventually('both CoreDNS pods recorded', async () => {
      const n = await names(emu);
      return n.length >= 2 ? n : undefined;
    });
    await emu.stop();
    assert.ok(existsSync(join(stateDir, TRACE_FILE_NAME)));
    assert.match(readFileSync(join(stateDir, TRACE_FILE_NAME), 'utf8'), /"name":"coredns-/);

    emu = await start(false);
    try {
      assert.deepEqual(await names(emu), first, 'the records of the last run, served again');
      assert.ok(logs.some((l) => /^scheduling records: saved the latest \d+ in .*scheduling-traces\.json \(\d+ ms\)$/.test(l)), logs.join('\n'));
      assert.ok(logs.some((l) => /^scheduling records: read back \d+ from .*scheduling-traces\.json \(\d+ ms\)$/.test(l)), logs.join('\n'));
    } finally {
      await emu.stop();
    }

    emu = await start(true);
    try {
      const fresh = await eventually('the new CoreDNS pods recorded', async () => {
        const n = await names(emu);
        return n.length >= 2 ? n : undefined;
      });
      assert.ok(!fresh.some((n) => first.includes(n)), 'a fresh cluster has new pods and none of the old records');
    } finally {
      await emu.stop();
    }
  });
});
