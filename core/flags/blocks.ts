/**
 * Paragraphs and sentences with their word counts and repeat hashes, cut by hand-written scans
 * (the exact matches of the regexes they replaced; see scanners.test.ts).
 */
import { CJK_WORD_WEIGHT, CLASS, countWordsIn } from './text.ts';
import { unitsOf } from './units.ts';

export interface Block {
  start: number;
  end: number;
  text: string;
}

/**
 * A block with its `countWords` and its repeat hash: FNV-1a over the code units the repetition
 * detector's grouping key keeps (lower-cased, whitespace and punctuation dropped), so blocks
 * with equal keys always hash equal. Computed in the scan that counts the words (0 where not).
 */
export interface Counted extends Block {
  words: number;
  hash: number;
}

// Per BMP code unit, for repeat hashes: 0 not known yet, 1 dropped by the grouping key (whitespace,
// punctuation; surrogates too, since an astral character may be punctuation), else 2 + its lower
// case, with final sigma folded: lower-casing a whole text differs from lower-casing it a unit at a
// time only there and at İ, and a text with İ is grouped by its keys, not by these hashes.
const REPEAT_UNIT = new Int32Array(0x10000);
const REPEAT_SEP_RE = /[\s\p{P}]/u;
function repeatUnit(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return (REPEAT_UNIT[c] = 1);
  const l = String.fromCharCode(c).toLowerCase();
  let u = l.length === 1 ? l.charCodeAt(0) : c;
  if (u === 0x3c2) u = 0x3c3;
  return (REPEAT_UNIT[c] = REPEAT_SEP_RE.test(String.fromCharCode(u)) ? 1 : u + 2);
}

/**
 * Whether units [a, aEnd) and [b, bEnd) of `u` have equal repetition keys (lower-cased, each run of
 * whitespace and punctuation one space, trimmed: `normalise` in repetition.ts), compared unit by
 * unit with no key built: 1 equal, 0 not, -1 undecided (a surrogate or a sigma, whose lower case
 * or class depends on more than the unit: the caller compares the keys).
 */
export function sameRepeatKey(u: Uint16Array, a: number, aEnd: number, b: number, bEnd: number): -1 | 0 | 1 {
  let i = a;
  let j = b;
  let kept = false;
  for (;;) {
    const ni = nextKept(u, i, aEnd);
    const nj = nextKept(u, j, bEnd);
    if (ni < 0 || nj < 0) return -1;
    // Separators before the first kept unit and after the last are trimmed away.
    if (ni === aEnd || nj === bEnd) return ni === aEnd && nj === bEnd ? 1 : 0;
    if (REPEAT_UNIT[u[ni]!] !== REPEAT_UNIT[u[nj]!] || (kept && ni > i !== nj > j)) return 0;
    kept = true;
    i = ni + 1;
    j = nj + 1;
  }
}

/** The first unit from i on (before `end`) that the repeat key keeps, `end` if none, -1 at a surrogate or sigma. */
function nextKept(u: Uint16Array, i: number, end: number): number {
  for (; i < end; i++) {
    const c = u[i]!;
    if ((c >= 0xd800 && c <= 0xdfff) || c === 0x3a3 || c === 0x3c2 || c === 0x3c3) return -1;
    if ((REPEAT_UNIT[c]! || repeatUnit(c)) !== 1) return i;
  }
  return end;
}

// Per BMP code unit, filled lazily: 0 unknown, 1 no, 2 yes.
const SPACE = new Uint8Array(0x10000);
const LETTER_OR_NUMBER = new Uint8Array(0x10000);
const SPACE_RE = /^\s$/;
const LETTER_OR_NUMBER_RE = /^[\p{L}\p{N}]$/u;

/** `text.slice(from, to).trim()` is not empty (`\s` is exactly what `trim` removes). */
function hasNonSpace(u: Uint16Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = u[i]!;
    let k = SPACE[c]!;
    if (k === 0) SPACE[c] = k = SPACE_RE.test(String.fromCharCode(c)) ? 2 : 1;
    if (k === 1) return true;
  }
  return false;
}

