/**
 * Word tokens of a whole trace for the loop detector, as hashed ids: the hot loop of the
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

// Reused by every call (detectors are synchronous): the views `tokenise` returns are read by
// `loops` before the next call.
const scratch = { ids: new Ints(4096), at: new Ints(4096), ends: new Ints(4096) };

/**
 * Word tokens as ids, with their spans and the word count (`countWords` semantics, summed in the
 * same order so the float is identical). A token's id is the FNV-1a hash of its lower case, taken
 * a code unit at a time (a token with a unit whose lower case needs context or changes length is
 * lower-cased as a string first), so equal lower cases always share an id; two different ones
 * share it only by a hash collision, which `verifiedLoops` rules out where it could matter. No
 * table, substring or closure per token: this is the hot loop of the repetition detector.
 */
export function tokenise(masked: string, offset: number): { ids: Int32Array; at: Int32Array; ends: Int32Array; words: number } {
  const n = masked.length;
  const u = unitsOf(masked);
  const { ids, at, ends } = scratch;
  ids.reset();
  at.reset();
  ends.reset();
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
    if (!plain) h = stringHash(masked.slice(i, j).toLowerCase());
    // The three lists grow together, so one check makes room in all.
    if (ids.n === ids.a.length) {
      ids.grow();
      at.grow();
      ends.grow();
    }
    ids.a[ids.n++] = h;
    at.a[at.n++] = offset + i;
    ends.a[ends.n++] = offset + j;
    i = j;
  }
  return { ids: ids.view(), at: at.view(), ends: ends.view(), words };
}

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let q = 0; q < s.length; q++) h = Math.imul(h ^ s.charCodeAt(q), 16777619);
  return h;
}

/** The lower case of token `k` (spans `offset`-based in `masked`). */
function lowerToken(masked: string, offset: number, at: ArrayLike<number>, ends: ArrayLike<number>, k: number): string {
  return masked.slice(at[k]! - offset, ends[k]! - offset).toLowerCase();
}

/** Ids equal exactly when the tokens' lower cases are: interned strings (slow; used after a hash collision, and by tests). */
export function exactIds(masked: string, offset: number, at: ArrayLike<number>, ends: ArrayLike<number>): Int32Array {
  const byLower = new Map<string, number>();
  const out = new Int32Array(at.length);
  for (let k = 0; k < at.length; k++) {
    const lower = lowerToken(masked, offset, at, ends, k);
    let id = byLower.get(lower);
    if (id === undefined) byLower.set(lower, (id = byLower.size));
    out[k] = id;
  }
  return out;
}

/** Whether tokens x and y of `masked` have the same lower case. */
export function sameToken(masked: string, offset: number, at: ArrayLike<number>, ends: ArrayLike<number>, x: number, y: number): boolean {
  return lowerToken(masked, offset, at, ends, x) === lowerToken(masked, offset, at, ends, y);
}
