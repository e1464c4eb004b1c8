/**
 * Repetition: repeated paragraphs and sentences, and token loops. Runs on every trace, so the
 * expensive parts are avoided where they cannot matter: blocks are bucketed by a cheap hash that
 * is a function of their normalised form, and the exact normalised key is built only when two
 * blocks land in one bucket; loops are searched on a stride instead of at every position.
 */
import type { Flag } from './index.ts';
import type { FlagSettings } from './index.ts';
import { charClass, CJK_WORD_WEIGHT, type Block, type Counted } from './text.ts';

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
function groupBlocks(blocks: Counted[], minWords: number, lower: string | null, offset: number, isFiller: (s: string) => boolean, onRepeat: (words: number) => void): Group[] {
  const groups: Group[] = [];
  const buckets = new Map<number | string, Group[]>();
  for (const b of blocks) {
    if (b.words < minWords) continue;
    const bucketKey = lower ? hashRange(lower, b.start - offset, b.end - offset) : normalise(b.text);
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
    if (g.list.length === 1 && isFiller(b.text)) g.filler = true;
    if (g.filler) continue;
    g.list.push(b);
    onRepeat(b.words);
  }
  return groups;
}

/**
 * `masked` is the text with code and think/answer tags blanked; `paragraphs` and `sentences`
 * its blocks with word counts; offsets are `offset`-based.
 */
export function repetition(masked: string, offset: number, paragraphs: Counted[], sentences: Counted[], isFiller: (s: string) => boolean, o: RepetitionOptions): { flags: Flag[]; ratio: number } {
  const flags: Flag[] = [];
  let repeatedWords = 0;
  const lowered = masked.toLowerCase();
  // A length-changing lower-casing (e.g. "İ") breaks offset alignment: hash the exact keys instead.
  const lower = lowered.length === masked.length ? lowered : null;
  const flagRepeats = (groups: Group[], minCount: number, what: string) => {
    for (const { list: occ } of groups) {
      if (occ.length < minCount) continue;
      for (const b of occ.slice(1)) {
        if (flags.length >= o.maxFlagsPerCode) return;
        flags.push({ code: 'repetition', severity: occ.length >= minCount + 2 ? 'error' : 'warning', start: b.start, end: b.end, message: `${what} repeated ${occ.length} times` });
      }
    }
  };
  flagRepeats(groupBlocks(paragraphs, o.repeatParagraphMinWords, lower, offset, isFiller, () => {}), 2, 'Paragraph');
  flagRepeats(groupBlocks(sentences, o.repeatSentenceMinWords, lower, offset, isFiller, (w) => (repeatedWords += w)), o.repeatSentenceMinCount, 'Sentence');

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

/**
 * Word tokens as small integer ids (comparison is cheap), with their spans and the word count
 * (`countWords` semantics, summed in the same order so the float is identical). Two tokens share
 * an id exactly when their `toLowerCase()` are equal. Almost every token is lower-cased a code unit
 * at a time and interned by those units in an open-addressed table, so no substring or string key
 * is made; a token with a unit whose lower case needs context or changes length goes by its
 * lower-cased string, and the two ways look each other up so equal lower cases still share an id.
 */
function tokenise(masked: string, offset: number) {
  const n = masked.length;
  const ids = new Ints(n >> 3);
  const at = new Ints(n >> 3);
  const ends = new Ints(n >> 3);
  // Slots hold 1 + the index (in `at`) of a token's first occurrence; kept under half full.
  let mask = 1023;
  let slots = new Int32Array(mask + 1);
  let hashes = new Int32Array(mask + 1);
  let used = 0;
  let nextId = 0;
  const byString = new Map<string, number>();
  /** The slot holding the id of the units `key(q)` (q < len) with hash h, or the free slot where they go. */
  const probe = (h: number, len: number, key: (q: number) => number): number => {
    let slot = h & mask;
    for (let e = slots[slot]!; e !== 0; e = slots[(slot = (slot + 1) & mask)]!) {
      if (hashes[slot] !== h) continue;
      const s0 = at.a[e - 1]! - offset;
      if (ends.a[e - 1]! - offset - s0 !== len) continue;
      let q = 0;
      while (q < len && lowerUnit(masked.charCodeAt(s0 + q)) - 1 === key(q)) q++;
      if (q === len) return slot;
    }
    return slot;
  };
  const insert = (slot: number, h: number) => {
    slots[slot] = at.n + 1;
    hashes[slot] = h;
    if (++used * 2 <= mask) return;
    mask = mask * 2 + 1;
    const s2 = new Int32Array(mask + 1);
    const h2 = new Int32Array(mask + 1);
    for (let x = 0; x < slots.length; x++) {
      if (slots[x] === 0) continue;
      let y = hashes[x]! & mask;
      while (s2[y] !== 0) y = (y + 1) & mask;
      s2[y] = slots[x]!;
      h2[y] = hashes[x]!;
    }
    slots = s2;
    hashes = h2;
  };
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
    const from = i;
    let id: number;
    if (plain) {
      const slot = probe(h, j - i, (q) => lowerUnit(masked.charCodeAt(from + q)) - 1);
      const e = slots[slot]!;
      if (e !== 0) id = ids.a[e - 1]!;
      else {
        // New here; an earlier token that went by its string may still have this lower case.
        id = byString.size ? (byString.get(masked.slice(i, j).toLowerCase()) ?? nextId++) : nextId++;
        insert(slot, h);
      }
    } else {
      const lower = masked.slice(i, j).toLowerCase();
      let found = byString.get(lower);
      if (found === undefined) {
        let hl = 0x811c9dc5;
        for (let q = 0; q < lower.length; q++) hl = Math.imul(hl ^ lower.charCodeAt(q), 16777619);
        const e = slots[probe(hl, lower.length, (q) => lower.charCodeAt(q))]!;
        found = e !== 0 ? ids.a[e - 1]! : nextId++;
        byString.set(lower, found);
      }
      id = found;
    }
    ids.push(id);
    at.push(offset + i);
    ends.push(offset + j);
    i = j;
  }
  return { ids: ids.view(), at: at.view(), ends: ends.view(), words };
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
