/**
 * Text helpers shared by the detectors. Masking replaces a span with spaces of the same UTF-16
 * length, so every offset found in masked text is also an offset in the original.
 */

import { maskIdentifiers } from './scan.ts';

const SPACES = ' '.repeat(256);
const spaces = (n: number) => (n <= SPACES.length ? SPACES.slice(0, n) : ' '.repeat(n));

/** `m` with every code unit but newlines turned into a space (no per-character regex). */
function blanked(m: string, keepNewlines: boolean): string {
  let nl = keepNewlines ? m.indexOf('\n') : -1;
  if (nl < 0) return spaces(m.length);
  let out = '';
  let from = 0;
  for (; nl >= 0; nl = m.indexOf('\n', from)) {
    out += spaces(nl - from) + '\n';
    from = nl + 1;
  }
  return out + spaces(m.length - from);
}

export function blank(text: string, re: RegExp, keepNewlines = true): string {
  return text.replace(re, (m) => blanked(m, keepNewlines));
}

/** Fenced code blocks (an unclosed fence runs to the end, as a truncated trace does). */
export const FENCE_RE = /(^|\n)[ \t]*(```|~~~)[^\n]*\n[\s\S]*?(?:\n[ \t]*\2[ \t]*(?=\n|$)|$)/g;

export function maskCode(text: string): string {
  // Every fence contains ``` or ~~~ and inline code a backtick: most traces have neither.
  const fenced = text.includes('```') || text.includes('~~~') ? blank(text, FENCE_RE) : text;
  return fenced.includes('`') ? blank(fenced, /`[^`\n]{1,200}`/g) : fenced;
}

// Each pass is skipped when its text lacks a literal that every match contains: most traces
// have no URL, e-mail, `$` or backslash, and a regex scan of the whole reasoning is not free.
const MASK_PASSES: { re: RegExp; needs: string[] }[] = [
  { re: /\$\$[\s\S]{0,4000}?\$\$/g, needs: ['$$'] },
  { re: /\\\[[\s\S]{0,4000}?\\\]/g, needs: ['\\['] },
  { re: /\\\([\s\S]{0,1000}?\\\)/g, needs: ['\\('] },
  { re: /\\begin\{([a-z*]+)\}[\s\S]{0,4000}?\\end\{\1\}/g, needs: ['\\begin{'] },
  { re: /\$[^$\n]{1,400}\$/g, needs: ['$'] },
  { re: /\\[a-zA-Z]+\*?(?:\{[^{}\n]{0,80}\})*/g, needs: ['\\'] },
  // Spans that are not prose in any language: URLs, e-mails, quotes of foreign terms, glosses.
  { re: /\b(?:https?|ftp):\/\/[^\s)>\]]+|\bwww\.[^\s)>\]]+|[\w.+-]+@[\w-]+\.[\w.]+/g, needs: ['://', 'www.', '@'] },
  { re: /“[^”\n]{1,80}”|"[^"\n]{1,80}"|«[^»\n]{1,80}»|„[^“”\n]{1,80}[“”]|「[^」\n]{1,80}」|『[^』\n]{1,80}』|‘[^’\n]{1,40}’/g, needs: ['“', '"', '«', '„', '「', '『', '‘'] },
  { re: /[(（][^()（）\n]{1,40}[)）]/g, needs: ['(', '（'] },
];

export function maskNonProse(text: string): string {
  return maskProse(maskCode(text));
}

/** The rest of `maskNonProse` for text whose code is already masked (shared with other detectors). */
export function maskProse(codeMasked: string): string {
  let out = codeMasked;
  for (const { re, needs } of MASK_PASSES) if (needs.some((x) => out.includes(x))) out = blank(out, re);
  // Identifiers and formulas (snake_case, camelCase, dotted names, tokens with digits such as
  // H2O or x1, ALL-CAPS acronyms), then single letters used as variables: see scan.ts.
  return maskIdentifiers(out);
}

/** Han and kana count as two thirds of a word each: a Chinese word averages ~1.5 characters. */
export const CJK_WORD_WEIGHT = 2 / 3;

/** 0 separator, 1 part of a word, 2 a CJK character that is a word (part) on its own. */
function classify(c: number): 0 | 1 | 2 {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) ? 1 : 0;
  if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) return 2;
  // Latin-1 punctuation, general punctuation, arrows/math symbols, CJK punctuation, full-width punctuation.
  if (c <= 0xbf || (c >= 0x2000 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || c === 0xd7 || c === 0xf7) return 0;
  return 1;
}

// `classify` of every code unit, looked up instead of branched on: it runs for every character
// of every sentence, paragraph and loop token (64 kB, filled once).
const CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) CLASS[c] = classify(c);

/** `classify` for a UTF-16 code unit (anything else, such as NaN or a code point, goes the long way). */
export function charClass(c: number): 0 | 1 | 2 {
  return c <= 0xffff ? (CLASS[c] as 0 | 1 | 2) : classify(c);
}

/** Word count without regexes: this runs on every paragraph and sentence of every trace. */
export function countWords(text: string): number {
  return countWordsIn(text, 0, text.length);
}

/**
 * `countWords(text.slice(from, to))` without the slice. Counting blocks in the string they were
 * found in keeps this loop on one string representation (a slice per block made it several
 * times slower than a flat scan).
 */
export function countWordsIn(text: string, from: number, to: number): number {
  let words = 0;
  let inWord = false;
  for (let i = from; i < to; i++) {
    const k = CLASS[text.charCodeAt(i)];
    if (k === 2) {
      words += CJK_WORD_WEIGHT;
      inWord = false;
    } else if (k === 1) {
      if (!inWord) words++;
      inWord = true;
    } else inWord = false;
  }
  return words;
}

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

// Per BMP code unit, filled lazily: 0 unknown, 1 no, 2 yes.
const SPACE = new Uint8Array(0x10000);
const LETTER_OR_NUMBER = new Uint8Array(0x10000);
const SPACE_RE = /^\s$/;
const LETTER_OR_NUMBER_RE = /^[\p{L}\p{N}]$/u;

/** `text.slice(from, to).trim()` is not empty (`\s` is exactly what `trim` removes). */
function hasNonSpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    let k = SPACE[c]!;
    if (k === 0) SPACE[c] = k = SPACE_RE.test(String.fromCharCode(c)) ? 2 : 1;
    if (k === 1) return true;
  }
  return false;
}

/** `/[\p{L}\p{N}]/u.test(text.slice(from, to))`: code points, so a surrogate pair is one character. */
function hasLetterOrNumber(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < to ? text.charCodeAt(i + 1) : 0;
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
function breaksParagraph(text: string, i: number): boolean {
  while (isBlankOrTab(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  if (c === 0x0a) return true;
  if (c === 0x2d || c === 0x2a || c === 0x2b) return isBlankOrTab(text.charCodeAt(i + 1));
  if (!isDigit(c)) return false;
  do i++;
  while (isDigit(text.charCodeAt(i)));
  const d = text.charCodeAt(i);
  return (d === 0x2e || d === 0x29) && isBlankOrTab(text.charCodeAt(i + 1));
}

/**
 * Paragraphs: blocks between blank lines; each markdown list item is its own paragraph. The
 * matches of `/[^\n]+(?:\n(?![ \t]*\n)(?![ \t]*(?:[-*+]|\d+[.)])[ \t])[^\n]*)*\/g` whose text is
 * not all whitespace, found by a scan instead of the regex.
 */
export function paragraphs(text: string, offset = 0): Counted[] {
  const out: Counted[] = [];
  const n = text.length;
  for (let i = 0; i < n; ) {
    if (text.charCodeAt(i) === 0x0a) {
      i++;
      continue;
    }
    const at = i;
    let end = text.indexOf('\n', i);
    if (end < 0) end = n;
    while (end < n && !breaksParagraph(text, end + 1)) {
      end = text.indexOf('\n', end + 1);
      if (end < 0) end = n;
    }
    if (hasNonSpace(text, at, end)) {
      // countWordsIn, with the repeat hash in the same loop.
      let words = 0;
      let inWord = false;
      let h = 0x811c9dc5;
      for (let q = at; q < end; q++) {
        const c = text.charCodeAt(q);
        const k = CLASS[c];
        if (k === 2) {
          words += CJK_WORD_WEIGHT;
          inWord = false;
        } else if (k === 1) {
          if (!inWord) words++;
          inWord = true;
        } else inWord = false;
        let r = REPEAT_UNIT[c]!;
        if (r === 0) r = repeatUnit(c);
        if (r !== 1) h = Math.imul(h ^ r, 16777619);
      }
      out.push({ start: offset + at, end: offset + end, text: text.slice(at, end), words, hash: h & 0x3fffffff });
    }
    i = end;
  }
  return out;
}

/** . ! ? 。 ！ ？ … */
const isTerminal = (c: number) => c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x2026;
/** 1 for a newline or a terminal: where a sentence's body stops. */
const STOP = new Uint8Array(0x10000);
for (const c of [0x0a, 0x2e, 0x21, 0x3f, 0x3002, 0xff01, 0xff1f, 0x2026]) STOP[c] = 1;

/**
 * Sentences: split after terminal punctuation (Latin or CJK) and at line breaks: the matches of
 * `/[^\n.!?。！？…]+(?:[.!?。！？…]+|(?=\n)|$)/g` with a letter or digit, found by a scan that
 * also counts the words (terminals are separators, so the count over the body is the count over
 * the sentence, with the same additions in the same order). `count`: false leaves `words` and
 * `hash` at 0.
 */
export function sentences(text: string, offset = 0, count = true): Counted[] {
  const out: Counted[] = [];
  const n = text.length;
  for (let i = 0; i < n; ) {
    if (STOP[text.charCodeAt(i)] === 1) {
      i++;
      continue;
    }
    const at = i;
    let words = 0;
    let h = 0x811c9dc5;
    if (count) {
      let inWord = false;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (STOP[c] === 1) break;
        const k = CLASS[c];
        if (k === 2) {
          words += CJK_WORD_WEIGHT;
          inWord = false;
        } else if (k === 1) {
          if (!inWord) words++;
          inWord = true;
        } else inWord = false;
        let r = REPEAT_UNIT[c]!;
        if (r === 0) r = repeatUnit(c);
        if (r !== 1) h = Math.imul(h ^ r, 16777619);
      }
    } else {
      while (i < n && STOP[text.charCodeAt(i)] !== 1) i++;
    }
    while (i < n && isTerminal(text.charCodeAt(i))) i++;
    // Terminals are punctuation, which the hash skips: the body's hash is the sentence's.
    if (hasLetterOrNumber(text, at, i)) out.push({ start: offset + at, end: offset + i, text: text.slice(at, i), words, hash: count ? h & 0x3fffffff : 0 });
  }
  return out;
}
