// Re-parsing a 1,000-document file on every keystroke costs far more than the edit: this cache
// splits the text at document markers and re-parses only the documents whose text changed.
import { parseManifests, type FieldAtPosition, type ManifestDocument, type Position, type SourceRange } from './documents';

// A `---` at the start of a line always starts a document in YAML (it cannot occur inside content).
const MARKER = /^---(?=[ \t]|$)/gm;
// Directives and `...` end markers change how documents join; such files are parsed whole.
const NEEDS_WHOLE_PARSE = /^(%|\.\.\.(?=[ \t]|$))/m;

interface Chunk {
  text: string;
  /** Line of the chunk's first character in the file. */
  line: number;
}

function chunksOf(text: string): Chunk[] {
  const starts = [0];
  for (const m of text.matchAll(MARKER)) if (m.index !== 0) starts.push(m.index);
  const chunks: Chunk[] = [];
  let line = 0;
  for (let i = 0; i < starts.length; i++) {
    const chunkText = text.slice(starts[i], starts[i + 1] ?? text.length);
    chunks.push({ text: chunkText, line });
    for (let j = 0; j < chunkText.length; j++) if (chunkText.charCodeAt(j) === 10) line++;
  }
  return chunks;
}

function shiftPosition(p: Position, by: number): Position {
  return { line: p.line + by, character: p.character };
}

function shiftRange(r: SourceRange, by: number): SourceRange {
  return { start: shiftPosition(r.start, by), end: shiftPosition(r.end, by) };
}

/** The same document seen from `by` lines further down the file. */
function shifted(doc: ManifestDocument, by: number, index: number): ManifestDocument {
  if (by === 0 && doc.index === index) return doc;
  return {
    index,
    range: shiftRange(doc.range, by),
    object: doc.object,
    problems: doc.problems.map((p) => ({ ...p, range: shiftRange(p.range, by) })),
    rangeOf: (field: string) => shiftRange(doc.rangeOf(field), by),
    pathAt: (position: Position): FieldAtPosition | undefined => doc.pathAt({ line: position.line - by, character: position.character }),
  };
}

export class ManifestDocumentCache {
  // Parsed chunks of the previous text only, so the cache never outgrows one file.
  private parsed = new Map<string, ManifestDocument[]>();
  /** Documents parsed (not reused) by the last call, for tests and benchmarks. */
  lastParsed = 0;

  parse(text: string): ManifestDocument[] {
    if (NEEDS_WHOLE_PARSE.test(text)) {
      this.parsed.clear();
      const docs = parseManifests(text);
      this.lastParsed = docs.length;
      return docs;
    }
    const next = new Map<string, ManifestDocument[]>();
    const out: ManifestDocument[] = [];
    this.lastParsed = 0;
    for (const chunk of chunksOf(text)) {
      let docs = next.get(chunk.text) ?? this.parsed.get(chunk.text);
      if (!docs) {
        docs = parseManifests(chunk.text);
        this.lastParsed += docs.length;
      }
      next.set(chunk.text, docs);
      for (const d of docs) out.push(shifted(d, chunk.line, out.length));
    }
    this.parsed = next;
    return out;
  }
}
