// Keys in lexical order, for prefix scans and paging. A sorted array of small sorted
// chunks: inserting one key into 150k moves at most a chunk, not the whole array, and a
// page of a list is a binary search plus a short walk.

const MAX_CHUNK = 512;

export interface Keyed {
  readonly key: string;
}

export class KeyIndex<T extends Keyed> {
  private chunks: T[][] = [];
  /**
   * lastKeys[c] is the last key of chunks[c] (any key from it up to the next chunk's first
   * would do): finding a key's chunk reads one array of strings instead of chunk -> item ->
   * key per step, each a likely cache miss among ~1M records (inserts were ~1.1 % of the
   * emulator's CPU at 5,000 nodes; -4 .. -11 % per insert into 750,000 keys, docs/bench/s5-b.md).
   */
  private lastKeys: string[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Replaces the contents with `items`, which must be sorted by key and unique. */
  load(items: T[]): void {
    this.chunks = [];
    this.lastKeys = [];
    for (let i = 0; i < items.length; i += MAX_CHUNK / 2) {
      const chunk = items.slice(i, i + MAX_CHUNK / 2);
      this.chunks.push(chunk);
      this.lastKeys.push(chunk[chunk.length - 1].key);
    }
    this.count = items.length;
  }

  insert(item: T): void {
    if (this.chunks.length === 0) {
      this.chunks.push([item]);
      this.lastKeys.push(item.key);
      this.count = 1;
      return;
    }
    let c = this.chunkFor(item.key);
    if (c === this.chunks.length) c--; // after every key: append to the last chunk
    const chunk = this.chunks[c];
    const i = lowerBound(chunk, item.key);
    if (i < chunk.length && chunk[i].key === item.key) throw new Error(`key index: duplicate key ${item.key}`);
    chunk.splice(i, 0, item);
    if (i === chunk.length - 1) this.lastKeys[c] = item.key;
    this.count++;
    if (chunk.length > MAX_CHUNK) {
      const upper = chunk.splice(MAX_CHUNK / 2);
      this.chunks.splice(c + 1, 0, upper);
      this.lastKeys[c] = chunk[chunk.length - 1].key;
      this.lastKeys.splice(c + 1, 0, upper[upper.length - 1].key);
    }
  }

  remove(key: string): boolean {
    const c = this.chunkFor(key);
    if (c === this.chunks.length) return false;
    const chunk = this.chunks[c];
    const i = lowerBound(chunk, key);
    if (i >= chunk.length || chunk[i].key !== key) return false;
    chunk.splice(i, 1);
    this.count--;
    if (chunk.length === 0) {
      this.chunks.splice(c, 1);
      this.lastKeys.splice(c, 1);
    } else if (chunk.length < MAX_CHUNK / 8 && c + 1 < this.chunks.length && chunk.length + this.chunks[c + 1].length <= MAX_CHUNK / 2) {
      // Churn (pods come and go) must not leave thousands of near-empty chunks behind.
      chunk.push(...this.chunks[c + 1]);
      this.chunks.splice(c + 1, 1);
      this.lastKeys.splice(c, 1); // chunk c now ends where chunk c + 1 did
    } else this.lastKeys[c] = chunk[chunk.length - 1].key;
    return true;
  }

  /**
   * Calls `visit` for each item with key >= `from` (or > `from` when `exclusive`), in order,
   * until it returns false.
   */
  scan(from: string, exclusive: boolean, visit: (item: T) => boolean): void {
    let c = this.chunkFor(from);
    if (c === this.chunks.length) return;
    let i = lowerBound(this.chunks[c], from);
    if (exclusive && i < this.chunks[c].length && this.chunks[c][i].key === from) i++;
    for (; c < this.chunks.length; c++, i = 0) {
      const chunk = this.chunks[c];
      for (; i < chunk.length; i++) if (!visit(chunk[i])) return;
    }
  }

  /** A flat copy, in key order (snapshots iterate it while writes go on). */
  toArray(): T[] {
    return ([] as T[]).concat(...this.chunks);
  }

  /** Index of the first chunk whose last key is >= key (chunks.length if none). */
  private chunkFor(key: string): number {
    const lastKeys = this.lastKeys;
    let lo = 0;
    let hi = lastKeys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lastKeys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lowerBound<T extends Keyed>(items: T[], key: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid].key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
