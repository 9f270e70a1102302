import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../../src/kube/clock.js';
import { type BackoffPolicy, ListWatch, backoffDelay, peekContinue } from '../../../src/cluster/list-watch.js';
import type { WatchEventType } from '../../../src/cluster/model.js';
import { FakeTransport, listBody, statusBody, waitFor } from './fixtures/fake-transport.js';

interface Rec {
  name: string;
  rv: string;
}

class Sink {
  items = new Map<string, string>();
  replaced = 0;
  stale = false;
  replace(records: Rec[]) {
    this.replaced++;
    this.items = new Map(records.map((r) => [r.name, r.rv]));
  }
  apply(type: WatchEventType, r: Rec) {
    if (type === 'DELETED') this.items.delete(r.name);
    else this.items.set(r.name, r.rv);
  }
  setStale(s: boolean) {
    this.stale = s;
  }
}

const obj = (name: string, rv: string) => ({ metadata: { name, resourceVersion: rv } });
const POLICY: BackoffPolicy = { initialMs: 1000, maxMs: 8000, factor: 2, jitter: 0 };

function setup(transport = new FakeTransport()) {
  const clock = new FakeClock();
  const sink = new Sink();
  const lw = new ListWatch<Rec>({
    transport,
    ref: { resource: 'pods', path: '/api/v1/pods' },
    project: (o) => ({ name: o.metadata.name!, rv: o.metadata.resourceVersion! }),
    sink,
    clock,
    backoff: POLICY,
    random: () => 0,
    pageSize: 2,
    watchTimeoutSeconds: 300,
  });
  return { transport, clock, sink, lw };
}

test('lists page by page, then watches from the list\'s resourceVersion', async () => {
  const t = new FakeTransport();
  t.onList = (_p, q) => (q.continue ? listBody([obj('c', '3')], '10') : listBody([obj('a', '1'), obj('b', '2')], '10', 'page2'));
  const { sink, lw } = setup(t);
  lw.start();
  await waitFor(() => t.openWatches().length === 1, 'the watch');
  assert.deepEqual([...sink.items.keys()], ['a', 'b', 'c']);
  assert.deepEqual(t.gets.map((g) => g.query), [{ limit: 2, continue: undefined }, { limit: 2, continue: 'page2' }]);
  assert.equal(t.watches[0].query.resourceVersion, '10');
  assert.equal(t.watches[0].query.allowWatchBookmarks, true);
  assert.equal(lw.state.phase, 'watching');
  t.watches[0].send('ADDED', obj('d', '11'));
  t.watches[0].send('DELETED', obj('a', '12'));
  t.watches[0].send('BOOKMARK', { metadata: { resourceVersion: '20' } });
  assert.deepEqual([...sink.items.keys()], ['b', 'c', 'd']);
  // The server ends the watch after timeoutSeconds: resumed at once from the bookmark.
  t.watches[0].close();
  await waitFor(() => t.openWatches().length === 1, 'the resumed watch');
  assert.equal(t.watches[1].query.resourceVersion, '20');
  assert.equal(sink.replaced, 1, 'no relist needed');
  lw.stop();
});

