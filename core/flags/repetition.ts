/**
 * Repetition: repeated paragraphs and sentences, and token loops. Runs on every trace, so the
 * expensive parts are avoided where they cannot matter: blocks are bucketed by a cheap hash that
 * is a function of their normalised form, and the exact normalised key is built only when two
 * blocks land in one bucket; loops are searched on a stride instead of at every position.
 */
import type { Flag } from './index.ts';
import type { FlagSettings } from './index.ts';
import { charClass, countWords, CJK_WORD_WEIGHT, type Block, type Counted } from './text.ts';

export type RepetitionOptions = Pick<
  FlagSettings,
  'repeatSentenceMinCount' | 'repeatSentenceMinWords' | 'repeatParagraphMinWords' | 'loopMinRepeats' | 'loopMinTokens' | 'loopMaxPeriod' | 'maxFlagsPerCode'
>;

/** The grouping key: two blocks repeat each other when these are equal. */
function normalise(s: string): string {
  return s.toLowerCase().replace(/[\s\p{P}]+/gu, ' ').trim();
}

// 0 unknown, 1 dropped by `normalise` (whitespace or punctuation), 2 kept. Filled lazily.
const SEP_TABLE = new Uint8Array(0x10000);
const SEP_RE = /[\s\p{P}]/u;

/**
 * FNV-1a over the code units `normalise` keeps, skipping separators, so equal normalised forms
 * always hash equal. Surrogates are skipped (an astral character may be punctuation) and final
 * sigma is folded (the only context-dependent lower-casing), so slicing a lower-cased whole text
 * gives the same hash as lower-casing the slice.
 */
function hashRange(lower: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    let c = lower.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) continue;
    let k = SEP_TABLE[c]!;
    if (k === 0) SEP_TABLE[c] = k = SEP_RE.test(String.fromCharCode(c)) ? 1 : 2;
    if (k === 1) continue;
    if (c === 0x3c2) c = 0x3c3;
    h = Math.imul(h ^ c, 16777619);
  }
  return h;
}

interface Group {
  key: string | null;
  list: Block[];
  filler: boolean;
}

export type { Counted } from './text.ts';

/**
 * Groups blocks by normalised text, in order of first occurrence. A repeat that is only filler
 * ("Let me check that again.") is left to the filler detector.
 */
/** A sentence that is mostly hesitation filler ("Let me check that again."). */
function isFiller(sentence: string, filler: RegExp): boolean {
  return countWords(sentence.replace(filler, ' ')) < 4;
}

function groupBlocks(blocks: Counted[], minWords: number, lower: string | null, offset: number, filler: RegExp): { groups: Group[]; repeatedWords: number } {
  const groups: Group[] = [];
  let repeatedWords = 0;
  const buckets = new Map<number | string, Group[]>();
  for (const b of blocks) {
    if (b.words < minWords) continue;
    // 30 bits: a small integer key, which a Map hashes without boxing.
    const bucketKey = lower ? hashRange(lower, b.start - offset, b.end - offset) & 0x3fffffff : normalise(b.text);
    const bucket = buckets.get(bucketKey);
    if (!bucket) {
      const g: Group = { key: lower ? null : bucketKey as string, list: [b], filler: false };
      buckets.set(bucketKey, [g]);
      groups.push(g);
      continue;
    }
    const key = normalise(b.text);
    const g = bucket.find((x) => (x.key ??= normalise(x.list[0]!.text)) === key);
    if (!g) {
      const fresh: Group = { key, list: [b], filler: false };
      bucket.push(fresh);
      groups.push(fresh);
      continue;
    }
    // Checked only on a repeat: the filler regex is too costly to run on every sentence.
    if (g.list.length === 1 && isFiller(b.text, filler)) g.filler = true;
    if (g.filler) continue;
    g.list.push(b);
    repeatedWords += b.words;
  }
  return { groups, repeatedWords };
}

function flagRepeats(flags: Flag[], groups: Group[], minCount: number, what: string, max: number): void {
  for (const { list: occ } of groups) {
    if (occ.length < minCount) continue;
    for (const b of occ.slice(1)) {
      if (flags.length >= max) return;
      flags.push({ code: 'repetition', severity: occ.length >= minCount + 2 ? 'error' : 'warning', start: b.start, end: b.end, message: `${what} repeated ${occ.length} times` });
    }
  }
}

/**
 * `masked` is the text with code and think/answer tags blanked; `paragraphs` and `sentences`
 * its blocks with word counts; offsets are `offset`-based.
 */
