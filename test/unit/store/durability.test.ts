import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { openStore, StoreUnavailableError, type StoreEvent } from '../../../src/emulator/store/index';
import { readFrames } from '../../../src/emulator/store/record-codec';
import { parse, pod, podKey, scratchDir } from './fixtures/objects';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function tempDir(): string {
  const s = scratchDir();
  cleanups.push(s.remove);
  return s.dir;
}

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

/** What a crash leaves: a copy of the files of an open store, its lock owned by a dead process. */
function crashCopy(from: string): string {
  const to = tempDir();
  fs.cpSync(from, to, { recursive: true });
  fs.writeFileSync(path.join(to, 'LOCK'), `${deadPid()}\n`);
  return to;
}

/** Where the WAL's records end (a zero-filled file goes on with zeros after that). */
function dataEnd(file: string): number {
  return readFrames(file, () => {}).goodLength;
}

function writeAt(file: string, at: number, bytes: Buffer): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, bytes, 0, bytes.length, at);
  fs.closeSync(fd);
}

/** Small zero-filled WAL files: quick to create, and writes cross from one file to the next. */
const SMALL_WAL = { walSegmentBytes: 16 * 1024 };

function walFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => /^wal-\d+\.log$/.test(f)).sort();
}

describe('store durability', () => {
  it('restart restores objects, revision, compaction and history, and continues the revision sequence', async () => {
    const dir = tempDir();
    let store = await openStore({ dir }); // default WAL file size
    const a1 = await store.create(podKey('a'), pod('a', { n: 1 }));
    await store.create(podKey('b'), pod('b'));
    await store.update(podKey('a'), pod('a', { n: 2 }), a1.modRevision);
    await store.delete(podKey('b'));
    await store.create(podKey('c'), pod('c'));
    store.compact(2);
    const before = store.list('/registry/');
    const at3 = store.list('/registry/', { revision: 3 });
    await store.close();

    store = await openStore({ dir });
    assert.equal(store.revision, 5);
    assert.equal(store.compactedRevision, 2);
    assert.deepEqual(store.list('/registry/'), before);
    assert.deepEqual(store.list('/registry/', { revision: 3 }), at3, 'history survives a restart');
    const replay: string[] = [];
    store.watch('/registry/', 2, (e) => replay.push(`${e.type} ${e.revision}`));
    assert.deepEqual(replay, ['MODIFIED 3', 'DELETED 4', 'ADDED 5']);
    const d = await store.create(podKey('d'), pod('d'));
    assert.equal(d.modRevision, 6);
    assert.equal(parse(d.json).metadata.resourceVersion, '6');
    await store.close();
  });

  it('recovers acknowledged writes from the WAL alone after a crash (no close, no snapshot)', async () => {
    const dir = tempDir();
    const store = await openStore({ ...SMALL_WAL, dir });
    for (let i = 0; i < 50; i++) await store.create(podKey(`p${i}`), pod(`p${i}`, { i }));
    await store.update(podKey('p7'), pod('p7', { i: 'seven' }));
    const expected = store.list('/registry/pods/');
    const crashed = crashCopy(dir);
    await store.close();

    assert.ok(!fs.existsSync(path.join(crashed, 'snapshot.db')), 'nothing but the WAL to recover from');
    const again = await openStore({ ...SMALL_WAL, dir: crashed });
    assert.equal(again.revision, 51);
    assert.deepEqual(again.list('/registry/pods/'), expected);
    await again.close();
  });

  it('recovers values and keys that are not ASCII byte for byte from the WAL', async () => {
    const dir = tempDir();
    const store = await openStore({ ...SMALL_WAL, dir });
    const texts = ['café', '日本語のメッセージ', 'emoji 🚀 and \u0000 nul', 'é'.repeat(3000)];
    for (const [i, text] of texts.entries()) await store.create(podKey(`p${i}-ü`), pod(`p${i}-ü`, { text }));
    await store.create(podKey('ascii'), pod('ascii', { text: 'plain' }));
    const expected = store.list('/registry/pods/');
    const crashed = crashCopy(dir);
    await store.close();
    const again = await openStore({ ...SMALL_WAL, dir: crashed });
    assert.deepEqual(again.list('/registry/pods/'), expected);
    for (const [i, text] of texts.entries()) assert.equal(parse(again.get(podKey(`p${i}-ü`))!.json).spec!.text, text);
    await again.close();
  });

  for (const walSegmentBytes of [0, 4096]) {
    const kind = walSegmentBytes ? 'zero-filled' : 'plain';
    it(`ignores a torn last WAL record and keeps working after it (${kind} WAL files)`, async () => {
      const dir = tempDir();
      const store = await openStore({ dir, walSegmentBytes });
      for (let i = 0; i < 10; i++) await store.create(podKey(`p${i}`), pod(`p${i}`));
      const crashed = crashCopy(dir);
      await store.close();
      // A crash mid-append: half of a frame header and payload made it to disk.
      const wal = path.join(crashed, walFiles(crashed).at(-1)!);
      writeAt(wal, dataEnd(wal), Buffer.from([0x40, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78, 0x01, 0x02]));

      const logged: string[] = [];
      const reopened = await openStore({ dir: crashed, walSegmentBytes, log: (m, severity) => logged.push(`${severity} ${m}`) });
      assert.equal(reopened.revision, 10);
      assert.equal(reopened.list('/registry/pods/').items.length, 10);
      assert.match(logged.join('\n'), /^W store: ignored a torn WAL tail/m);
      await reopened.create(podKey('after'), pod('after'));
      await reopened.close();
      const third = await openStore({ dir: crashed, walSegmentBytes });
      assert.equal(third.revision, 11);
      assert.ok(third.get(podKey('after')));
      await third.close();
    });

    it(`ignores a last WAL record whose checksum does not match (${kind} WAL files)`, async () => {
      const dir = tempDir();
      const store = await openStore({ dir, walSegmentBytes });
      for (let i = 0; i < 5; i++) await store.create(podKey(`p${i}`), pod(`p${i}`));
      const crashed = crashCopy(dir);
      await store.close();
      const wal = path.join(crashed, walFiles(crashed).at(-1)!);
      const end = dataEnd(wal);
      const bytes = fs.readFileSync(wal);
      bytes[end - 3] ^= 0xff; // inside the JSON of the last record
      fs.writeFileSync(wal, bytes);
      const reopened = await openStore({ dir: crashed, walSegmentBytes, log: () => {} });
      assert.equal(reopened.revision, 4);
      assert.equal(reopened.get(podKey('p4')), undefined);
      await reopened.close();
    });
  }

  it('snapshots when the WAL grows, deletes the WAL files it covers, and restores from both', async () => {
    const dir = tempDir();
    const store = await openStore({ ...SMALL_WAL, dir, snapshotAfterBytes: 32 * 1024 });
    const events: StoreEvent[] = [];
    store.watch('/registry/', 0, (e) => events.push(e));
    for (let i = 0; i < 300; i++) {
      const key = podKey(`p${i % 40}`);
      if (store.get(key)) await store.update(key, pod(`p${i % 40}`, { i, pad: 'x'.repeat(200) }));
      else await store.create(key, pod(`p${i % 40}`, { i }));
    }
    await store.snapshot(); // and wait for the background one, if it is still writing
    assert.ok(fs.existsSync(path.join(dir, 'snapshot.db')));
    assert.ok(walFiles(dir).length <= 2, `old WAL files retired: ${walFiles(dir).join(', ')}`);
    const expected = store.list('/registry/');
    const crashed = crashCopy(dir);
    await store.close();

    const reopened = await openStore({ ...SMALL_WAL, dir: crashed });
    assert.deepEqual(reopened.list('/registry/'), expected);
    const replayed: StoreEvent[] = [];
    reopened.watch('/registry/', 0, (e) => replayed.push(e));
    assert.deepEqual(replayed, events, 'the whole history, with previous values, survives');
    await reopened.close();
  });

  it('locks the state directory against a second store, and takes over a stale lock', async () => {
    const dir = tempDir();
    const store = await openStore({ ...SMALL_WAL, dir });
    await assert.rejects(openStore({ ...SMALL_WAL, dir }), /state directory .* is in use by process \d+/);
    await store.close();
    fs.writeFileSync(path.join(dir, 'LOCK'), `${deadPid()}\n`);
    const next = await openStore({ ...SMALL_WAL, dir });
    assert.equal(fs.readFileSync(path.join(dir, 'LOCK'), 'utf8').trim(), String(process.pid));
    await next.close();
    assert.ok(!fs.existsSync(path.join(dir, 'LOCK')), 'close releases the lock');
  });

  it('refuses to start from a damaged snapshot, and says what to do', async () => {
    const dir = tempDir();
    const store = await openStore({ ...SMALL_WAL, dir });
    for (let i = 0; i < 5; i++) await store.create(podKey(`p${i}`), pod(`p${i}`));
    await store.close();
    const snap = path.join(dir, 'snapshot.db');
    const bytes = fs.readFileSync(snap);
    bytes[40] ^= 0xff;
    fs.writeFileSync(snap, bytes);
    await assert.rejects(openStore({ ...SMALL_WAL, dir }), /snapshot .* is damaged .* Move the directory away/);
    assert.ok(!fs.existsSync(path.join(dir, 'LOCK')), 'a failed open leaves no lock behind');
  });

  it('acknowledges concurrent writes and shows them to watchers in revision order, only once durable', async () => {
    const dir = tempDir();
    const store = await openStore({ ...SMALL_WAL, dir });
    const seen: number[] = [];
    store.watch('/registry/', 0, (e) => seen.push(e.revision));
    const writes = Array.from({ length: 200 }, (_, i) => store.create(podKey(`p${i}`), pod(`p${i}`)));
    assert.equal(store.get(podKey('p0'))?.modRevision, 1, 'reads see a write at once');
    assert.deepEqual(seen, [], 'watchers see nothing before it is on disk');
    const results = await Promise.all(writes);
    assert.deepEqual(
      results.map((v) => v.modRevision),
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    assert.deepEqual(seen, Array.from({ length: 200 }, (_, i) => i + 1));
    await store.close();
  });

  it('stops taking writes and reports unhealthy when the WAL cannot be written (disk full)', async () => {
    const dir = tempDir();
    const logged: string[] = [];
    // Plain WAL files (no zero-filled file renamed over the name): the next one is /dev/full.
    const store = await openStore({ dir, walSegmentBytes: 0, log: (m) => logged.push(m) });
    await store.create(podKey('a'), pod('a'));
    // The next WAL file is /dev/full: every write to it fails with ENOSPC.
    fs.symlinkSync('/dev/full', path.join(dir, 'wal-000000000002.log'));
    await store.snapshot();
    await assert.rejects(store.create(podKey('b'), pod('b')), (e: unknown) => {
      assert.ok(e instanceof StoreUnavailableError);
      assert.match(e.message, /etcd WAL write failed: .*ENOSPC/);
      return true;
    });
    assert.equal(store.health().ok, false);
    assert.match(store.health().reason ?? '', /ENOSPC/);
    await assert.rejects(store.create(podKey('c'), pod('c')), StoreUnavailableError);
    assert.ok(store.get(podKey('a')), 'reads go on');
    assert.match(logged.join('\n'), /WAL write failed/);
    await store.close();
    assert.ok(!fs.existsSync(path.join(dir, 'LOCK')));
  });

  it('works without fsync too', async () => {
    const dir = tempDir();
    const store = await openStore({ ...SMALL_WAL, dir, fsync: false, groupCommitMs: 1 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.create(podKey(`p${i}`), pod(`p${i}`))));
    await store.close();
    const reopened = await openStore({ ...SMALL_WAL, dir });
    assert.equal(reopened.list('/registry/pods/').items.length, 20);
    await reopened.close();
  });
});
