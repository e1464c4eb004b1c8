/**
 * Script tokens of a sentence for the language verdict: runs of one script's letters (Latin and
 * Cyrillic words may be joined by an apostrophe or hyphen), each Han character alone, found by a
 * table-driven scan (the exact matches of the Unicode-script regex it replaced; fuzzed against it
 * in scanners.test.ts).
 */

import { unitsOf } from './units.ts';

export type Script = 'latin' | 'cyrillic' | 'han' | 'kana' | 'hangul' | 'other';
export const SCRIPTS: Script[] = ['latin', 'cyrillic', 'han', 'kana', 'hangul', 'other'];

export interface Token {
  start: number;
  end: number;
  script: Script;
  text: string;
}

// Script codes of the token scanner, indexes into SCRIPTS (0-5); NONE for a code point in no token.
export const LATIN = 0;
export const CYRILLIC = 1;
export const HAN = 2;
export const KANA = 3;
const NONE = 6;
// The classes of the regex the scanner replaced, one per script (in SCRIPTS order); the scanner
// asks them about each code unit once, so its tokens are the regex's matches exactly.
const SCRIPT_RES = [/^\p{sc=Latin}$/u, /^\p{sc=Cyrillic}$/u, /^\p{sc=Han}$/u, /^[\p{sc=Hiragana}\p{sc=Katakana}ー]$/u, /^\p{sc=Hangul}$/u, /^[\p{sc=Arabic}\p{sc=Hebrew}\p{sc=Thai}\p{sc=Devanagari}]$/u];
// Per BMP code unit: 0 not known yet, else 1 + its script code. Lone surrogates are in no script.
const SCRIPT_OF_UNIT = new Uint8Array(0x10000);
const scriptOfAstral = new Map<number, number>();

function classifyScript(ch: string): number {
  for (let k = 0; k < SCRIPT_RES.length; k++) if (SCRIPT_RES[k]!.test(ch)) return k;
  return NONE;
}

/**
 * Script code of the code point at i of `u` (read as the `u` flag reads it; `n` ends the text),
 * plus 8 × its length in code units.
 */
function scriptAt(u: Uint16Array, i: number, n: number): number {
  const c = u[i]!;
  if (c < 0xd800 || c > 0xdbff || i + 1 >= n) {
    let k = SCRIPT_OF_UNIT[c]!;
    if (k === 0) SCRIPT_OF_UNIT[c] = k = 1 + (c >= 0xdc00 && c <= 0xdfff ? NONE : classifyScript(String.fromCharCode(c)));
    return k - 1 + 8;
  }
  const d = u[i + 1]!;
  if (d < 0xdc00 || d > 0xdfff) return NONE + 8;
  const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  let k = scriptOfAstral.get(cp);
  if (k === undefined) scriptOfAstral.set(cp, (k = classifyScript(String.fromCodePoint(cp))));
  return k + 16;
}

/**
 * The script tokens of `text`: runs of one script's letters (Latin and Cyrillic words may be joined
 * by an apostrophe or hyphen), each Han character alone. The matches of the regex
 * `(\p{sc=Latin}+(?:['’-]\p{sc=Latin}+)*)|(\p{sc=Cyrillic}+(?:…)*)|(\p{sc=Han})|([\p{sc=Hiragana}\p{sc=Katakana}ー]+)|(\p{sc=Hangul}+)|([Arabic Hebrew Thai Devanagari]+)`
 * (global, `u`), found by a table-driven scan into reused arrays (`SCAN`; valid until the next
 * call): this runs on every new sentence, and the regex with its match objects and substrings
 * was most of the cost of judging one.
 */
export const SCAN = { at: new Int32Array(256), ends: new Int32Array(256), scripts: new Uint8Array(256), count: 0 };

function scanTokens(text: string): number {
  return scanTokensIn(unitsOf(text), 0, text.length);
}

/**
 * `scanTokens(text.slice(from, to))` for a text whose code units are `u`: offsets in `SCAN` are
 * `from`-based. A sentence is scanned in its trace's array, with no copy or slice of its own.
 */
export function scanTokensIn(u: Uint16Array, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; ) {
    let s = scriptAt(u, i, to);
    const script = s & 7;
    let j = i + (s >> 3);
    if (script === NONE) {
      i = j;
      continue;
    }
    if (script !== HAN) {
      while (j < to && ((s = scriptAt(u, j, to)) & 7) === script) j += s >> 3;
      if (script === LATIN || script === CYRILLIC) {
        // A joiner continues the word only when a letter of the same script follows it.
        for (let c = u[j]!; (c === 0x27 || c === 0x2019 || c === 0x2d) && j + 1 < to && (scriptAt(u, j + 1, to) & 7) === script; c = u[j]!) {
          j += 1 + (scriptAt(u, j + 1, to) >> 3);
          while (j < to && ((s = scriptAt(u, j, to)) & 7) === script) j += s >> 3;
        }
      }
    }
    if (count === SCAN.at.length) growScan();
    SCAN.at[count] = i - from;
    SCAN.ends[count] = j - from;
    SCAN.scripts[count] = script;
    count++;
    i = j;
  }
  SCAN.count = count;
  return count;
}

function growScan(): void {
  const size = SCAN.at.length * 2;
  const at = new Int32Array(size);
  const ends = new Int32Array(size);
  const scripts = new Uint8Array(size);
  at.set(SCAN.at);
  ends.set(SCAN.ends);
  scripts.set(SCAN.scripts);
  Object.assign(SCAN, { at, ends, scripts });
}

/** Tokens as objects, for the prompt (once per prompt, so plain objects are fine there) and tests. */
export function scriptTokens(text: string, offset: number): Token[] {
  const out: Token[] = [];
  const count = scanTokens(text);
  for (let k = 0; k < count; k++) {
    const at = SCAN.at[k]!;
    const end = SCAN.ends[k]!;
    out.push({ start: offset + at, end: offset + end, script: SCRIPTS[SCAN.scripts[k]!]!, text: text.slice(at, end) });
  }
  return out;
}
