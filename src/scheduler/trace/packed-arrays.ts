// Packed forms of a trace's per-node arrays: node names as ids (in runs when consecutive)
// and numbers as one repeated value, character codes (0-127) or the narrowest typed array.
// Exact: unpacking gives the same values (see compact.ts, which uses them for retained traces).
import type { NodeTable } from '../snapshot/node-table';

/**
 * The snapshot slots of a name list's nodes (scheduleOne registers them for the lists it
 * builds): packNames then finds each id by slot in an Int32Array instead of hashing the
 * name, which at 5,000 nodes cost a cache miss or two per evaluated node and attempt.
 */
export interface NodeSlots {
  readonly table: NodeTable;
  /** The table's epoch when the list was made: slots freed since may hold other nodes. */
  readonly epoch: number;
  readonly slots: ArrayLike<number>;
}
export const nodeSlotsOf = new WeakMap<readonly string[], NodeSlots>();
/** The same for a trace's filterRejections list (one slot per rejection, registered by the recorder). */
export const rejectionSlotsOf = new WeakMap<readonly object[], NodeSlots>();

/** Node names seen in traces, numbered in first-seen order (round-robin sampling keeps ids consecutive). */
export class NodeNameTable {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  /** Id by slot of `slotTable`, -1 when not yet known; valid while the table's epoch is unchanged. */
  private slotIds = new Int32Array(0);
  private slotTable: NodeTable | undefined;
  private slotEpoch = -1;

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }

  get size(): number {
    return this.names.length;
  }

  /** The id of the node in `slot` of `table`, whose name is `name`. */
  idForSlot(table: NodeTable, slot: number, name: string): number {
    if (table !== this.slotTable || table.epoch !== this.slotEpoch || slot >= this.slotIds.length) {
      // Slots were freed or reused, the table grew, or another snapshot: forget what slots meant.
      this.slotIds = new Int32Array(Math.max(table.capacity, slot + 1)).fill(-1);
      this.slotTable = table;
      this.slotEpoch = table.epoch;
    }
    let id = this.slotIds[slot];
    if (id < 0) this.slotIds[slot] = id = this.id(name);
    return id;
  }
}

/** Node names as ids: `runs` holds (first id, count) pairs; `ids` one id per name when runs would be longer. */
export type PackedNames = { runs: Int32Array } | { ids: Int32Array };

/**
 * A number array: one repeated value; integers 0-127 (scores are 0-100) as the character
 * codes of a string (on the JS heap: no typed array's off-heap buffer and its ~160 bytes
 * of bookkeeping); else the narrowest typed array that holds every value exactly.
 */
export type PackedNumbers = { value: number; length: number } | { codes: string } | Uint8Array | Int16Array | Int32Array | Float64Array;

/** Scratch space for packNames: one reused buffer instead of a typed array per call. */
let scratch = new Int32Array(1024);

export function packNames(names: readonly string[], table: NodeNameTable): PackedNames {
  const n = names.length;
  if (scratch.length < n) scratch = new Int32Array(n * 2);
  const ids = scratch;
  let runs = 0;
  let prev = -2;
  const bySlot = nodeSlotsOf.get(names);
  // Private one-row tables (preemption's copies) would only thrash the slot cache: by name.
  if (bySlot && bySlot.table.forSnapshot && bySlot.slots.length === n && bySlot.epoch === bySlot.table.epoch) {
    const { table: nodes, slots } = bySlot;
    for (let i = 0; i < n; i++) {
      const id = table.idForSlot(nodes, slots[i], names[i]);
      if (id !== prev + 1) runs++;
      ids[i] = id;
      prev = id;
    }
  } else {
    const known = table.names;
    for (let i = 0; i < n; i++) {
      const name = names[i];
      // Consecutive evaluations are usually consecutive ids: compare before hashing.
      const id = known[prev + 1] === name ? prev + 1 : table.id(name);
      if (id !== prev + 1) runs++;
      ids[i] = id;
      prev = id;
    }
  }
  if (runs * 2 >= n) return { ids: ids.slice(0, n) };
  const out = new Int32Array(runs * 2);
  let j = -2;
  for (let i = 0; i < n; i++) {
    if (i > 0 && ids[i] === ids[i - 1] + 1) out[j + 1]++;
    else {
      j += 2;
      out[j] = ids[i];
      out[j + 1] = 1;
    }
  }
  return { runs: out };
}

