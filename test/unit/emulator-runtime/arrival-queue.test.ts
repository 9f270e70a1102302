// The API server's thread handles the control loops' messages and HTTPS requests in arrival
// order, in time slices that let I/O run between turns: a request that arrives behind a backlog
// of the loops' messages waits for it (it used to go first, and the loops' backlog grew).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ArrivalQueue } from '../../../src/emulator/apiserver/arrival-queue';
import { startHttpsServer } from '../../../src/emulator/apiserver/https-server';
import { ensureServingCertificates } from '../../../src/emulator/apiserver/tls';
import { testServer } from '../apiserver/support';

/** Keeps the thread busy for `ms` (a handler's work). */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ArrivalQueue', () => {
  it('handles arrays and single pieces of work in the order they arrived', async () => {
    const queue = new ArrivalQueue(1);
    const seen: string[] = [];
    const fail = (e: unknown) => assert.fail(String(e));
    queue.push(['a1', 'a2'], (m) => seen.push(m), fail);
    queue.run(() => seen.push('r1'), fail);
    queue.push(['b1'], (m) => seen.push(m), fail);
    queue.push([], (m: string) => seen.push(m), fail);
    for (let i = 0; i < 5; i++) await turn();
    assert.deepEqual(seen, ['a1', 'a2', 'r1', 'b1']);
  });

  it('is handled at once when nothing waits, and in later turns once a slice is used up', async () => {
    const queue = new ArrivalQueue(2);
    const seen: number[] = [];
    queue.push([1], (m) => seen.push(m), () => undefined);
    assert.deepEqual(seen, [1], 'an idle queue handles a lone arrival in the same turn');
    const items = Array.from({ length: 64 }, (_, i) => i);
    queue.push(items, (m) => {
      busy(0.5);
      seen.push(m);
    }, () => undefined);
    const inFirstTurn = seen.length - 1;
    assert.ok(inFirstTurn >= 16 && inFirstTurn < 64, `the first slice handled ${inFirstTurn} of 64`);
    // I/O and other callbacks run between slices; the rest follows in order.
    let between = -1;
    setImmediate(() => (between = seen.length - 1));
    while (seen.length < 65) await turn();
    assert.ok(between >= inFirstTurn && between < 64, `a callback ran after ${between} items`);
    assert.deepEqual(seen.slice(1), items.map((_, i) => i));
  });

  it('goes on with the items after one whose handler threw', async () => {
    const queue = new ArrivalQueue(1);
    const seen: string[] = [];
    const errors: string[] = [];
    queue.push(
      ['ok1', 'bad', 'ok2'],
      (m) => {
        if (m === 'bad') throw new Error('handler failed');
        seen.push(m);
      },
      (e, m) => errors.push(`${m}: ${(e as Error).message}`),
    );
    queue.run(
      () => {
        throw new Error('work failed');
      },
      (e) => errors.push((e as Error).message),
    );
    queue.push(['ok3'], (m) => seen.push(m), () => undefined);
    for (let i = 0; i < 5; i++) await turn();
    assert.deepEqual(seen, ['ok1', 'ok2', 'ok3']);
    assert.deepEqual(errors, ['bad: handler failed', 'work failed']);
  });

  it('makes an HTTPS request wait for the messages queued before it arrived', async () => {
    const t = await testServer();
    const dir = mkdtempSync(join(tmpdir(), 'arrival-queue-'));
    const queue = new ArrivalQueue(1);
    const token = 'arrival-test-token';
    const certificates = await ensureServingCertificates(dir, '127.0.0.1');
    const https = await startHttpsServer({ api: t.api, token, certificates, address: '127.0.0.1', port: 0, log: () => undefined, arrivals: queue });
    try {
      // A backlog of the loops' messages, ~200 ms of work in 1 ms slices.
      let handled = 0;
      queue.push(Array.from({ length: 400 }, (_, i) => i), () => {
        busy(0.5);
        handled++;
      }, () => undefined);
      const answered = await new Promise<{ status: number; handledBefore: number }>((resolve, reject) => {
        const req = request(`https://127.0.0.1:${https.port}/api/v1/namespaces`, { ca: certificates.caPem, headers: { authorization: `Bearer ${token}` } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, handledBefore: handled }));
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(answered.status, 200);
      assert.equal(answered.handledBefore, 400, 'the request was answered before the messages queued ahead of it');
    } finally {
      await https.close();
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
