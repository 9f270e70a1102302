import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, formatMilli, parseQuantity, QuantityParseError, toBytes, toMilli, tryParseQuantity } from '../../../src/kube/quantity';

test('cpu quantities convert to exact milli-units', () => {
  assert.equal(toMilli('100m'), 100);
  assert.equal(toMilli('1'), 1000);
  assert.equal(toMilli('0.1'), 100);
  assert.equal(toMilli('1.5'), 1500);
  assert.equal(toMilli('.5'), 500);
  assert.equal(toMilli(2), 2000);
  assert.equal(toMilli('1e3'), 1_000_000);
  assert.equal(toMilli('250u'), 1, 'sub-milli amounts round up, as Kubernetes rounds them');
});

test('memory quantities convert to bytes with binary and decimal suffixes', () => {
  assert.equal(toBytes('1Gi'), 1073741824);
  assert.equal(toBytes('32Gi'), 32 * 2 ** 30);
  assert.equal(toBytes('500Mi'), 500 * 2 ** 20);
  assert.equal(toBytes('1G'), 1e9);
  assert.equal(toBytes('128974848'), 128974848);
  assert.equal(toBytes('129e6'), 129e6);
  assert.equal(toBytes('123Mi'), 123 * 2 ** 20);
  assert.equal(toBytes('1.5Gi'), 1.5 * 2 ** 30);
  assert.equal(toBytes('100m'), 1, 'a fraction of a byte rounds up to one');
});

test('malformed quantities say what is wrong', () => {
  assert.throws(() => parseQuantity('1Gb'), (e: unknown) => e instanceof QuantityParseError && /unknown suffix "Gb"/.test(e.message) && /Gi/.test(e.message));
  assert.throws(() => parseQuantity(''), /quantity "" is invalid: it is empty/);
  assert.throws(() => parseQuantity('abc'), /does not start with a number/);
  assert.throws(() => parseQuantity('1 Gi'), /space between the number and the suffix/);
  assert.equal(tryParseQuantity('lots'), undefined);
  assert.ok(tryParseQuantity('2Ki'));
});

test('formatting prints cpu and memory as kubectl does', () => {
  assert.equal(formatMilli(250), '250m');
  assert.equal(formatMilli(2000), '2');
  assert.equal(formatBytes(2 ** 30), '1Gi');
  assert.equal(formatBytes(512 * 2 ** 20), '512Mi');
  assert.equal(formatBytes(1000), '1000');
});
