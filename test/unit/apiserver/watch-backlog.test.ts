// A watch whose client stops reading is closed once more than the backlog has stayed queued for
// the stall time (kube-apiserver's "Forcing watcher close due to unresponsiveness"), after the
// frames already queued: the client resumes from the last resourceVersion it read and misses
// nothing. A client that reads a burst larger than the backlog at once is not cut off.
import assert from 'node:assert/strict';
import { request, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/cluster';

const BACKLOG = 1024 * 1024;
const STALL_MS = 300;
const VALUE = 'x'.repeat(100 * 1024);
// Creates stop this many after the close; at most LIMIT in all.
const AFTER_CLOSE = 20;
const LIMIT = 3000;

describe('a watch whose client stops reading', () => {
  let emu: RunningEmulator;
  let dir: string;
  const logged: string[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kube-emulator-backlog-'));
    emu = await startEmulator({ port: 0, stateDir: dir, memoryOnly: true, watchBacklogBytes: BACKLOG, watchStallMs: STALL_MS, log: (m) => logged.push(m) });
  });
  after(async () => {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const options = (method: string, body?: string): RequestOptions => ({
    method,
    ca: emu.caPem,
    headers: { authorization: `Bearer ${emu.token}`, 'content-type': 'application/json', 'user-agent': 'backlog-test', ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) },
  });
  const call = (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> =>
    new Promise((resolve, reject) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const req = request(`${emu.url}${path}`, options(method, text), (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (data += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(data) }));
      });
      req.on('error', reject);
      req.end(text);
    });
  const openWatch = (rv: string): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const req = request(`${emu.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`, options('GET'), resolve);
      req.on('error', reject);
      req.end();
    });
  /**
   * Feeds each event of the stream to `onEvent` until `done()` (ended: false) or the server ends
   * the stream (ended: true; `whole`: it ended between two events, not inside one).
   */
  const readEvents = (res: IncomingMessage, onEvent: (e: any) => void, done: () => boolean = () => false): Promise<{ ended: boolean; whole: boolean }> =>
    new Promise((resolve) => {
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buffered += d;
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          onEvent(JSON.parse(buffered.slice(0, nl)));
          buffered = buffered.slice(nl + 1);
          if (done()) return resolve({ ended: false, whole: true });
        }
      });
      res.on('end', () => resolve({ ended: true, whole: buffered === '' }));
      res.on('error', () => resolve({ ended: true, whole: false }));
    });

  it('is ended after its queued frames, and a watch from its last resourceVersion gets the rest', async () => {
    const start = (await call('GET', '/api/v1/namespaces/default/configmaps')).json.metadata.resourceVersion as string;
    const res = await openWatch(start);
    res.pause();
    const closes = (): string[] => logged.filter((m) => m.startsWith('Forcing watcher close due to unresponsiveness: /api/v1/namespaces/default/configmaps'));
    const created: string[] = [];
    const create = async (): Promise<void> => {
      const r = await call('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `big-${created.length}` }, data: { v: VALUE } });
      assert.equal(r.status, 201, JSON.stringify(r.json).slice(0, 300));
      created.push(r.json.metadata.name);
    };
    while (closes().length === 0 && created.length < LIMIT) await create();
    for (let i = 0; i < AFTER_CLOSE; i++) await create();
    const COUNT = created.length;
    const [line] = closes();
    assert.ok(line, `no close was logged: ${logged.join('\n')}`);
    assert.match(line, /\(backlog-test at 127\.0\.0\.1:\d+\); \d+ bytes queued$/);

    const events: any[] = [];
    const first = readEvents(res, (e) => events.push(e));
    res.resume();
    const { whole } = await first;
    assert.ok(whole, 'the server ended the stream between frames');
    assert.ok(events.length > 0 && events.length < COUNT, `read ${events.length} of ${COUNT} before the close`);
    assert.deepEqual(
      events.map((e) => [e.type, e.object.metadata.name]),
      created.slice(0, events.length).map((n) => ['ADDED', n]),
    );

    // The rest (more than the backlog, replayed at once) reaches a client that reads it, each
    // watch resumed from the last resourceVersion read if the server ends it, as a reflector does
    // (on a loaded machine a replay of several MB may outlast the stall time once).
    assert.ok((COUNT - events.length) * VALUE.length > BACKLOG);
    const names: string[] = [];
    let rv = events[events.length - 1].object.metadata.resourceVersion as string;
    for (let watches = 1; names.length < COUNT - events.length; watches++) {
      assert.ok(watches <= 5, `watch ${watches}: read ${names.length} of ${COUNT - events.length}`);
      const rest = await openWatch(rv);
      const { ended } = await readEvents(
        rest,
        (e) => {
          names.push(e.object.metadata.name);
          rv = e.object.metadata.resourceVersion;
        },
        () => names.length === COUNT - events.length,
      );
      if (!ended) rest.destroy();
    }
    assert.deepEqual(names, created.slice(events.length), 'nothing lost, nothing twice');
    assert.ok(closes().length < 5, closes().join('\n'));
  });
});
