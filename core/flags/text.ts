/**
 * Text helpers shared by the detectors. Masking replaces a span with spaces of the same UTF-16
 * length, so every offset found in masked text is also an offset in the original.
 */

export function blank(text: string, re: RegExp, keepNewlines = true): string {
  return text.replace(re, (m) => (keepNewlines ? m.replace(/[^\n]/g, ' ') : ' '.repeat(m.length)));
}

/** Fenced code blocks (an unclosed fence runs to the end, as a truncated trace does). */
export const FENCE_RE = /(^|\n)[ \t]*(```|~~~)[^\n]*\n[\s\S]*?(?:\n[ \t]*\2[ \t]*(?=\n|$)|$)/g;

export function maskCode(text: string): string {
  return blank(blank(text, FENCE_RE), /`[^`\n]{1,200}`/g);
}

const MATH_RES: RegExp[] = [
  /\$\$[\s\S]{0,4000}?\$\$/g,
  /\\\[[\s\S]{0,4000}?\\\]/g,
  /\\\([\s\S]{0,1000}?\\\)/g,
  /\\begin\{([a-z*]+)\}[\s\S]{0,4000}?\\end\{\1\}/g,
  /\$[^$\n]{1,400}\$/g,
  /\\[a-zA-Z]+\*?(?:\{[^{}\n]{0,80}\})*/g,
];

/** Spans that are not prose in any language: quotes of foreign terms, glosses, symbols. */
const NON_PROSE_RES: RegExp[] = [
  /\b(?:https?|ftp):\/\/[^\s)>\]]+|\bwww\.[^\s)>\]]+|[\w.+-]+@[\w-]+\.[\w.]+/g,
  /“[^”\n]{1,80}”|"[^"\n]{1,80}"|«[^»\n]{1,80}»|„[^“”\n]{1,80}[“”]|「[^」\n]{1,80}」|『[^』\n]{1,80}』|‘[^’\n]{1,40}’/g,
  /[(（][^()（）\n]{1,40}[)）]/g,
  // Identifiers and formulas: snake_case, camelCase, dotted names, tokens with digits (H2O,
  // x1), ALL-CAPS acronyms, single letters used as variables.
  /[\p{sc=Latin}\p{sc=Greek}\d_]*[_\d][\p{sc=Latin}\p{sc=Greek}\d_]*|\b[a-z]+[A-Z][A-Za-z]*\b|\b[A-Za-z]+(?:\.[A-Za-z]+)+\b|\b[A-Z]{2,}\b/gu,
  /(?<![\p{L}\p{M}'’])[A-Za-z](?![\p{L}\p{M}'’])/gu,
];

export function maskNonProse(text: string): string {
  let out = maskCode(text);
  for (const re of MATH_RES) out = blank(out, re);
  for (const re of NON_PROSE_RES) out = blank(out, re);
  return out;
}

/** Han and kana count as two thirds of a word each: a Chinese word averages ~1.5 characters. */
export const CJK_WORD_WEIGHT = 2 / 3;
const WORDISH_RE = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|[^\s\p{P}\p{S}\p{C}\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+/gu;

export function countWords(text: string): number {
  let words = 0;
  WORDISH_RE.lastIndex = 0;
  for (let m = WORDISH_RE.exec(text); m; m = WORDISH_RE.exec(text)) {
    const ch = m[0].charCodeAt(0);
    words += m[0].length === 1 && ch >= 0x3040 ? CJK_WORD_WEIGHT : 1;
  }
  return words;
}

export interface Block {
  start: number;
  end: number;
  text: string;
}

/** Paragraphs: blocks between blank lines; each markdown list item is its own paragraph. */
export function paragraphs(text: string, offset = 0): Block[] {
  const out: Block[] = [];
  const re = /[^\n]+(?:\n(?![ \t]*\n)(?![ \t]*(?:[-*+]|\d+[.)])[ \t])[^\n]*)*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].trim()) out.push({ start: offset + m.index, end: offset + m.index + m[0].length, text: m[0] });
  }
  return out;
}

/** Sentences: split after terminal punctuation (Latin or CJK) and at line breaks. */
export function sentences(text: string, offset = 0): Block[] {
  const out: Block[] = [];
  const re = /[^\n.!?。！？…]+(?:[.!?。！？…]+|(?=\n)|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (/[\p{L}\p{N}]/u.test(m[0])) out.push({ start: offset + m.index, end: offset + m.index + m[0].length, text: m[0] });
  }
  return out;
}
