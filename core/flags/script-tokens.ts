/**
 * Script tokens for language analysis: the matches of
 * `/(\p{sc=Latin}+(?:['’-]\p{sc=Latin}+)*)|(\p{sc=Cyrillic}+(?:['’-]\p{sc=Cyrillic}+)*)|(\p{sc=Han})|([\p{sc=Hiragana}\p{sc=Katakana}ー]+)|(\p{sc=Hangul}+)|([\p{sc=Arabic}\p{sc=Hebrew}\p{sc=Thai}\p{sc=Devanagari}]+)/gu`,
 * found by a scan that reads each code point's script from a table instead. The regex ran on
 * every sentence of every reasoning; its classes are disjoint (a code point has one script, and
 * ー is in none of the others), so the first code point decides the alternative and the greedy
 * runs never need to backtrack.
 */

export type Script = 'latin' | 'cyrillic' | 'han' | 'kana' | 'hangul' | 'other';

export interface Token {
  start: number;
  end: number;
  script: Script;
  text: string;
}

const SCRIPTS: Script[] = ['latin', 'cyrillic', 'han', 'kana', 'hangul', 'other'];
const CLASS_RES = [/^\p{sc=Latin}$/u, /^\p{sc=Cyrillic}$/u, /^\p{sc=Han}$/u, /^[\p{sc=Hiragana}\p{sc=Katakana}ー]$/u, /^\p{sc=Hangul}$/u, /^[\p{sc=Arabic}\p{sc=Hebrew}\p{sc=Thai}\p{sc=Devanagari}]$/u];
const LATIN = 2;
const CYRILLIC = 3;
const HAN = 4;

/** 1 for no script of ours, else 2 + the index in SCRIPTS. */
function classOf(ch: string): number {
  for (let k = 0; k < CLASS_RES.length; k++) if (CLASS_RES[k]!.test(ch)) return k + 2;
  return 1;
}

// Per BMP code unit (0 not known yet), and per astral code point met so far.
const BMP = new Uint8Array(0x10000);
const ASTRAL = new Map<number, number>();

/** Whether a surrogate pair starts at i (the regex, with /u, takes it as one code point). */
function pairAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return false;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}

/** Class of the code point at i (a lone surrogate has no script). */
function classAt(text: string, i: number): number {
  if (pairAt(text, i)) {
    const cp = text.codePointAt(i)!;
    let k = ASTRAL.get(cp);
    if (k === undefined) {
      if (ASTRAL.size >= 4096) ASTRAL.clear();
      ASTRAL.set(cp, (k = classOf(String.fromCodePoint(cp))));
    }
    return k;
  }
  const c = text.charCodeAt(i);
  let k = BMP[c]!;
  if (k === 0) BMP[c] = k = classOf(String.fromCharCode(c));
  return k;
}

/** End of the run of class-k code points starting at i. */
function runEnd(text: string, i: number, k: number): number {
  const n = text.length;
  while (i < n && classAt(text, i) === k) i += pairAt(text, i) ? 2 : 1;
  return i;
}

/** The regex's matches in `text`, in order, with offsets shifted by `offset`. */
export function scriptTokens(text: string, offset: number): Token[] {
  const out: Token[] = [];
  const n = text.length;
  for (let i = 0; i < n; ) {
    const k = classAt(text, i);
    const start = i;
    i += pairAt(text, i) ? 2 : 1;
    if (k === 1) continue;
    if (k !== HAN) i = runEnd(text, i, k);
    if (k === LATIN || k === CYRILLIC) {
      // (?:['’-]X+)*: a joiner counts only when a letter of the same script follows it.
      while (i + 1 < n) {
        const j = text.charCodeAt(i);
        if ((j !== 0x27 && j !== 0x2019 && j !== 0x2d) || classAt(text, i + 1) !== k) break;
        i = runEnd(text, i + 1, k);
      }
    }
    out.push({ start: offset + start, end: offset + i, script: SCRIPTS[k - 2]!, text: text.slice(start, i) });
  }
  return out;
}
