// The pieces of the control loops' channel: batching, requests and watch streams whose
// events can arrive before the client reads them, and errors crossing the threads.
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { describe, it } from 'node:test';
import { valueRequest, type ApiRequest, type ApiResponse, type WatchStream } from '../../../src/emulator/apiserver/request';
import { ApiError } from '../../../src/emulator/apiserver/status';
import { bodyIgnored } from '../../../src/emulator/client/loopback-client';
import { WorkerApiHost } from '../../../src/emulator/worker/api-host';
import { BatchedChannel, type ToMain, type ToWorker } from '../../../src/emulator/worker/messages';
import { RemoteApiHandler } from '../../../src/emulator/worker/remote-api';
import { WorkerCalls } from '../../../src/emulator/worker/worker-calls';
import { eventually } from '../../conformance/support/eventually';

const turn = () => new Promise((r) => setImmediate(r));

/** The channel's handlers do not throw in these tests: a throw fails the test. */
const failed = (e: unknown): void => assert.fail(`a message handler threw: ${String(e)}`);

/** A server whose watch streams the test drives by hand. */
function scriptedServer() {
  const streams: { event(type: 'ADDED' | 'MODIFIED', json: string): void; end(): void; stopped: boolean }[] = [];
  const requests: ApiRequest[] = [];
  const handle = async (req: ApiRequest): Promise<ApiResponse> => {
    requests.push(req);
    if (req.query.get('watch') !== 'true') return { status: 201, headers: { 'content-type': 'application/json' }, body: String(req.body) };
    let onEvent: ((type: 'ADDED' | 'MODIFIED', json: string) => void) | undefined;
    let onEnd: (() => void) | undefined;
    const s = { event: (type: 'ADDED' | 'MODIFIED', json: string) => onEvent?.(type, json), end: () => onEnd?.(), stopped: false };
    streams.push(s);
    const watch: WatchStream = {
      start: () => assert.fail('per-event delivery expected'),
      startEvents: (e, end) => {
        onEvent = e;
        onEnd = end;
      },
      stop: () => (s.stopped = true),
    };
    return { status: 200, headers: { 'content-type': 'application/json' }, watch };
  };
  return { handle, streams, requests };
}

/** Both ends of the channel over a real MessageChannel, as between the threads. */
function connect(server: { handle(req: ApiRequest): Promise<ApiResponse> }) {
  const { port1, port2 } = new MessageChannel();
  const toMain = new BatchedChannel<ToMain, ToWorker>(port1, (m) => {
    if (m.k === 'response') remote.response(m.id, m.status, m.headers, m.body, m.watch);
    else if (m.k === 'event') remote.event(m.id, m.type, m.json);
    else if (m.k === 'end') remote.end(m.id);
  }, failed);
  const toWorker = new BatchedChannel<ToWorker, ToMain>(port2, (m) => {
    if (m.k === 'request') host.request(m);
    else if (m.k === 'unwatch') host.unwatch(m.id);
  }, failed);
  const remote = new RemoteApiHandler((m) => toMain.send(m));
  const host = new WorkerApiHost(server, (m) => toWorker.send(m));
  return { remote, host, close: () => (port1.close(), port2.close()) };
}

/** Runs `test` over a connected channel, closed afterwards. */
async function over(server: { handle(req: ApiRequest): Promise<ApiResponse> }, test: (c: ReturnType<typeof connect>) => Promise<void>): Promise<void> {
  const c = connect(server);
  try {
    await test(c);
  } finally {
    c.close();
  }
}