/** `/[\p{L}\p{N}]/u.test(text.slice(from, to))`: code points, so a surrogate pair is one character. */
export function hasLetterOrNumber(text: string, u: Uint16Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = u[i]!;
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < to ? u[i + 1]! : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        if (LETTER_OR_NUMBER_RE.test(text.slice(i, i + 2))) return true;
        i++;
      }
      continue;
    }
    let k = LETTER_OR_NUMBER[c]!;
    if (k === 0) LETTER_OR_NUMBER[c] = k = LETTER_OR_NUMBER_RE.test(String.fromCharCode(c)) ? 2 : 1;
    if (k === 2) return true;
  }
  return false;
}

const isBlankOrTab = (c: number) => c === 0x20 || c === 0x09;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/**
 * Whether the line starting at i (just after a newline) ends a paragraph before it: it is blank
 * (`[ \t]*\n`) or a list item (`[ \t]*(?:[-*+]|\d+[.)])[ \t]`). No backtracking can change
 * either answer, since neither class overlaps `[ \t]`.
 */
function breaksParagraph(u: Uint16Array, i: number): boolean {
  while (isBlankOrTab(u[i]!)) i++;
  const c = u[i]!;
  if (c === 0x0a) return true;
  if (c === 0x2d || c === 0x2a || c === 0x2b) return isBlankOrTab(u[i + 1]!);
  if (!isDigit(c)) return false;
  do i++;
  while (isDigit(u[i]!));
  const d = u[i]!;
  return (d === 0x2e || d === 0x29) && isBlankOrTab(u[i + 1]!);
}

/**
 * Paragraphs: blocks between blank lines; each markdown list item is its own paragraph. The
 * matches of `/[^\n]+(?:\n(?![ \t]*\n)(?![ \t]*(?:[-*+]|\d+[.)])[ \t])[^\n]*)*\/g` whose text is
 * not all whitespace, found by a scan instead of the regex.
 */
export function paragraphs(text: string, offset = 0): Counted[] {
  const u = unitsOf(text);
  const ranges = paragraphRanges(text, u);
  const out: Counted[] = [];
  for (let x = 0; x < ranges.length; x += 2) out.push(counted(text, u, ranges[x]!, ranges[x + 1]!, offset));
  return out;
}

/**
 * Block [at, end) of `text` (code units `u`) with `countWords` and its repeat hash, each counted
 * on its own. `paragraphs` and `sentences` cut one kind of block at a time: they are the reference
 * that `blocks`, which cuts and counts both in one scan, is tested against.
 */
function counted(text: string, u: Uint16Array, at: number, end: number, offset: number): Counted {
  let h = 0x811c9dc5;
  for (let q = at; q < end; q++) {
    const r = REPEAT_UNIT[u[q]!]! || repeatUnit(u[q]!);
    if (r !== 1) h = Math.imul(h ^ r, 16777619);
  }
  return { start: offset + at, end: offset + end, text: text.slice(at, end), words: countWordsIn(text, at, end), hash: h & 0x3fffffff };
}

/** Start and end, flat, of each paragraph `paragraphs` keeps. */
function paragraphRanges(text: string, u: Uint16Array): number[] {
  const out: number[] = [];
  const n = text.length;
  for (let i = 0; i < n; ) {
    if (u[i] === 0x0a) {
      i++;
      continue;
    }
    const at = i;
    let end = text.indexOf('\n', i);
    if (end < 0) end = n;
    while (end < n && !breaksParagraph(u, end + 1)) {
      end = text.indexOf('\n', end + 1);
      if (end < 0) end = n;
    }
    if (hasNonSpace(u, at, end)) out.push(at, end);
    i = end;
  }
  return out;
}

