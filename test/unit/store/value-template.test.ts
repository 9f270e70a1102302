// Stored objects kept as a shared template and their own values: every text must render back
// exactly, objects of one kind must share one template, and the table must stay bounded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templated, TemplatedText, TemplateTable } from '../../../src/emulator/store/value-template';
import { randomJson } from './random-json';

function roundTrip(text: string, table: TemplateTable): string | TemplatedText {
  const t = templated(text, table);
  if (typeof t === 'string') assert.equal(t, text);
  else {
    assert.equal(t.render(), text);
    assert.equal(t.length, text.length, text);
  }
  return t;
}

function roundTripSkipped(text: string, table: TemplateTable, from: number, to: number): string {
  const t = templated(text, table, from, to);
  return typeof t === 'string' ? t : t.render();
}

const pod = (i: number, phase = 'Running', label = 'web') =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-${i}`, namespace: 'default', uid: `${i}a-4b`, resourceVersion: String(100 + i), labels: { app: label } },
    spec: { nodeName: `node-${i % 7}`, containers: [{ name: 'app', image: 'nginx:1.27', command: ['sleep', '3600'] }] },
    status: { phase, podIP: `10.0.0.${i % 250}`, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z` }] },
  });

describe('stored values as a template and their own values', () => {
  it('render back exactly, for pods and for random JSON', () => {
    const table = new TemplateTable(16);
    for (let i = 0; i < 50; i++) roundTrip(pod(i), table);
    const strings = ['', 'a', '1', '9x', '"', '\\', '\\"', ':"', '":"', 'ü✓\u2028', 'name', 'uid', '2026-01-01T00:00:00Z', '10.0.0.1', 'x":', 'a\\'];
    const { value } = randomJson({ seed: 11, strings, scalars: [0, 7, true, null], leafChance: 0.4, maxKeys: 5 });
    for (let n = 0; n < 1000; n++) roundTrip(JSON.stringify(value(0)), table);
    // Not JSON at all: cut or not, the text comes back.
    for (const text of ['"name":"x', ':"', '"a":"1', '{"name":"a\\"}', 'x:"1"y:"2"', '"":""']) roundTrip(text, table);
  });

  it('template a text with a span skipped exactly as the text without it', () => {
    const table = new TemplateTable(16);
    const strings = ['', 'a', '1', '9x', '"', '\\', '\\"', ':"', '":"', 'ü✓\u2028', 'name', 'uid', '2026-01-01T00:00:00Z', '10.0.0.1', 'x":', 'a\\', '\u0000'];
    const { value, random } = randomJson({ seed: 5, strings, scalars: [0, 7, true, null], leafChance: 0.4, maxKeys: 5 });
    // Spans as the store cuts managedFields: with the comma after, with the comma before, alone.
    const spans = ['"managedFields":[{"manager":"m","time":"2026-01-01T00:00:01Z","f":{"k:{\\"ip\\":\\"1\\"}":{}}}],', ',"managedFields":[{"name":"9"}]', '"managedFields":[]'];
    let checked = 0;
    for (let n = 0; n < 1500; n++) {
      const text = JSON.stringify(value(0));
      // Where a key starts (after `{` or `,`), or where an object ends; as the span sits in metadata.
      const at: number[] = [];
      for (let i = 1; i < text.length; i++) if (text[i] === '"' && (text[i - 1] === '{' || text[i - 1] === ',')) at.push(i);
      if (at.length === 0) continue;
      const i = at[Math.floor(random() * at.length)];
      const span = text[i - 1] === ',' && random() < 0.5 ? spans[1] : spans[random() < 0.8 ? 0 : 2];
      // A span with its comma before goes before the comma that ends the previous value.
      const from = span === spans[1] ? i - 1 : i;
      const withSpan = text.slice(0, from) + span + text.slice(from);
      // Either made first: new templates are made from both kinds of text.
      const spanFirst = n % 2 === 0;
      const first = spanFirst ? templated(withSpan, table, from, from + span.length) : templated(text, table);
      const second = spanFirst ? templated(text, table) : templated(withSpan, table, from, from + span.length);
      const [t, expected] = spanFirst ? [first, second] : [second, first];
      if (typeof expected === 'string') assert.equal(t, text);
      else {
        assert.ok(t instanceof TemplatedText, text);
        assert.equal(t.render(), text);
        assert.equal(t.length, text.length);
        assert.equal(t.own, expected.own, text);
        assert.equal(t.template, expected.template, 'the same template as the text without the span');
        checked++;
      }
    }
    assert.ok(checked > 100, `${checked} templated texts checked`);
    // Texts that hash alike (the same lengths) and differ after the span: each its own template.
    const alike = (kind: string) => `{"metadata":{"name":"n-1","managedFields":[],"kind":"${kind}"},"x":"${kind}"}`;
    const skipped = (kind: string) => alike(kind).replace('"managedFields":[],', '');
    for (const kind of ['Aaaz', 'Abbz', 'Aaaz']) assert.equal(roundTripSkipped(alike(kind), table, 25, 44), skipped(kind));
    // Spans at the ends: what is kept is still the text, and holds no reference to the span.
    for (const text of ['{"name":"a1"}', '{"kind":"x"}']) {
      assert.equal(roundTripSkipped('"managedFields":[],' + text, table, 0, 19), text);
      assert.equal(roundTripSkipped(text + ',"managedFields":[]', table, text.length, text.length + 19), text);
    }
  });

  it('share one template among objects of one kind, keeping only their own values', () => {
    const table = new TemplateTable(16);
    const values = Array.from({ length: 200 }, (_, i) => roundTrip(pod(i), table));
    const templates = new Set(values.map((v) => (v as TemplatedText).template));
    assert.equal(templates.size, 1);
    const own = (values[42] as TemplatedText).own.split('\u0000');
    assert.deepEqual(own, ['web-42', '42a-4b', '142', 'node-0', 'app', '10.0.0.42', '2026-01-01T00:00:42Z']);
    // Another phase, another template; each found again by later objects.
    const pending = roundTrip(pod(1, 'Pending'), table) as TemplatedText;
    assert.notEqual(pending.template, values[0]);
    assert.equal((roundTrip(pod(2, 'Pending'), table) as TemplatedText).template, pending.template);
    assert.equal((roundTrip(pod(3), table) as TemplatedText).template, (values[0] as TemplatedText).template);
  });

  it('keep a value equal to one of the 8 before it as a reference, and messages without a digit shared', () => {
    const table = new TemplateTable(16);
    const event = (i: number, message: string) =>
      JSON.stringify({ metadata: { name: `e${i}`, creationTimestamp: '9T' }, message, source: { host: `node-${i}` }, firstTimestamp: '9T', lastTimestamp: '9T', reportingInstance: `node-${i}` });
    const a = roundTrip(event(1, 'Started container nginx'), table) as TemplatedText;
    assert.deepEqual(a.own.split('\u0000'), ['e1', '9T', 'node-1', '\u0002', '\u0001', '\u0003']);
    const b = roundTrip(event(2, 'Started container nginx'), table) as TemplatedText;
    assert.equal(a.template, b.template, 'a message without a digit is shared');
    const c = roundTrip(event(3, 'Successfully assigned default/web-3 to node-3'), table) as TemplatedText;
    assert.ok(c.own.includes('Successfully assigned default/web-3 to node-3'), 'a message with a digit is its own');
    // Alternating equal values refer 2 back; an equal value 9 back is kept whole.
    const many = JSON.stringify({ a: Array.from({ length: 6 }, () => ({ ip: '10.0.0.1', x: '7' })) });
    assert.deepEqual((roundTrip(many, table) as TemplatedText).own.split('\u0000'), ['10.0.0.1', '7', ...Array<string>(10).fill('\u0002')]);
    const far = JSON.stringify({ a: ['0a', '1', '2', '3', '4', '5', '6', '7', '8', '0a', '0a'].map((v) => ({ v })) });
    assert.deepEqual((roundTrip(far, table) as TemplatedText).own.split('\u0000').slice(9), ['0a', '\u0001']);
  });

  it('tell apart texts whose kept values hash alike', () => {
    // Same lengths, same first and last characters: the same hash, different templates.
    const table = new TemplateTable(16);
    const a = roundTrip(pod(1, 'Raaag'), table) as TemplatedText;
    const b = roundTrip(pod(2, 'Rbbbg'), table) as TemplatedText;
    assert.notEqual(a.template, b.template);
    for (let i = 3; i < 20; i++) roundTrip(pod(i, i % 2 ? 'Raaag' : 'Rbbbg'), table);
    assert.equal(table.size, 2);
  });

  it('keep a text whole when it holds a raw NUL or has nothing of its own', () => {
    const table = new TemplateTable(16);
    const nul = '{"name":"a\u0000b"}';
    assert.equal(templated(nul, table), nul);
    const plain = '{"kind":"List","items":[]}';
    assert.equal(templated(plain, table), plain);
  });

  it('bound the table when every object makes its own template', () => {
    const table = new TemplateTable(8);
    const values = Array.from({ length: 100 }, (_, i) => roundTrip(pod(i, 'Running', `unique-${'abcdefghij'[i % 10]}${'abcdefghij'[Math.floor(i / 10)]}`), table));
    assert.ok(table.size <= 16, `table holds ${table.size} templates`);
    // Bounded by bytes too: 40 templates of ~20 KB each, 64 KB per generation.
    const big = new TemplateTable(1024, 64 * 1024);
    for (let i = 0; i < 40; i++) roundTrip(JSON.stringify({ metadata: { name: `cm-${i}` }, data: { k: `${'abcdefghij'[i % 10]}${'x'.repeat(20_000)}${'abcdefghij'[Math.floor(i / 10)]}` } }), big);
    assert.ok(big.size <= 8, `table holds ${big.size} large templates`);
    const huge = JSON.stringify({ metadata: { name: 'cm-1' }, data: { k: 'x'.repeat(70_000) } });
    assert.equal(templated(huge, big), huge, 'texts over 64 KB are kept whole');
    // Values outlive their templates' entries in the table.
    assert.equal((values[3] as TemplatedText).render(), pod(3, 'Running', 'unique-da'));
  });
});
