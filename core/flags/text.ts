/**
 * Text helpers shared by the detectors. Masking replaces a span with spaces of the same UTF-16
 * length, so every offset found in masked text is also an offset in the original.
 */

import { maskIdentifiers } from './scan.ts';
import { relabelUnits, textOfUnits, unitsOf } from './units.ts';

/**
 * `text` with every match of the global `re` turned into spaces, newlines kept. The matches are
 * blanked in the text's unit array and the result read back in one copy: `replace` with a
 * callback built the result piece by piece, a string per match.
 */
export function blank(text: string, re: RegExp): string {
  re.lastIndex = 0;
  let m = re.exec(text);
  if (!m) return text;
  const u = unitsOf(text);
  do {
    const end = m.index + m[0].length;
    for (let q = m.index; q < end; q++) if (u[q] !== 0x0a) u[q] = 0x20;
    // As `replace` steps past an empty match (none of the patterns here can match one).
    if (end === m.index) re.lastIndex++;
  } while ((m = re.exec(text)));
  return readBack(u, text.length);
}

/**
 * `blank(text, re)` for a pattern whose every match starts with the code unit `lead`, given as
 * `sticky` (the pattern with flag y): it is tried only where `lead` occurs, found by `indexOf`,
 * which passes over the text many times faster than the regex engine looking for a start.
 * Matches are the global pattern's: leftmost first, each search going on after the last match.
 */
export function blankAtLead(text: string, lead: string, sticky: RegExp): string {
  let u: Uint16Array | null = null;
  for (let at = text.indexOf(lead); at >= 0; ) {
    sticky.lastIndex = at;
    const m = sticky.exec(text);
    if (!m) {
      at = text.indexOf(lead, at + 1);
      continue;
    }
    const end = at + m[0].length;
    u ??= unitsOf(text);
    for (let q = at; q < end; q++) if (u[q] !== 0x0a) u[q] = 0x20;
    at = text.indexOf(lead, end);
  }
  return u ? readBack(u, text.length) : text;
}

/** The string of `u` (just blanked in place), which the array is then relabelled to. */
export function readBack(u: Uint16Array, n: number): string {
  const out = textOfUnits(u, n);
  relabelUnits(u, out);
  return out;
}

/** Fenced code blocks (an unclosed fence runs to the end, as a truncated trace does). */
export const FENCE_RE = /(^|\n)[ \t]*(```|~~~)[^\n]*\n[\s\S]*?(?:\n[ \t]*\2[ \t]*(?=\n|$)|$)/g;

const INLINE_CODE_RE = /`[^`\n]{1,200}`/g;

/** Fenced code blocks blanked, inline code kept (repetition compares sentences that differ only there). */
export function maskFences(text: string): string {
  return text.includes('```') || text.includes('~~~') ? blank(text, FENCE_RE) : text;
}

export function maskCode(text: string): string {
  // Every fence contains ``` or ~~~ and inline code a backtick: most traces have neither.
  const fenced = text.includes('```') || text.includes('~~~') ? blank(text, FENCE_RE) : text;
  return fenced.includes('`') ? blank(fenced, INLINE_CODE_RE) : fenced;
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

const isWordUnit = (c: number) => (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x5f;
const isSpaceOrTab = (c: number) => c === 0x20 || c === 0x09;

/**
 * Assignments traced by hand in prose ("mid=1 → lo=2; hi = 1", "count += 1"): an ASCII name, an
 * optional operator, `=`, and a value, blanked as names and numbers, not words. Found from each
 * `=`, since most of a math trace's text holds none (a regex tried every word).
 */
function blankAssignments(text: string): string {
  let u: Uint16Array | null = null;
  const n = text.length;
  for (let eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
    let a = eq;
    if (a > 0 && '+-*/%'.includes(text[a - 1]!)) a--;
    if (a > 0 && isSpaceOrTab(text.charCodeAt(a - 1))) a--;
    let name = a;
    while (name > 0 && isWordUnit(text.charCodeAt(name - 1))) name--;
    const first = text.charCodeAt(name);
    if (name === a || (first >= 0x30 && first <= 0x39)) continue;
    let b = eq + 1;
    if (b < n && isSpaceOrTab(text.charCodeAt(b))) b++;
    if (b < n && (text[b] === '-' || text[b] === '−')) b++;
    let end = b;
    while (end < n && (isWordUnit(text.charCodeAt(end)) || text[end] === '.')) end++;
    if (end === b) continue;
    u ??= unitsOf(text);
    for (let q = name; q < end; q++) u[q] = 0x20;
  }
  return u ? readBack(u, n) : text;
}

const SINGLE_QUOTED = /(?<![\p{L}\p{N}])'(?=\p{L})[^'\n]{1,80}?(?<=[\p{L}\p{N}.!?])'(?![\p{L}\p{N}])/uy;

export function maskNonProse(text: string): string {
  return maskProse(maskCode(text));
}

// Per code unit, the bit of each literal's first unit (one scan says which literals can occur:
// searching for an absent one reads the whole text, eighteen times over).
const NEED_BITS = new Uint32Array(0x10000);
const NEED_FIRSTS = [...new Set(MASK_PASSES.flatMap((p) => p.needs.map((x) => x.charCodeAt(0))))];
NEED_FIRSTS.forEach((c, k) => (NEED_BITS[c] = 1 << k));
const needsMask = (needs: string[]) => needs.reduce((m, x) => m | NEED_BITS[x.charCodeAt(0)]!, 0);
const PASS_BITS = MASK_PASSES.map((p) => needsMask(p.needs));

/** The rest of `maskNonProse` for text whose code is already masked (shared with other detectors). */
export function maskProse(codeMasked: string): string {
  const u = unitsOf(codeMasked);
  let present = 0;
  for (let i = 0, n = codeMasked.length; i < n; i++) present |= NEED_BITS[u[i]!]!;
  let out = codeMasked;
  // Blanking only removes characters, so a first unit absent from the text is absent throughout.
  for (let k = 0; k < MASK_PASSES.length; k++) {
    const { re, needs } = MASK_PASSES[k]!;
    if (present & PASS_BITS[k]! && needs.some((x) => out.includes(x))) out = blank(out, re);
  }
  // Titles and terms in straight single quotes ('The Old Man and the Sea'): an opening quote
  // follows no letter and a closing one is followed by none, so "let's" and "l'eau" are never
  // taken for quotes. Found from the quote character, as most traces hold apostrophes.
  if (out.includes("'")) out = blankAtLead(out, "'", SINGLE_QUOTED);
  if (out.includes('=')) out = blankAssignments(out);
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
export const CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) CLASS[c] = classify(c);

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
