/**
 * Hand-written equivalents of the two costliest masking regexes (identifiers and single
 * letters). Both used Unicode script/property classes with lookbehind, which V8 runs slowly;
 * these scanners reproduce their exact matches (same alternatives in the same order, the same
 * backtracking outcomes, code-point stepping as under the `u` flag) with table lookups, reading
 * the text's code units from a typed array (units.ts: past the end they read 0).
 */
import { relabelUnits, textOfUnits, unitsOf } from './units.ts';

// Per BMP code unit: 0 unknown, 1 no, 2 yes. Filled lazily so loading the module costs nothing.
const LATIN_GREEK = new Uint8Array(0x10000);
const LETTER_MARK = new Uint8Array(0x10000);
const LATIN_GREEK_RE = /^[\p{sc=Latin}\p{sc=Greek}]$/u;
const LETTER_MARK_RE = /^[\p{L}\p{M}]$/u;

function isLatinGreek(cp: number): boolean {
  if (cp < 0x80) return ((cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a);
  if (cp > 0xffff) return LATIN_GREEK_RE.test(String.fromCodePoint(cp));
  let k = LATIN_GREEK[cp]!;
  if (k === 0) LATIN_GREEK[cp] = k = LATIN_GREEK_RE.test(String.fromCharCode(cp)) ? 2 : 1;
  return k === 2;
}

function isLetterMark(cp: number): boolean {
  if (cp < 0x80) return ((cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a);
  if (cp > 0xffff) return LETTER_MARK_RE.test(String.fromCodePoint(cp));
  let k = LETTER_MARK[cp]!;
  if (k === 0) LETTER_MARK[cp] = k = LETTER_MARK_RE.test(String.fromCharCode(cp)) ? 2 : 1;
  return k === 2;
}

/** The code point at i as the `u` flag reads it (a lone surrogate is its own code point). */
function cpAt(u: Uint16Array, n: number, i: number): number {
  const c = u[i]!;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
    const d = u[i + 1]!;
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** The code point ending just before i (what a lookbehind sees), or -1 at the start. */
function cpBefore(u: Uint16Array, i: number): number {
  if (i <= 0) return -1;
  const d = u[i - 1]!;
  if (d >= 0xdc00 && d <= 0xdfff && i >= 2) {
    const c = u[i - 2]!;
    if (c >= 0xd800 && c <= 0xdbff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return d;
}

const isDigitOrUnderscore = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x5f;
const isIdentChar = (cp: number) => isDigitOrUnderscore(cp) || isLatinGreek(cp);
/** `\w` as `\b` sees it under `u` without `i`: ASCII letters, digits, underscore (not the 0 past the end). */
const isWord = (c: number) => isDigitOrUnderscore(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
const isLower = (c: number) => c >= 0x61 && c <= 0x7a;
const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isAsciiLetter = (c: number) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;

/** End of the identifier match starting at i, or -1: the alternatives of the old regex, in order. */
function identifierAt(u: Uint16Array, n: number, i: number, cp: number): number {
  // (?<![LG\d_])[LG]*[_\d][LG\d_]*
  if (isIdentChar(cp) && !isIdentChar(cpBefore(u, i))) {
    let j = i;
    for (let c = cp; j < n && isLatinGreek(c); c = cpAt(u, n, j)) j += c > 0xffff ? 2 : 1;
    if (j < n && isDigitOrUnderscore(u[j]!)) {
      let k = j;
      for (let c = cpAt(u, n, k); k < n && isIdentChar(c); c = cpAt(u, n, k)) k += c > 0xffff ? 2 : 1;
      return k;
    }
  }
  const c0 = u[i]!;
  if (!isAsciiLetter(c0) || isWord(i > 0 ? u[i - 1]! : 0)) return -1;
  // \b[a-z]+[A-Z][A-Za-z]*\b
  if (isLower(c0)) {
    let j = i + 1;
    while (isLower(u[j]!)) j++;
    if (isUpper(u[j]!)) {
      let k = j + 1;
      while (isAsciiLetter(u[k]!)) k++;
      if (!isWord(u[k]!)) return k;
    }
  }
  // \b[A-Za-z]+(?:\.[A-Za-z]+)+\b — on a failed final \b, backtracking drops the last group.
  let j = i + 1;
  while (isAsciiLetter(u[j]!)) j++;
  const wordEnd = j;
  let groups = 0;
  let lastDot = -1;
  while (u[j]! === 0x2e && isAsciiLetter(u[j + 1]!)) {
    lastDot = j;
    j += 2;
    while (isAsciiLetter(u[j]!)) j++;
    groups++;
  }
  if (groups >= 1 && !isWord(u[j]!)) return j;
  if (groups >= 2) return lastDot;
  // \b[A-Z]{2,}\b
  if (isUpper(c0)) {
    let k = i + 1;
    while (isUpper(u[k]!)) k++;
    if (k - i >= 2 && k === wordEnd && !isWord(u[k]!)) return k;
  }
  return -1;
}

/**
 * Most words are plain: an ASCII letter run, not camelCase, not ALL-CAPS, ended by something that
 * no alternative can continue with. For those, the end of the run (no match at i), else -1.
 * `prevIdent`: the code point before i is an identifier character, so the first alternative
 * (which looks further, through non-ASCII Latin/Greek letters) cannot start here.
 */
function plainWordEnd(u: Uint16Array, i: number, prevIdent: boolean): number {
  const c0 = u[i]!;
  let j = i + 1;
  let upper = isUpper(c0) ? 1 : 0;
  for (let c = u[j]!; isAsciiLetter(c); c = u[++j]!) if (isUpper(c)) upper++;
  // camelCase (a lower-case start with a capital later) or ALL-CAPS of two or more letters.
  if (upper > 0 && (!isUpper(c0) || (upper === j - i && j - i >= 2))) return -1;
  const d = u[j]!;
  if (d < 0x80) return isDigitOrUnderscore(d) || d === 0x2e ? -1 : j;
  return prevIdent || (!(d >= 0xd800 && d <= 0xdfff) && !isLatinGreek(d)) ? j : -1;
}

const ASCII_WORD = new Uint8Array(0x80);
for (let c = 0; c < 0x80; c++) ASCII_WORD[c] = isWord(c) ? 1 : 0;
/** `isIdentChar` of a BMP code unit at or above 0x80 (0 unknown, 1 no, 2 yes). */
const IDENT = new Uint8Array(0x10000);

/**
 * Blanks identifiers and formulas (snake_case, camelCase, dotted names, tokens with digits,
 * ALL-CAPS), then lone ASCII letters, as the two regex passes did one after the other:
 * identifier matches `(?<![LG\d_])[LG]*[_\d][LG\d_]*|\b[a-z]+[A-Z][A-Za-z]*\b|\b[A-Za-z]+(?:\.[A-Za-z]+)+\b|\b[A-Z]{2,}\b`
 * (LG: Latin or Greek letters), then `(?<![\p{L}\p{M}'’])[A-Za-z](?![\p{L}\p{M}'’])` over the
 * text with those blanked. One scan finds both: the letter pass can only match outside the
 * identifier matches, at a one-letter run of ASCII letters, and every such run outside them is
 * passed over by this scan in one of three places (marked below).
 */
export function maskIdentifiers(s: string): string {
  const n = s.length;
  const u = unitsOf(s);
  // [start, end) of each match of either pass, in order: built into the result once.
  const spans: number[] = [];
  let lastEnd = -1;
  // What the lookbehind and `\b` see before i, tracked instead of re-read at every position.
  let prevIdent = false;
  let prevWord = false;
  for (let i = 0; i < n; ) {
    const c = u[i]!;
    // The per-character cases are table lookups written out here: with the word-start helpers
    // inlined into this loop, small helper calls per character were not.
    if (c < 0x80) {
      const word = ASCII_WORD[c] === 1;
      // A match can only start where an identifier run or an ASCII word starts.
      if (!word || prevWord) {
        // (1) A letter inside a run of word characters: a lone one after a digit or underscore.
        if (prevWord && isAsciiLetter(c) && !isAsciiLetter(u[i - 1]!) && !isAsciiLetter(u[i + 1]!) && loneLetter(u, n, i, lastEnd)) spans.push(i, (lastEnd = i + 1));
        prevIdent = word;
        prevWord = word;
        i++;
        continue;
      }
    } else if (c < 0xd800 || c > 0xdfff) {
      let k = IDENT[c]!;
      if (k === 0) IDENT[c] = k = isLatinGreek(c) ? 2 : 1;
      // Not an ASCII word character, so only an identifier run can start here.
      if (k === 1 || prevIdent) {
        prevIdent = k === 2;
        prevWord = false;
        i++;
        continue;
      }
    }
    if (c < 0x80 && !isDigitOrUnderscore(c)) {
      const end = plainWordEnd(u, i, prevIdent);
      if (end > 0) {
        // (2) A plain word (it starts after a non-word character) of one letter.
        if (end === i + 1 && loneLetter(u, n, i, lastEnd)) spans.push(i, (lastEnd = end));
        prevIdent = true;
        prevWord = true;
        i = end;
        continue;
      }
    }
    const cp = c >= 0xd800 && c <= 0xdbff ? cpAt(u, n, i) : c;
    const ident = isIdentChar(cp);
    if ((ident && !prevIdent) || (!prevWord && isAsciiLetter(c))) {
      const end = identifierAt(u, n, i, cp);
      if (end > i) {
        spans.push(i, (lastEnd = end));
        i = end;
        prevIdent = isIdentChar(cpBefore(u, end));
        prevWord = isWord(u[end - 1]!);
        continue;
      }
    }
    // (3) A letter no identifier match starts at.
    if (isAsciiLetter(c) && !isAsciiLetter(i > 0 ? u[i - 1]! : 0) && !isAsciiLetter(u[i + 1]!) && loneLetter(u, n, i, lastEnd)) spans.push(i, (lastEnd = i + 1));
    prevIdent = ident;
    prevWord = isWord(c);
    i += cp > 0xffff ? 2 : 1;
  }
  if (!spans.length) return s;
  // Blanked in the array, which becomes the masked text's, for the sentence cutter that reads it
  // next. Most spans are a letter or two: a loop, not a `fill` call per span.
  for (let k = 0; k < spans.length; k += 2) for (let q = spans[k]!, end = spans[k + 1]!; q < end; q++) u[q] = 0x20;
  const masked = textOfUnits(u, n);
  relabelUnits(u, masked);
  return masked;
}

const APOSTROPHES = (cp: number) => cp === 0x27 || cp === 0x2019;

/**
 * Whether the ASCII letter at i, alone in its run of ASCII letters, is one the letter pass blanks:
 * no letter, mark or apostrophe on either side. A code unit just after an identifier match
 * (`lastEnd`) is blanked by then, so it reads as a space; none just after the letter can be,
 * since no identifier match starts right after an ASCII letter.
 */
function loneLetter(u: Uint16Array, n: number, i: number, lastEnd: number): boolean {
  const before = i === lastEnd ? -1 : cpBefore(u, i);
  if (before >= 0 && (APOSTROPHES(before) || isLetterMark(before))) return false;
  const after = i + 1 < n ? cpAt(u, n, i + 1) : -1;
  return !(after >= 0 && (APOSTROPHES(after) || isLetterMark(after)));
}