/** . ! ? 。 ！ ？ … */
export const isTerminal = (c: number) => c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x2026;
/** 1 for a newline or a terminal: where a sentence's body stops. */
export const STOP = new Uint8Array(0x10000);
for (const c of [0x0a, 0x2e, 0x21, 0x3f, 0x3002, 0xff01, 0xff1f, 0x2026]) STOP[c] = 1;

/**
 * Sentences: split after terminal punctuation (Latin or CJK) and at line breaks: the matches of
 * `/[^\n.!?。！？…]+(?:[.!?。！？…]+|(?=\n)|$)/g` with a letter or digit, found by a scan.
 */
export function sentences(text: string, offset = 0): Counted[] {
  const out: Counted[] = [];
  const n = text.length;
  const u = unitsOf(text);
  for (let i = 0; i < n; ) {
    if (STOP[u[i]!] === 1) {
      i++;
      continue;
    }
    const at = i;
    while (i < n && STOP[u[i]!] !== 1) i++;
    while (i < n && isTerminal(u[i]!)) i++;
    // Terminals are punctuation and separators: they add no word and the hash skips them.
    if (hasLetterOrNumber(text, u, at, i)) out.push(counted(text, u, at, i, offset));
  }
  return out;
}

/**
 * `paragraphs(text, offset)` and `sentences(text, offset)` from one counting scan. Every code unit
 * outside a sentence body is a newline or a terminal: it adds no word, ends any word and is
 * dropped by the repeat hash. A body never crosses a newline, so it lies inside one paragraph,
 * and that paragraph's count and hash are the same per-unit steps in the same order (a float
 * sum, so added unit by unit: adding each sentence's total would change the rounding).
 */
export function blocks(text: string, offset = 0): { paragraphs: Counted[]; sentences: Counted[] } {
  const paras: Counted[] = [];
  const sents: Counted[] = [];
  const u = unitsOf(text);
  const ranges = paragraphRanges(text, u);
  const n = text.length;
  let p = 0;
  let pWords = 0;
  let pHash = 0x811c9dc5;
  for (let i = 0; i < n; ) {
    if (STOP[u[i]!] === 1) {
      i++;
      continue;
    }
    const at = i;
    for (; p < ranges.length && ranges[p + 1]! <= at; p += 2) {
      paras.push({ start: offset + ranges[p]!, end: offset + ranges[p + 1]!, text: text.slice(ranges[p]!, ranges[p + 1]!), words: pWords, hash: pHash & 0x3fffffff });
      pWords = 0;
      pHash = 0x811c9dc5;
    }
    // Otherwise the body is in a paragraph of whitespace, which is not kept.
    const inParagraph = p < ranges.length && ranges[p]! <= at;
    let words = 0;
    let h = 0x811c9dc5;
    let inWord = false;
    for (; i < n; i++) {
      const c = u[i]!;
      if (STOP[c] === 1) break;
      const k = CLASS[c];
      if (k === 2) {
        words += CJK_WORD_WEIGHT;
        if (inParagraph) pWords += CJK_WORD_WEIGHT;
        inWord = false;
      } else if (k === 1) {
        if (!inWord) {
          words++;
          if (inParagraph) pWords++;
        }
        inWord = true;
      } else inWord = false;
      let r = REPEAT_UNIT[c]!;
      if (r === 0) r = repeatUnit(c);
      if (r !== 1) {
        h = Math.imul(h ^ r, 16777619);
        if (inParagraph) pHash = Math.imul(pHash ^ r, 16777619);
      }
    }
    while (i < n && isTerminal(u[i]!)) i++;
    if (hasLetterOrNumber(text, u, at, i)) sents.push({ start: offset + at, end: offset + i, text: text.slice(at, i), words, hash: h & 0x3fffffff });
  }
  for (; p < ranges.length; p += 2) {
    paras.push({ start: offset + ranges[p]!, end: offset + ranges[p + 1]!, text: text.slice(ranges[p]!, ranges[p + 1]!), words: pWords, hash: pHash & 0x3fffffff });
    pWords = 0;
    pHash = 0x811c9dc5;
  }
  return { paragraphs: paras, sentences: sents };
}