describe('control loops channel', () => {
  it('sends a value body as JSON and returns the response', async () => {
    const server = scriptedServer();
    await over(server, async (c) => {
      const res = await c.remote.handle(valueRequest('POST', '/api/v1/namespaces/default/configmaps', new URLSearchParams(), { 'user-agent': 'test' }, { metadata: { name: 'a' }, data: { k: 'v' } }));
      assert.equal(res.status, 201);
      assert.deepEqual(JSON.parse(String(res.body)), { metadata: { name: 'a' }, data: { k: 'v' } });
      assert.equal(server.requests[0].headers['user-agent'], 'test');
    });
  });

  it('does not copy back the body of a success the caller ignores, but does a failure\'s', async () => {
    const server = scriptedServer();
    await over(server, async (c) => {
      const ok = valueRequest('POST', '/api/v1/namespaces/default/events', new URLSearchParams(), {}, { metadata: { name: 'e' } });
      bodyIgnored.add(ok);
      const res = await c.remote.handle(ok);
      assert.equal(res.status, 201);
      assert.equal(res.body, undefined);
    });
    await over({ handle: async () => ({ status: 422, headers: { 'content-type': 'application/json' }, body: '{"reason":"Invalid"}' }) }, async (failing) => {
      const bad = valueRequest('POST', '/api/v1/namespaces/default/events', new URLSearchParams(), {}, {});
      bodyIgnored.add(bad);
      assert.equal((await failing.remote.handle(bad)).body, '{"reason":"Invalid"}');
    });
  });

  it('keeps watch events (and the end) that arrive before the client reads them, in order', async () => {
    const server = scriptedServer();
    await over(server, async (c) => {
      const res = await c.remote.handle({ method: 'GET', path: '/api/v1/pods', query: new URLSearchParams('watch=true'), headers: {} });
      // Events sent before startEvents is called (they may share the response's batch).
      server.streams[0].event('ADDED', '{"n":1}');
      server.streams[0].event('MODIFIED', '{"n":2}');
      server.streams[0].end();
      await turn();
      await turn();
      const seen: string[] = [];
      let ended = false;
      res.watch!.startEvents!((type, json) => seen.push(`${type} ${json}`), () => (ended = true));
      assert.deepEqual(seen, ['ADDED {"n":1}', 'MODIFIED {"n":2}']);
      assert.ok(ended);
    });
  });

  it('stops the server stream when the client stops', async () => {
    const server = scriptedServer();
    await over(server, async (c) => {
      const res = await c.remote.handle({ method: 'GET', path: '/api/v1/pods', query: new URLSearchParams('watch=true'), headers: {} });
      const seen: string[] = [];
      res.watch!.startEvents!((type) => seen.push(type), () => undefined);
      server.streams[0].event('ADDED', '{}');
      for (let i = 0; i < 3; i++) await turn();
      assert.deepEqual(seen, ['ADDED']);
      res.watch!.stop();
      for (let i = 0; i < 3; i++) await turn();
      assert.ok(server.streams[0].stopped);
      server.streams[0].event('MODIFIED', '{}');
      for (let i = 0; i < 3; i++) await turn();
      assert.deepEqual(seen, ['ADDED'], 'nothing after stop');
    });
  });

  it('turns a server failure into a 500 Status', async () => {
    await over({ handle: () => Promise.reject(new Error('boom')) }, async (c) => {
      const res = await c.remote.handle({ method: 'GET', path: '/api/v1/pods', query: new URLSearchParams(), headers: {} });
      assert.equal(res.status, 500);
      assert.match(String(res.body), /boom/);
    });
  });

  it('rethrows a worker-side ApiError with its code and reason, and fails questions once the worker is gone', async () => {
    const calls = new WorkerCalls();
    const sent: ToWorker[] = [];
    calls.attach((m) => sent.push(m));
    const pending = calls.call({ op: 'get', plural: 'emulatedcomponents', namespace: undefined, name: 'x' });
    const id = (sent[0] as Extract<ToWorker, { k: 'call' }>).id;
    calls.returned(id, undefined, { message: 'nope', code: 422, reason: 'Invalid' });
    await assert.rejects(pending, (e: unknown) => e instanceof ApiError && e.code === 422 && e.reason === 'Invalid');
    const orphan = calls.call({ op: 'list', plural: 'emulatedcomponents', namespace: undefined });
    calls.close('gone');
    await assert.rejects(orphan, (e: unknown) => e instanceof ApiError && e.code === 503);
  });

  it('handles the rest of a batch after a message whose handler throws, and reports that one', async () => {
    const { port1, port2 } = new MessageChannel();
    const handled: string[] = [];
    const errors: string[] = [];
    const sender = new BatchedChannel<ToMain, ToWorker>(port1, () => undefined, failed);
    new BatchedChannel<ToWorker, ToMain>(
      port2,
      (m) => {
        if (m.k === 'log' && m.message === 'bad') throw new Error('handler failed');
        if (m.k === 'log') handled.push(m.message);
      },
      (e, m) => errors.push(`${m.k}: ${(e as Error).message}`),
    );
    try {
      for (const message of ['first', 'bad', 'after']) sender.send({ k: 'log', message });
      await eventually('both good messages handled', async () => (handled.length === 2 ? true : undefined), 5_000);
      assert.deepEqual(handled, ['first', 'after'], 'one batch: the message after the failing one is still handled');
      assert.deepEqual(errors, ['log: handler failed']);
    } finally {
      port1.close();
      port2.close();
    }
  });

  it('handles a large batch in slices, in order, letting the thread do other work between them', async () => {
    const { port1, port2 } = new MessageChannel();
    const handled: string[] = [];
    /** Where each message was handled: after how many ticks of a timer running meanwhile. */
    const ticksAt: number[] = [];
    let ticks = 0;
    const sender = new BatchedChannel<ToMain, ToWorker>(port1, () => undefined, failed);
    new BatchedChannel<ToWorker, ToMain>(
      port2,
      (m) => {
        if (m.k !== 'log') return;
        // ~0.2 ms of work per message: 500 messages are ~100 ms, twenty 5-ms slices.
        const until = performance.now() + 0.2;
        while (performance.now() < until);
        handled.push(m.message);
        ticksAt.push(ticks);
      },
      failed,
      5,
    );
    const timer = setInterval(() => ticks++, 1);
    try {
      // Two batches: the second arrives while the first is still being handled.
      for (let i = 0; i < 500; i++) sender.send({ k: 'log', message: `a${i}` });
      await turn();
      for (let i = 0; i < 10; i++) sender.send({ k: 'log', message: `b${i}` });
      await eventually('every message handled', async () => (handled.length === 510 ? true : undefined), 10_000);
      const expected = [...Array.from({ length: 500 }, (_, i) => `a${i}`), ...Array.from({ length: 10 }, (_, i) => `b${i}`)];
      assert.deepEqual(handled, expected, 'in the order sent, across batches');
      assert.ok(ticksAt[499] - ticksAt[0] >= 5, `the timer ran between slices (${ticksAt[499] - ticksAt[0]} ticks during the first batch)`);
    } finally {
      clearInterval(timer);
      port1.close();
      port2.close();
    }
  });
});
