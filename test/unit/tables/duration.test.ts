import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, humanTimeSince, shortHumanDuration } from '../../../src/kube/duration';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

test('humanDuration matches k8s.io/apimachinery HumanDuration', () => {
  const cases: [number, string][] = [
    [-2 * S, '<invalid>'],
    [-1999, '0s'],
    [-1 * S, '0s'],
    [0, '0s'],
    [999, '0s'],
    [1 * S, '1s'],
    [70 * S, '70s'],
    [119 * S + 999, '119s'],
    [120 * S, '2m'],
    [121 * S, '2m1s'],
    [190 * S, '3m10s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 30 * S, '10m'],
    [70 * M, '70m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [3 * H + 30 * M, '3h30m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H + 30 * M, '8h'],
    [47 * H, '47h'],
    [48 * H, '2d'],
    [49 * H, '2d1h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D + 2 * H, '8d'],
    [367 * D, '367d'],
    [2 * Y - 1, '729d'],
    [2 * Y, '2y'],
    [2 * Y + 1 * D + 1 * H, '2y1d'],
    [7 * Y + 364 * D, '7y364d'],
    [8 * Y + 2 * H, '8y'],
    [20 * Y, '20y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms} ms`);
});

test('shortHumanDuration matches ShortHumanDuration', () => {
  const cases: [number, string][] = [
    [-2 * S, '<invalid>'],
    [-1 * S, '0s'],
    [59 * S, '59s'],
    [60 * S, '1m'],
    [59 * M, '59m'],
    [23 * H, '23h'],
    [364 * D, '364d'],
    [400 * D, '1y'],
  ];
  for (const [ms, want] of cases) assert.equal(shortHumanDuration(ms), want, `${ms} ms`);
});

test('humanTimeSince reads RFC 3339 and says <unknown> for nothing', () => {
  const now = Date.parse('2026-01-01T10:00:00Z');
  assert.equal(humanTimeSince('2026-01-01T09:55:00Z', now), '5m');
  assert.equal(humanTimeSince('2025-12-30T07:00:00Z', now), '2d3h');
  assert.equal(humanTimeSince(undefined, now), '<unknown>');
  assert.equal(humanTimeSince('not a time', now), '<unknown>');
});
