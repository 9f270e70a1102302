import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests, type ManifestDocument } from '../../../src/manifests/documents';
import { ManifestDocumentCache } from '../../../src/manifests/document-cache';

const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: "${i}"\n`;
const file = (n: number) => Array.from({ length: n }, (_, i) => doc(i)).join('---\n');

const view = (docs: ManifestDocument[]) =>
  docs.map((d) => ({ index: d.index, range: d.range, object: d.object, problems: d.problems.length, data: d.rangeOf('data.k').start, path: d.pathAt({ line: d.range.start.line + 5, character: 3 }) }));

test('the cache gives the same documents, lines and fields as a whole parse', () => {
  for (const text of [file(3), `# leading comment\n---\n${file(2)}`, `${file(2)}---\n`, 'kind: Pod\nmetadata:\n  name: [x\n---\n' + doc(9), '%YAML 1.2\n---\n' + doc(1)]) {
    assert.deepEqual(view(new ManifestDocumentCache().parse(text)), view(parseManifests(text)), text);
  }
});

test('an edit re-parses only the document that changed, and lines below still line up', () => {
  const cache = new ManifestDocumentCache();
  cache.parse(file(50));
  assert.equal(cache.lastParsed, 50);
  const edited = file(50).replace('name: c10\n', 'name: c10\n  labels:\n    a: b\n');
  const docs = cache.parse(edited);
  assert.equal(cache.lastParsed, 1);
  assert.deepEqual(view(docs), view(parseManifests(edited)));
  assert.equal(docs[49].object?.metadata.name, 'c49');
});