export function repetition(masked: string, offset: number, paragraphs: Counted[], sentences: Counted[], filler: RegExp, o: RepetitionOptions): { flags: Flag[]; ratio: number } {
  const flags: Flag[] = [];
  const lowered = masked.toLowerCase();
  // A length-changing lower-casing (e.g. "İ") breaks offset alignment: hash the exact keys instead.
  const lower = lowered.length === masked.length ? lowered : null;
  flagRepeats(flags, groupBlocks(paragraphs, o.repeatParagraphMinWords, lower, offset, filler).groups, 2, 'Paragraph', o.maxFlagsPerCode);
  const sentenceGroups = groupBlocks(sentences, o.repeatSentenceMinWords, lower, offset, filler);
  flagRepeats(flags, sentenceGroups.groups, o.repeatSentenceMinCount, 'Sentence', o.maxFlagsPerCode);
  const { repeatedWords } = sentenceGroups;

  const { ids, at, ends, words: total } = tokenise(masked, offset);
  const loopTokens = loops(ids, at, ends, flags, o);
  return { flags, ratio: total > 0 ? Math.min(1, (repeatedWords + loopTokens) / total) : 0 };
}

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
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
  view(): Int32Array {
    return this.a.subarray(0, this.n);
  }
}

// Per BMP code unit: 1 + its lower-case when lower-casing it alone gives one code unit and does
// not depend on its neighbours; -1 otherwise (surrogates, final-sigma Σ, İ); 0 not known yet.
const LOWER = new Int32Array(0x10000);
function lowerUnit(c: number): number {
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
function tokenise(masked: string, offset: number) {
  const n = masked.length;
  const { ids, at, ends, table } = scratch;
  ids.reset();
  at.reset();
  ends.reset();
  table.reset();
  const byString = new Map<string, number>();
  let nextId = 0;
  let words = 0;
  for (let i = 0; i < n; ) {
    const k = charClass(masked.charCodeAt(i));
    if (k === 0) {
      i++;
      continue;
    }
    let j = i;
    let h = 0x811c9dc5;
    let plain = true;
    do {
      const l = lowerUnit(masked.charCodeAt(j));
      if (l < 0) plain = false;
      h = Math.imul(h ^ (l - 1), 16777619);
      j++;
    } while (k === 1 && j < n && charClass(masked.charCodeAt(j)) === 1);
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
        while (q < len && LOWER[masked.charCodeAt(s0 + q)] === LOWER[masked.charCodeAt(i + q)]) q++;
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
      id = byString.get(lower) ?? stringId(lower, masked, offset, table, at, ends, ids);
      if (id < 0) id = nextId++;
      byString.set(lower, id);
    }
    ids.push(id);
    at.push(offset + i);
    ends.push(offset + j);
    i = j;
  }
  return { ids: ids.view(), at: at.view(), ends: ends.view(), words };
}

/** The id of a plain token in `table` whose lower case is `lower`, or -1. */
function stringId(lower: string, masked: string, offset: number, table: Slots, at: Ints, ends: Ints, ids: Ints): number {
  let h = 0x811c9dc5;
  for (let q = 0; q < lower.length; q++) h = Math.imul(h ^ lower.charCodeAt(q), 16777619);
  const { slots, hashes, mask } = table;
  for (let slot = h & mask, e = slots[slot]!; e !== 0; e = slots[(slot = (slot + 1) & mask)]!) {
    if (hashes[slot] !== h) continue;
    const s0 = at.a[e - 1]! - offset;
    if (ends.a[e - 1]! - offset - s0 !== lower.length) continue;
    let q = 0;
    while (q < lower.length && LOWER[masked.charCodeAt(s0 + q)]! - 1 === lower.charCodeAt(q)) q++;
    if (q === lower.length) return ids.a[e - 1]!;
  }
  return -1;
}

/**
 * Loops: a token sequence of period p repeated back to back. Numbers are tokens, so an
 * enumeration of cases (differing only in its numbers) is not a loop. For each p, a qualifying
 * run of matches ids[i] === ids[i+p] is at least `need` long, so it covers a multiple of `need`:
 * probing only those positions and growing the run both ways finds every qualifying run, in
 * order, at a fraction of the cost of testing every position.
 */
export function loops(ids: ArrayLike<number>, at: ArrayLike<number>, ends: ArrayLike<number>, flags: Flag[], o: RepetitionOptions): number {
  let loopTokens = 0;
  const n = ids.length;
  const covered = new Uint8Array(n);
  for (let p = 1; p <= o.loopMaxPeriod && p < n; p++) {
    const need = Math.max(1, p * (o.loopMinRepeats - 1), o.loopMinTokens - p);
    for (let j = need - 1; j < n - p; ) {
      if (ids[j] !== ids[j + p]) {
        j += need;
        continue;
      }
      let from = j;
      while (from > 0 && ids[from - 1] === ids[from - 1 + p]) from--;
      let stop = j + 1;
      while (stop < n - p && ids[stop] === ids[stop + p]) stop++;
      // ids[from .. stop+p) is `run + p` tokens with period p.
      const run = stop - from;
      const length = run + p;
      if (length >= p * o.loopMinRepeats && length >= o.loopMinTokens && !covered[from]) {
        covered.fill(1, from, stop + p);
        loopTokens += run;
        if (flags.length < o.maxFlagsPerCode) {
          const last = Math.min(n - 1, stop + p - 1);
          flags.push({ code: 'repetition', severity: 'error', start: at[from]!, end: ends[last]!, message: `Loop: a ${p}-token sequence repeated ${Math.floor(length / p)} times` });
        }
      }
      j = stop + need;
    }
  }
  return loopTokens;
}