test('a dropped watch marks data stale and retries with capped exponential backoff', async () => {
  const t = new FakeTransport();
  t.onList = () => listBody([obj('a', '1')], '5');
  const { sink, lw, clock } = setup(t);
  lw.start();
  await waitFor(() => t.openWatches().length === 1, 'the watch');
  const refused = Object.assign(new Error('request to https://127.0.0.1:6443/api/v1/pods?watch=true&timeoutSeconds=301 failed, reason: connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
  t.onWatch = () => refused;
  t.watches[0].close(refused);
  assert.equal(sink.stale, true);
  assert.equal(lw.state.phase, 'backoff');
  assert.equal(lw.state.lastError!.message, 'connect ECONNREFUSED 127.0.0.1:6443', 'the reason, without the changing URL');
  const delays: number[] = [];
  for (let i = 0; i < 5; i++) {
    const before = t.watchAttempts;
    const wait = lw.state.retryAt! - clock.now();
    delays.push(wait);
    clock.advance(wait - 1);
    assert.equal(t.watchAttempts, before, 'no retry before the delay');
    clock.advance(1);
    await waitFor(() => t.watchAttempts === before + 1 && lw.state.phase === 'backoff' && lw.state.failures === i + 2, `retry ${i + 1}`);
  }
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 8000]);
  // The server comes back: the watch resumes from where it was, and data is live again.
  t.onWatch = () => 'open';
  clock.advance(lw.state.retryAt! - clock.now());
  await waitFor(() => t.openWatches().length === 1, 'the recovered watch');
  assert.equal(t.openWatches()[0].query.resourceVersion, '5');
  assert.equal(sink.stale, false);
  assert.equal(lw.state.failures, 0);
  lw.stop();
});

test('retryNow: a watch waiting out its backoff retries at once, from where it was; a healthy one is left alone', async () => {
  const t = new FakeTransport();
  t.onList = () => listBody([obj('a', '1')], '5');
  const { lw, clock } = setup(t);
  lw.start();
  await waitFor(() => t.openWatches().length === 1, 'the watch');
  lw.retryNow();
  assert.equal(t.watchAttempts, 1, 'a watching list-watch does not restart');
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
  t.onWatch = () => refused;
  t.watches[0].close(refused);
  for (let i = 0; i < 3; i++) {
    const before = t.watchAttempts;
    clock.advance(lw.state.retryAt! - clock.now());
    await waitFor(() => t.watchAttempts === before + 1 && lw.state.failures === i + 2, `retry ${i + 1}`);
  }
  assert.equal(lw.state.retryAt! - clock.now(), 8000, 'backed off to the cap');
  // The server is back: no waiting out the 8 s.
  t.onWatch = () => 'open';
  const before = t.watchAttempts;
  lw.retryNow();
  await waitFor(() => t.openWatches().length === 1, 'the watch, at once');
  assert.equal(t.watchAttempts, before + 1);
  assert.equal(t.openWatches()[0].query.resourceVersion, '5', 'resumed, not relisted');
  assert.equal(lw.state.phase, 'watching');
  assert.equal(lw.state.failures, 0);
  // The cancelled retry does not fire later.
  clock.advance(60_000);
  assert.equal(t.watchAttempts, before + 1);
  lw.stop();
});

test('retryNow during a failing list lists again at once and keeps counting failures', async () => {
  const t = new FakeTransport();
  let lists = 0;
  t.onList = () => (++lists <= 2 ? statusBody(503, 'ServiceUnavailable', 'etcd is down') : listBody([obj('a', '1')], '7'));
  const { lw, sink, clock } = setup(t);
  lw.start();
  await waitFor(() => lw.state.phase === 'backoff' && lw.state.failures === 1, 'the first failure');
  lw.retryNow();
  await waitFor(() => lw.state.failures === 2, 'the second failure, without waiting');
  assert.equal(lw.state.phase, 'backoff');
  assert.equal(lw.state.retryAt! - clock.now(), 2000, 'the backoff still grows');
  lw.retryNow();
  await waitFor(() => t.openWatches().length === 1, 'listed and watching');
  assert.deepEqual([...sink.items.keys()], ['a']);
  lw.stop();
});

test('410 Gone in the watch stream forces a fresh list', async () => {
  const t = new FakeTransport();
  let listed = 0;
  t.onList = () => (++listed === 1 ? listBody([obj('a', '1'), obj('b', '2')], '5') : listBody([obj('b', '30')], '31'));
  const { sink, lw } = setup(t);
  lw.start();
  await waitFor(() => t.openWatches().length === 1, 'the watch');
  t.watches[0].send('ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 5 (25)' });
  assert.equal(sink.stale, true, 'stale until the fresh list arrives');
  await waitFor(() => t.openWatches().length === 1 && listed === 2, 'the relist and new watch');
  assert.equal(t.watches[0].aborted, true);
  assert.deepEqual([...sink.items], [['b', '30']]);
  assert.equal(sink.stale, false);
  assert.equal(t.openWatches()[0].query.resourceVersion, '31');
  lw.stop();
});

