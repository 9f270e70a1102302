// Server-set metadata helpers on the write path: their shortcuts must answer exactly as the
// plain versions (serialize and compare, format a Date, one randomBytes call per name).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../src/kube/object';
import { generatedName, newUid, randomSuffix, sameJsonText, specChanged, timestamp } from '../../../src/emulator/apiserver/object-meta';

/** Everything but metadata and status, serialized: what specChanged compares, spelled out. */
function specOf(obj: KubeObject): string {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return JSON.stringify(rest);
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const LEAVES: unknown[] = [0, -0, 1, 1.5, NaN, Infinity, '', '1', 'a', true, false, null, undefined, () => 1];

function value(rnd: () => number, depth: number): unknown {
  const r = rnd();
  if (depth > 3 || r < 0.4) return LEAVES[Math.floor(rnd() * LEAVES.length)];
  const n = Math.floor(rnd() * 4);
  if (r < 0.6) return Array.from({ length: n }, () => value(rnd, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) o[['a', 'b', '1', 'c'][Math.floor(rnd() * 4)]] = value(rnd, depth + 1);
  return o;
}

/** `v` with a few values changed, dropped or moved, sharing what it does not change. */
function variant(v: unknown, rnd: () => number): unknown {
  if (rnd() < 0.5 || typeof v !== 'object' || v === null) return rnd() < 0.2 ? value(rnd, 3) : v;
  if (Array.isArray(v)) return v.map((x) => variant(x, rnd));
  const entries = Object.entries(v).map(([k, x]) => [k, variant(x, rnd)] as [string, unknown]);
  if (rnd() < 0.2) entries.reverse();
  if (rnd() < 0.1) entries.pop();
  return Object.fromEntries(entries);
}

/** A deep copy that shares nothing (functions kept as they are). */
function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]));
  return v;
}

describe('metadata helpers of the write path', () => {
  it('compares JSON texts exactly as JSON.stringify would', () => {
    const rnd = random(3);
    let same = 0;
    for (let i = 0; i < 5000; i++) {
      const a = value(rnd, 0);
      const b = rnd() < 0.5 ? variant(a, rnd) : copy(a);
      const expected = JSON.stringify(a) === JSON.stringify(b);
      if (expected) same++;
      assert.equal(sameJsonText(a, b), expected, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
    assert.ok(same > 1000 && same < 4900, `both answers are exercised (${same} equal)`);
  });

  it('sees a spec change as specOf does, whatever the two share', () => {
    const pod = (): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x' }] }, status: { phase: 'Pending' } });
    const live = pod();
    const cases: KubeObject[] = [
      { ...live, status: { phase: 'Running' } },
      { ...live, metadata: { name: 'p', labels: { a: 'b' } } },
      { ...live, spec: { ...live.spec, nodeName: 'n1' } },
      { ...live, spec: { ...live.spec, nodeName: undefined } },
      { ...live, spec: { containers: [{ image: 'x', name: 'a' }] } },
      { ...live, extra: 1 } as KubeObject,
      { ...live, extra: undefined } as KubeObject,
      pod(),
    ];
    for (const next of cases) assert.equal(specChanged(next, live), specOf(next) !== specOf(live), JSON.stringify(next));
  });

  it('writes RFC 3339 seconds for any time, cached or not', () => {
    const times = [Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 999, Date.UTC(2026, 0, 1) + 1000, Date.UTC(2026, 0, 1) + 500, Date.UTC(1999, 11, 31, 23, 59, 59, 999)];
    for (const ms of times) assert.equal(timestamp(ms), new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
    assert.equal(timestamp(Date.UTC(2026, 0, 1, 0, 0, 1, 400)), '2026-01-01T00:00:01Z');
    assert.throws(() => timestamp(NaN), RangeError);
  });

  it('generates names from the no-vowel alphabet, different each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const s = randomSuffix();
      assert.match(s, /^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      seen.add(s);
    }
    assert.ok(seen.size > 1990, 'suffixes do not repeat in a run of 2,000');
    assert.equal(generatedName('x'.repeat(70)).length, 63);
  });

  it('makes version 4 uids that do not repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const uid = newUid();
      assert.match(uid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(uid);
    }
    assert.equal(seen.size, 3000);
  });
});
