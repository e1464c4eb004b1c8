/**
 * Word tokens of a whole trace for the loop detector, as small integer ids: the hot loop of the
 * repetition detector, so it makes no substring, string key or closure per token.
 */
import { CLASS, CJK_WORD_WEIGHT } from './text.ts';
import { unitsOf } from './units.ts';

/** Growable Int32Array: a token list of a 5 MB trace would be millions of boxed array slots. */
class Ints {
  a: Int32Array;
  n = 0;
  constructor(capacity: number) {
    this.a = new Int32Array(Math.max(16, capacity));
  }
  /** Empties the list for reuse, giving back a large buffer (typed arrays are costly to allocate). */
  reset(): void {
    this.n = 0;
    if (this.a.length > 1 << 16) this.a = new Int32Array(4096);
  }
  grow(): void {
    const b = new Int32Array(this.a.length * 2);
    b.set(this.a);
    this.a = b;
  }
  view(): Int32Array {
    return this.a.subarray(0, this.n);
  }
}

// Per BMP code unit: 1 + its lower-case when lower-casing it alone gives one code unit and does
// not depend on its neighbours; -1 otherwise (surrogates, final-sigma Σ, İ); 0 not known yet.
const LOWER = new Int32Array(0x10000);
export function lowerUnit(c: number): number {
  let v = LOWER[c]!;
  if (v === 0) {
    const l = String.fromCharCode(c).toLowerCase();
    LOWER[c] = v = l.length !== 1 || c === 0x3a3 || (c >= 0xd800 && c <= 0xdfff) ? -1 : l.charCodeAt(0) + 1;
  }
  return v;
}

/** Open-addressed table of token ids: slots hold 1 + the index of a token's first occurrence. */
class Slots {
  mask = 1023;
  slots = new Int32Array(1024);
  hashes = new Int32Array(1024);
  used = 0;
  reset(): void {
    if (this.mask > 1023) {
      this.mask = 1023;
      this.slots = new Int32Array(1024);
      this.hashes = new Int32Array(1024);
    } else if (this.used) this.slots.fill(0);
    this.used = 0;
  }
  /** Fills `slot`; doubles the table when it gets half full (no slot index survives that). */
  put(slot: number, h: number, first: number): void {
    this.slots[slot] = first + 1;
    this.hashes[slot] = h;
    if (++this.used * 2 <= this.mask) return;
    const { slots, hashes } = this;
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array(this.mask + 1);
    this.hashes = new Int32Array(this.mask + 1);
    for (let x = 0; x < slots.length; x++) {
      if (slots[x] === 0) continue;
      let y = hashes[x]! & this.mask;
      while (this.slots[y] !== 0) y = (y + 1) & this.mask;
      this.slots[y] = slots[x]!;
      this.hashes[y] = hashes[x]!;
    }
  }
}

// Reused by every call (detectors are synchronous): the views `tokenise` returns are read by
// `loops` before the next call.
const scratch = { ids: new Ints(4096), at: new Ints(4096), ends: new Ints(4096), table: new Slots() };

/**
 * Word tokens as small integer ids (comparison is cheap), with their spans and the word count
 * (`countWords` semantics, summed in the same order so the float is identical). Two tokens share
 * an id exactly when their `toLowerCase()` are equal. Almost every token is lower-cased a code unit
 * at a time and interned by those units in an open-addressed table, so no substring or string key
 * is made; a token with a unit whose lower case needs context or changes length goes by its
 * lower-cased string (`stringId`), and the two ways look each other up so equal lower cases still
 * share an id. No closures in here: tsx wraps each one created per call.
 */
export function tokenise(masked: string, offset: number): { ids: Int32Array; at: Int32Array; ends: Int32Array; words: number } {
  const n = masked.length;
  const u = unitsOf(masked);
  const { ids, at, ends, table } = scratch;
  ids.reset();
  at.reset();
  ends.reset();
  table.reset();
  const byString = new Map<string, number>();
  let nextId = 0;
  let words = 0;
  for (let i = 0; i < n; ) {
    const k = CLASS[u[i]!];
    if (k === 0) {
      i++;
      continue;
    }
    let j = i;
    let h = 0x811c9dc5;
    let plain = true;
    do {
      const l = lowerUnit(u[j]!);
      if (l < 0) plain = false;
      h = Math.imul(h ^ (l - 1), 16777619);
      j++;
    } while (k === 1 && j < n && CLASS[u[j]!] === 1);
    if (k === 1) words++;
    else words += CJK_WORD_WEIGHT;
    let id = -1;
    if (plain) {
      const len = j - i;
      const { slots, hashes, mask } = table;
      let slot = h & mask;
      for (let e = slots[slot]!; e !== 0; e = slots[(slot = (slot + 1) & mask)]!) {
        if (hashes[slot] !== h) continue;
        const s0 = at.a[e - 1]! - offset;
        if (ends.a[e - 1]! - offset - s0 !== len) continue;
        let q = 0;
        // Both tokens are plain, so their units' LOWER entries are filled.
        while (q < len && LOWER[u[s0 + q]!] === LOWER[u[i + q]!]) q++;
        if (q === len) {
          id = ids.a[e - 1]!;
          break;
        }
      }
      if (id < 0) {
        // New here; an earlier token that went by its string may still have this lower case.
        id = byString.size ? (byString.get(masked.slice(i, j).toLowerCase()) ?? nextId++) : nextId++;
        table.put(slot, h, at.n);
      }
    } else {
      const lower = masked.slice(i, j).toLowerCase();
      id = byString.get(lower) ?? stringId(lower, u, offset, table, at, ends, ids);
      if (id < 0) id = nextId++;
      byString.set(lower, id);
    }
    // The three lists grow together, so one check makes room in all.
    if (ids.n === ids.a.length) {
      ids.grow();
      at.grow();
      ends.grow();
    }
    ids.a[ids.n++] = id;
    at.a[at.n++] = offset + i;
    ends.a[ends.n++] = offset + j;
    i = j;
  }
  return { ids: ids.view(), at: at.view(), ends: ends.view(), words };
}

/** The id of a plain token in `table` whose lower case is `lower`, or -1. */
function stringId(lower: string, u: Uint16Array, offset: number, table: Slots, at: Ints, ends: Ints, ids: Ints): number {
  let h = 0x811c9dc5;
  for (let q = 0; q < lower.length; q++) h = Math.imul(h ^ lower.charCodeAt(q), 16777619);
  const { slots, hashes, mask } = table;
  for (let slot = h & mask, e = slots[slot]!; e !== 0; e = slots[(slot = (slot + 1) & mask)]!) {
    if (hashes[slot] !== h) continue;
    const s0 = at.a[e - 1]! - offset;
    if (ends.a[e - 1]! - offset - s0 !== lower.length) continue;
    let q = 0;
    while (q < lower.length && LOWER[u[s0 + q]!]! - 1 === lower.charCodeAt(q)) q++;
    if (q === lower.length) return ids.a[e - 1]!;
  }
  return -1;
}