export function unpackNames(p: PackedNames, table: NodeNameTable): string[] {
  const names = table.names;
  if ('ids' in p) return Array.from(p.ids, (id) => names[id]);
  const out: string[] = [];
  for (let j = 0; j < p.runs.length; j += 2) for (let id = p.runs[j], end = id + p.runs[j + 1]; id < end; id++) out.push(names[id]);
  return out;
}

/** Reused for building code strings: no buffer allocated per array. */
let codeScratch = new Uint8Array(1024);
const CODE_CHUNK = 4096;
/**
 * Decodes code bytes into a one-byte string natively. Codes are 0-127, which windows-1252
 * (what 'latin1' names) maps to themselves. String.fromCharCode.apply over a typed array
 * copied the codes into an argument list first (~4 KB of garbage per 500 codes) and took
 * ~6x as long (3.1 vs 0.5 us per 500 codes, Node 20). undefined where the encoding is missing.
 */
const latin1: TextDecoder | undefined = (() => {
  try {
    return new TextDecoder('latin1');
  } catch {
    return undefined;
  }
})();

function codesText(codes: Uint8Array, n: number): string {
  if (latin1) return latin1.decode(codes.subarray(0, n));
  let text = '';
  for (let j = 0; j < n; j += CODE_CHUNK) text += String.fromCharCode.apply(null, codes.subarray(j, Math.min(n, j + CODE_CHUNK)) as unknown as number[]);
  return text;
}

export function packNumbers(a: readonly number[]): PackedNumbers {
  const n = a.length;
  if (n === 0) return new Uint8Array(0);
  // One pass for the common case (scores 0-100, not all equal): copy into codes while checking.
  const first = a[0];
  let uniform = true;
  if (first === (first & 127)) {
    if (codeScratch.length < n) codeScratch = new Uint8Array(n * 2);
    const codes = codeScratch;
    let i = 0;
    for (; i < n; i++) {
      const v = a[i];
      if (v !== (v & 127)) break;
      if (v !== first) uniform = false;
      codes[i] = v;
    }
    if (i === n) {
      if (uniform) return { value: first, length: n };
      return { codes: codesText(codes, n) };
    }
  }
  return packWide(a);
}

function packWide(a: readonly number[]): PackedNumbers {
  const n = a.length;
  const first = a[0];
  let min = first;
  let max = first;
  let integers = true;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (v < min) min = v;
    else if (v > max) max = v;
    if (integers && !Number.isInteger(v)) integers = false;
  }
  if (min === max && integers) return { value: first, length: n };
  let out: Uint8Array | Int16Array | Int32Array | Float64Array;
  if (!integers) out = new Float64Array(n);
  else if (min >= 0 && max <= 255) out = new Uint8Array(n);
  else if (min >= -32768 && max <= 32767) out = new Int16Array(n);
  else if (min >= -2147483648 && max <= 2147483647) out = new Int32Array(n);
  else out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i];
  return out;
}

export function unpackNumbers(p: PackedNumbers): number[] {
  if ('value' in p) return new Array<number>(p.length).fill(p.value);
  if ('codes' in p) {
    const out = new Array<number>(p.codes.length);
    for (let i = 0; i < out.length; i++) out[i] = p.codes.charCodeAt(i);
    return out;
  }
  return Array.from(p);
}

/** The recorder shares frozen arrays of uniform scores across traces: pack each once. */
const packedShared = new WeakMap<readonly number[], PackedNumbers>();
export function packScoreArray(a: readonly number[]): PackedNumbers {
  if (!Object.isFrozen(a)) return packNumbers(a);
  let p = packedShared.get(a);
  if (!p) {
    p = packNumbers(a);
    // Frozen: marks it as one shared by many records (see shareEntry).
    if ('value' in p) Object.freeze(p);
    packedShared.set(a, p);
  }
  return p;
}

export function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
}