test('410 on opening the watch also relists', async () => {
  const t = new FakeTransport();
  let listed = 0;
  t.onList = () => (listed++, listBody([], String(100 + listed)));
  let first = true;
  t.onWatch = () => (first ? ((first = false), { status: 410 }) : 'open');
  const { lw } = setup(t);
  lw.start();
  await waitFor(() => t.openWatches().length === 1, 'the watch after relist');
  assert.equal(listed, 2);
  lw.stop();
});

test('403 is reported as forbidden with the server\'s message; 401 as unauthorized', async () => {
  const t = new FakeTransport();
  t.onList = () => statusBody(403, 'Forbidden', 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" at the cluster scope');
  const { lw, clock, sink } = setup(t);
  lw.start();
  await waitFor(() => lw.state.phase === 'forbidden', 'forbidden');
  assert.equal(lw.state.lastError?.code, 403);
  assert.match(lw.state.lastError!.message, /cannot list resource "pods"/);
  assert.equal(sink.stale, false, 'nothing was shown, so nothing is stale');
  t.onList = () => statusBody(401, 'Unauthorized', 'Unauthorized');
  clock.advance(1000);
  await waitFor(() => lw.state.phase === 'unauthorized', 'unauthorized');
  t.onList = () => listBody([obj('a', '1')], '2');
  clock.advance(2000);
  await waitFor(() => lw.state.phase === 'watching', 'recovered after RBAC and credentials were fixed');
  lw.stop();
});

test('stop aborts the watch and cancels retries', async () => {
  const t = new FakeTransport();
  t.onList = () => listBody([], '1');
  const { lw, clock } = setup(t);
  lw.start();
  await waitFor(() => t.openWatches().length === 1, 'the watch');
  lw.stop();
  assert.equal(t.watches[0].aborted, true);
  assert.equal(lw.state.phase, 'stopped');
  clock.advance(60_000);
  assert.equal(t.gets.length, 1);
});

test('backoff adds at most the jitter fraction and never exceeds the cap', () => {
  const p: BackoffPolicy = { initialMs: 800, maxMs: 30_000, factor: 2, jitter: 0.2 };
  assert.equal(backoffDelay(p, 1, () => 0), 800);
  assert.equal(backoffDelay(p, 1, () => 1), 960);
  assert.equal(backoffDelay(p, 3, () => 0.5), 3520);
  assert.equal(backoffDelay(p, 20, () => 1), 30_000);
});

test('a continue token that expires mid-list falls back to one unpaged list', async () => {
  const t = new FakeTransport();
  t.onList = (_p, q) => {
    if (q.limit === undefined) return listBody([obj('a', '1'), obj('b', '2'), obj('c', '3')], '40');
    if (q.continue) return statusBody(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result.');
    return listBody([obj('a', '1'), obj('b', '2')], '10', 'page2');
  };
  const { sink, lw } = setup(t);
  lw.start();
  await waitFor(() => t.openWatches().length === 1, 'the watch');
  assert.deepEqual(t.gets.map((g) => g.query.limit), [2, 2, undefined]);
  assert.deepEqual([...sink.items.keys()], ['a', 'b', 'c']);
  assert.equal(t.openWatches()[0].query.resourceVersion, '40');
  lw.stop();
});

test('the next page is requested before the current one is parsed, from the continue token at the head of the body', async () => {
  assert.equal(peekContinue(listBody([obj('a', '1')], '10', 'tok-1').body), 'tok-1');
  assert.equal(peekContinue(listBody([obj('a', '1')], '10').body), undefined);
  assert.equal(peekContinue(JSON.stringify({ items: [{ metadata: { continue: 'not-me' } }], metadata: { continue: 'x' } })), undefined, 'metadata after items: no guess');
  const t = new FakeTransport();
  const order: string[] = [];
  t.onList = (_p, q) => {
    order.push(`get ${q.continue ?? 'first'}`);
    return q.continue === 'p2' ? listBody([obj('b', '2')], '10') : listBody([obj('a', '1')], '10', 'p2');
  };
  const { lw, sink } = setup(t);
  const project = (o: any) => (order.push(`project ${o.metadata.name}`), { name: o.metadata.name, rv: o.metadata.resourceVersion });
  const lw2 = new ListWatch<Rec>({ transport: t, ref: { resource: 'pods', path: '/api/v1/pods' }, project, sink, clock: new FakeClock(), pageSize: 1 });
  lw2.start();
  await waitFor(() => t.openWatches().length === 1, 'the watch');
  assert.deepEqual(order, ['get first', 'get p2', 'project a', 'project b']);
  lw.stop();
  lw2.stop();
});

function setupTimed(transport: FakeTransport) {
  const clock = new FakeClock();
  const sink = new Sink();
  const lw = new ListWatch<Rec>({
    transport,
    ref: { resource: 'pods', path: '/api/v1/pods' },
    project: (o) => ({ name: o.metadata.name!, rv: o.metadata.resourceVersion! }),
    sink,
    clock,
    backoff: POLICY,
    random: () => 0,
    watchTimeoutSeconds: 300,
    watchOpenTimeoutMs: 30_000,
    watchIdleTimeoutMs: 180_000,
    watchDeadlineGraceMs: 30_000,
  });
  return { clock, sink, lw };
}

test('a watch gone silent (half-open connection) is dropped and resumed from the last resourceVersion', async () => {
  const t = new FakeTransport();
  t.onList = () => listBody([obj('a', '1')], '5');
  const { clock, sink, lw } = setupTimed(t);
  lw.start();
  await waitFor(() => t.openWatches().length === 1, 'the watch');
  t.watches[0].send('MODIFIED', obj('a', '7'));
  clock.advance(179_999);
  assert.equal(t.watches.length, 1, 'quiet for less than the idle timeout: kept');
  clock.advance(1);
  await waitFor(() => t.openWatches().length === 1 && t.watches.length === 2, 'the resumed watch');
  assert.equal(t.watches[0].aborted, true, 'the silent stream is closed on our side');
  assert.equal(t.watches[1].query.resourceVersion, '7');
  assert.equal(sink.replaced, 1, 'resumed, not relisted');
  assert.equal(sink.stale, false);
  assert.equal(lw.state.phase, 'watching');
  // An event the dead stream would have delivered arrives on the new one.
  t.watches[1].send('ADDED', obj('b', '8'));
  assert.deepEqual([...sink.items.keys()], ['a', 'b']);
  lw.stop();
});

test('bookmarks keep a quiet watch alive until timeoutSeconds plus a grace period', async () => {
  const t = new FakeTransport();
  t.onList = () => listBody([], '5');
  const { clock, lw } = setupTimed(t);
  lw.start();
  await waitFor(() => t.openWatches().length === 1, 'the watch');
  assert.equal(t.watches[0].query.timeoutSeconds, 300);
  // The server sends a bookmark every minute but never closes the stream (a proxy keeps it).
  for (let s = 60; s <= 300; s += 60) {
    clock.advance(60_000);
    t.watches[0].send('BOOKMARK', { metadata: { resourceVersion: String(100 + s) } });
  }
  clock.advance(29_999);
  assert.equal(t.watches.length, 1, 'within the grace period after timeoutSeconds');
  clock.advance(1);
  await waitFor(() => t.watches.length === 2 && t.openWatches().length === 1, 'the watch restarted after the deadline');
  assert.equal(t.watches[0].aborted, true);
  assert.equal(t.watches[1].query.resourceVersion, '400', 'from the last bookmark');
  lw.stop();
});

test('a watch request that gets no answer is a failure: stale, backoff, then resumed', async () => {
  const t = new FakeTransport();
  t.onList = () => listBody([obj('a', '1')], '5');
  const { clock, sink, lw } = setupTimed(t);
  lw.start();
  await waitFor(() => t.openWatches().length === 1, 'the watch');
  t.onWatch = () => 'hang';
  clock.advance(60_000);
  t.watches[0].close(); // the server ends the watch at its timeout; the new request hangs
  await waitFor(() => t.watchAttempts === 2, 'the second watch request');
  clock.advance(29_999);
  assert.equal(lw.state.phase, 'watching');
  clock.advance(1);
  assert.equal(lw.state.phase, 'backoff');
  assert.equal(sink.stale, true, 'not presented as live while the cluster does not answer');
  assert.match(lw.state.lastError!.message, /no answer to the watch of pods within 30 s/);
  // The hung request answers late: it is dropped, not mistaken for the current watch.
  t.answerHung();
  await waitFor(() => t.watches.length === 2, 'the late stream');
  await waitFor(() => t.watches[1].aborted, 'the late stream aborted');
  t.onWatch = () => 'open';
  clock.advance(lw.state.retryAt! - clock.now());
  await waitFor(() => t.openWatches().length === 1, 'the retried watch');
  assert.equal(t.openWatches()[0].query.resourceVersion, '5');
  assert.equal(sink.stale, false);
  assert.equal(lw.state.phase, 'watching');
  lw.stop();
});

test('a silent watch resumed after history was compacted relists (410 Gone)', async () => {
  const t = new FakeTransport();
  let listed = 0;
  t.onList = () => (++listed === 1 ? listBody([obj('a', '1'), obj('b', '2')], '5') : listBody([obj('b', '9')], '50'));
  const { clock, sink, lw } = setupTimed(t);
  lw.start();
  await waitFor(() => t.openWatches().length === 1, 'the watch');
  let gone = false;
  t.onWatch = () => (gone ? 'open' : ((gone = true), { status: 410 }));
  clock.advance(180_000);
  await waitFor(() => listed === 2 && t.openWatches().length === 1, 'relist and a new watch');
  assert.deepEqual([...sink.items], [['b', '9']]);
  assert.equal(t.openWatches()[0].query.resourceVersion, '50');
  lw.stop();
});

test('pages of the first list are shown as they arrive; a relist replaces at once', async () => {
  const t = new FakeTransport();
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let listed = 0;
  t.onList = async (_p, q) => {
    if (!q.continue) return listBody([obj('a', '1'), obj('b', '2')], '10', 'page2');
    await held;
    listed++;
    return listBody([obj('c', '3')], '10');
  };
  const { sink, lw } = setup(t);
  const pages: string[][] = [];
  const progressive = Object.assign(sink, { addPage: (r: Rec[]) => pages.push(r.map((x) => x.name)) });
  const lw2 = new ListWatch<Rec>({ transport: t, ref: { resource: 'pods', path: '/api/v1/pods' }, project: (o) => ({ name: o.metadata.name!, rv: o.metadata.resourceVersion! }), sink: progressive, clock: new FakeClock(), pageSize: 2 });
  lw2.start();
  await waitFor(() => pages.length === 1, 'the first page');
  assert.deepEqual(pages, [['a', 'b']]);
  assert.equal(sink.replaced, 0, 'the list is not complete yet');
  release();
  await waitFor(() => t.openWatches().length === 1, 'the watch');
  assert.deepEqual(pages, [['a', 'b']], 'the last page comes with replace()');
  assert.equal(sink.replaced, 1);
  assert.deepEqual([...sink.items.keys()], ['a', 'b', 'c']);
  // After 410 the old state stays shown (stale) until the whole fresh list replaces it.
  t.openWatches()[0].send('ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old' });
  await waitFor(() => t.openWatches().length === 1 && sink.replaced === 2, 'the relist');
  assert.equal(pages.length, 1);
  assert.equal(listed, 2);
  lw.stop();
  lw2.stop();
});
