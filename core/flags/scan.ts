/**
 * Hand-written equivalents of the two costliest masking regexes (identifiers and single
 * letters). Both used Unicode script/property classes with lookbehind, which V8 runs slowly;
 * these scanners reproduce their exact matches (same alternatives in the same order, the same
 * backtracking outcomes, code-point stepping as under the `u` flag) with table lookups.
 */

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
function cpAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** The code point ending just before i (what a lookbehind sees), or -1 at the start. */
function cpBefore(s: string, i: number): number {
  if (i <= 0) return -1;
  const d = s.charCodeAt(i - 1);
  if (d >= 0xdc00 && d <= 0xdfff && i >= 2) {
    const c = s.charCodeAt(i - 2);
    if (c >= 0xd800 && c <= 0xdbff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return d;
}

const isDigitOrUnderscore = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x5f;
const isIdentChar = (cp: number) => isDigitOrUnderscore(cp) || isLatinGreek(cp);
/** `\w` as `\b` sees it under `u` without `i`: ASCII letters, digits, underscore. NaN (past the end) is not. */
const isWord = (c: number) => isDigitOrUnderscore(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
const isLower = (c: number) => c >= 0x61 && c <= 0x7a;
const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isAsciiLetter = (c: number) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;

/** End of the identifier match starting at i, or -1: the alternatives of the old regex, in order. */
function identifierAt(s: string, i: number, cp: number): number {
  const n = s.length;
  // (?<![LG\d_])[LG]*[_\d][LG\d_]*
  if (isIdentChar(cp) && !isIdentChar(cpBefore(s, i))) {
    let j = i;
    for (let c = cp; j < n && isLatinGreek(c); c = cpAt(s, j)) j += c > 0xffff ? 2 : 1;
    if (j < n && isDigitOrUnderscore(s.charCodeAt(j))) {
      let k = j;
      for (let c = cpAt(s, k); k < n && isIdentChar(c); c = cpAt(s, k)) k += c > 0xffff ? 2 : 1;
      return k;
    }
  }
  const c0 = s.charCodeAt(i);
  if (!isAsciiLetter(c0) || isWord(s.charCodeAt(i - 1))) return -1;
  // \b[a-z]+[A-Z][A-Za-z]*\b
  if (isLower(c0)) {
    let j = i + 1;
    while (isLower(s.charCodeAt(j))) j++;
    if (isUpper(s.charCodeAt(j))) {
      let k = j + 1;
      while (isAsciiLetter(s.charCodeAt(k))) k++;
      if (!isWord(s.charCodeAt(k))) return k;
    }
  }
  // \b[A-Za-z]+(?:\.[A-Za-z]+)+\b — on a failed final \b, backtracking drops the last group.
  let j = i + 1;
  while (isAsciiLetter(s.charCodeAt(j))) j++;
  const wordEnd = j;
  let groups = 0;
  let lastDot = -1;
  while (s.charCodeAt(j) === 0x2e && isAsciiLetter(s.charCodeAt(j + 1))) {
    lastDot = j;
    j += 2;
    while (isAsciiLetter(s.charCodeAt(j))) j++;
    groups++;
  }
  if (groups >= 1 && !isWord(s.charCodeAt(j))) return j;
  if (groups >= 2) return lastDot;
  // \b[A-Z]{2,}\b
  if (isUpper(c0)) {
    let k = i + 1;
    while (isUpper(s.charCodeAt(k))) k++;
    if (k - i >= 2 && k === wordEnd && !isWord(s.charCodeAt(k))) return k;
  }
  return -1;
}

/**
 * Most words are plain: an ASCII letter run, not camelCase, not ALL-CAPS, ended by something that
 * no alternative can continue with. For those, the end of the run (no match at i), else -1.
 * `prevIdent`: the code point before i is an identifier character, so the first alternative
 * (which looks further, through non-ASCII Latin/Greek letters) cannot start here.
 */
function plainWordEnd(s: string, i: number, prevIdent: boolean): number {
  const c0 = s.charCodeAt(i);
  let j = i + 1;
  let upper = isUpper(c0) ? 1 : 0;
  for (let c = s.charCodeAt(j); isAsciiLetter(c); c = s.charCodeAt(++j)) if (isUpper(c)) upper++;
  // camelCase (a lower-case start with a capital later) or ALL-CAPS of two or more letters.
  if (upper > 0 && (!isUpper(c0) || (upper === j - i && j - i >= 2))) return -1;
  const d = s.charCodeAt(j);
  if (d !== d) return j;
  if (d < 0x80) return isDigitOrUnderscore(d) || d === 0x2e ? -1 : j;
  return prevIdent || (!(d >= 0xd800 && d <= 0xdfff) && !isLatinGreek(d)) ? j : -1;
}

const ASCII_WORD = new Uint8Array(0x80);
for (let c = 0; c < 0x80; c++) ASCII_WORD[c] = isWord(c) ? 1 : 0;
/** `isIdentChar` of a BMP code unit at or above 0x80 (0 unknown, 1 no, 2 yes). */
const IDENT = new Uint8Array(0x10000);

const SPACES = ' '.repeat(256);
const spaces = (n: number) => (n <= SPACES.length ? SPACES.slice(0, n) : ' '.repeat(n));

/**
 * Blanks identifiers and formulas (snake_case, camelCase, dotted names, tokens with digits,
 * ALL-CAPS), then lone ASCII letters, as the two regex passes did one after the other.
 */
export function maskIdentifiers(s: string): string {
  const n = s.length;
  // [start, end) of each identifier match, in order; blanked together with the letters below.
  const spans: number[] = [];
  // What the lookbehind and `\b` see before i, tracked instead of re-read at every position.
  let prevIdent = false;
  let prevWord = false;
  for (let i = 0; i < n; ) {
    const c = s.charCodeAt(i);
    // The per-character cases are table lookups written out here: with the word-start helpers
    // inlined into this loop, small helper calls per character were not.
    if (c < 0x80) {
      const word = ASCII_WORD[c] === 1;
      // A match can only start where an identifier run or an ASCII word starts.
      if (!word || prevWord) {
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
      const end = plainWordEnd(s, i, prevIdent);
      if (end > 0) {
        prevIdent = true;
        prevWord = true;
        i = end;
        continue;
      }
    }
    const cp = c >= 0xd800 && c <= 0xdbff ? cpAt(s, i) : c;
    const ident = isIdentChar(cp);
    if ((ident && !prevIdent) || (!prevWord && isAsciiLetter(c))) {
      const end = identifierAt(s, i, cp);
      if (end > i) {
        spans.push(i, end);
        i = end;
        prevIdent = isIdentChar(cpBefore(s, end));
        prevWord = isWord(s.charCodeAt(end - 1));
        continue;
      }
    }
    prevIdent = ident;
    prevWord = isWord(c);
    i += cp > 0xffff ? 2 : 1;
  }
  return maskLetters(s, spans);
}

const APOSTROPHES = (cp: number) => cp === 0x27 || cp === 0x2019;

/**
 * (?<![\p{L}\p{M}'’])[A-Za-z](?![\p{L}\p{M}'’]) run over `s` with `spans` already blanked, and
 * the result built once. Blanked code units read as spaces. No span starts right after an ASCII
 * letter outside the spans (every alternative needs a non-identifier or `\b` before its start),
 * so only the code unit before a letter can be a blanked one.
 */
function maskLetters(s: string, spans: number[]): string {
  const n = s.length;
  let out = '';
  let last = 0;
  // Letters in the gap [from, to) before each span, then the span itself.
  for (let k = 0, from = 0; k <= spans.length; k += 2) {
    const to = k < spans.length ? spans[k]! : n;
    for (let i = from; i < to; ) {
      if (((s.charCodeAt(i) | 0x20) - 0x61) >>> 0 >= 26) {
        i++;
        continue;
      }
      let j = i + 1;
      while (isAsciiLetter(s.charCodeAt(j))) j++;
      if (j - i === 1 && ((i === from && k > 0) || !isAsciiLetter(s.charCodeAt(i - 1)))) {
        const before = i === from && k > 0 ? -1 : cpBefore(s, i);
        const after = j < n ? cpAt(s, j) : -1;
        if (!(before >= 0 && (APOSTROPHES(before) || isLetterMark(before))) && !(after >= 0 && (APOSTROPHES(after) || isLetterMark(after)))) {
          out += s.slice(last, i) + ' ';
          last = j;
        }
      }
      i = j;
    }
    if (k < spans.length) {
      from = spans[k + 1]!;
      out += s.slice(last, to) + spaces(from - to);
      last = from;
    }
  }
  return last === 0 ? s : out + s.slice(last);
}
