import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rowWindow, scrollTopToReveal } from '../../../webview/trace/row-window.js';

test('only the rows in view plus the overscan are in the DOM, whatever the table size', () => {
  // 5,000 rows of 26 px in a 520 px viewport at the top: 21 visible rows + 8 below.
  assert.deepEqual(rowWindow(0, 520, 26, 5000), { first: 0, end: 29 });
  // Scrolled to row 1,000: 8 rows above it are kept too.
  assert.deepEqual(rowWindow(26_000, 520, 26, 5000), { first: 992, end: 1029 });
  // Mid-row offsets show the partly visible row.
  assert.deepEqual(rowWindow(26_013, 520, 26, 5000, 0), { first: 1000, end: 1021 });
  // The end of the table is clamped, even past the last row (elastic over-scroll).
  assert.deepEqual(rowWindow(5000 * 26, 520, 26, 5000), { first: 4991, end: 5000 });
  const w = rowWindow(123_456, 800, 26, 5000);
  assert.ok(w.end - w.first <= Math.ceil(800 / 26) + 1 + 16);
});

test('small and empty tables, and a collapsed viewport, never produce a negative window', () => {
  assert.deepEqual(rowWindow(0, 520, 26, 3), { first: 0, end: 3 });
  assert.deepEqual(rowWindow(0, 520, 26, 0), { first: 0, end: 0 });
  assert.deepEqual(rowWindow(-40, 0, 26, 10, 0), { first: 0, end: 1 });
});

test('revealing a row scrolls just enough to show it below the sticky header', () => {
  // Viewport 300 px with a 30 px header: 270 px of rows, i.e. rows 0..9 at scrollTop 0 (10 x 26 = 260).
  assert.equal(scrollTopToReveal(5, 0, 300, 26, 30), 0);
  assert.equal(scrollTopToReveal(10, 0, 300, 26, 30), 11 * 26 - 270);
  assert.equal(scrollTopToReveal(2, 26 * 40, 300, 26, 30), 52);
  assert.equal(scrollTopToReveal(4999, 0, 300, 26, 30), 5000 * 26 - 270);
});
