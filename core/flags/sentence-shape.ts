/**
 * What a sentence's tokens are besides words of a language: names and titles, code literals,
 * glossed terms, lists of single words, clause breaks. Read off the script tokens in `SCAN` (as
 * `scanTokensIn` left them for the sentence) by the language verdict, only where a verdict is in
 * doubt, so none of this runs for most sentences.
 */
import { hasOtherVotes } from './langid.ts';
import { lowerUnit } from './loop-tokens.ts';
import { CYRILLIC, LATIN, SCAN } from './script-tokens.ts';

// What separates clauses: , ; : ( ) — – … and their full-width forms (1 per code unit).
const CLAUSE_BREAK = new Uint8Array(0x10000);
for (const c of [0x2c, 0x3b, 0x3a, 0x28, 0x29, 0x2014, 0x2013, 0x2026, 0xff0c, 0xff1b, 0xff1a, 0xff08, 0xff09]) CLAUSE_BREAK[c] = 1;

/**
 * A foreign word glossed in parentheses, inside a sentence of the target's words ("adding
 * ございました (past form) is used when…", "所以 (so)"): a term mentioned, not a switch. The
 * foreign tokens `first`…`last` of `SCAN` must touch, making one word or one run of characters;
 * the gloss is masked, so it is read in `codeMasked`.
 */
export function isGlossedTerm(codeMasked: string, base: number, first: number, last: number, ownCount: number): boolean {
  if (ownCount < 3 || last - first > 5) return false;
  for (let k = first; k < last; k++) if (SCAN.ends[k] !== SCAN.at[k + 1]) return false;
  let q = base + SCAN.ends[last]!;
  while (q < codeMasked.length && (codeMasked[q] === ' ' || codeMasked[q] === '\u00A0')) q++;
  return codeMasked[q] === '(' || codeMasked[q] === '（';
}

/** Whether all but at most one of the gaps between the sentence's tokens in `SCAN` break a clause. */
export function isWordList(u: Uint16Array, base: number, count: number): boolean {
  let breaks = 0;
  for (let k = 1; k < count; k++) if (breaksClause(u, base + SCAN.ends[k - 1]!, base + SCAN.at[k]!)) breaks++;
  return breaks >= count - 2;
}

export function breaksClause(u: Uint16Array, a: number, b: number): boolean {
  for (let q = a; q < b; q++) if (CLAUSE_BREAK[u[q]!]) return true;
  return false;
}

// Lower-case words that join the capitalised words of a name or title ("Antoine de Saint-Exupéry",
// "The Old Man and the Sea", "Leonardo da Vinci").
const NAME_PARTICLES = new Set('de da di du des del della dello la le les los las el al van von der den y e of the and und et zu dos das bin ibn'.split(' '));
const CODE_WORDS = new Set('None True False null nil undefined NaN self def elif lambda len range dict tuple str int bool printf println'.split(' '));
/** Per token of the sentence in `SCAN`: 1 when it is part of a name or title, or a code literal (set by `namedWords`). */
let NAMED = new Uint8Array(256);

/** The marks `namedWords` set last (read before the next call). */
export function namedMarks(): Uint8Array {
  return NAMED;
}

function isCapitalised(u: Uint16Array, a: number, b: number): boolean {
  if (b - a < 2) return false;
  const first = u[a]!;
  const lower = lowerUnit(first);
  if (lower <= 0 || lower - 1 === first) return false;
  // ALL-CAPS words are masked as acronyms before this; a capital and then lower case is a name.
  const second = lowerUnit(u[a + 1]!);
  return second > 0 && second - 1 === u[a + 1];
}

/** Whether only spaces or hyphens separate the tokens ending at `a` and starting at `b`. */
function adjacent(u: Uint16Array, a: number, b: number): boolean {
  for (let q = a; q < b; q++) if (u[q] !== 0x20 && u[q] !== 0x2d && u[q] !== 0xa0) return false;
  return b > a;
}

/**
 * Marks in `NAMED` the alphabetic own (`ofOwn`) or foreign tokens of the sentence in `SCAN` that
 * are code literals (None, True, null…) or runs of two or more capitalised words, joined only by
 * spaces, hyphens and name particles, and returns how many. German capitalises every noun, so for
 * a German target no run is a name.
 */
export function namedWords(u: Uint16Array, base: number, count: number, own: boolean[], ofOwn: boolean, target: string): number {
  if (NAMED.length < count) NAMED = new Uint8Array(count * 2);
  NAMED.fill(0, 0, count);
  const { at, ends, scripts } = SCAN;
  let named = 0;
  // Literals of code talked about in prose ("… が None で、not (False or None) = True"): no language's words.
  for (let k = 0; k < count; k++) {
    if (own[scripts[k]!] === ofOwn && scripts[k] === LATIN && CODE_WORDS.has(textOfRange(u, base + at[k]!, base + ends[k]!))) {
      NAMED[k] = 1;
      named++;
    }
  }
  if (target === 'de') return named;
  for (let k = 0; k < count; ) {
    const script = scripts[k]!;
    if (own[script] !== ofOwn || (script !== LATIN && script !== CYRILLIC) || NAMED[k] || !isCapitalised(u, base + at[k]!, base + ends[k]!)) {
      k++;
      continue;
    }
    // Extend the run over particles and capitalised words; it ends on its last capitalised word.
    let capitals = 1;
    let last = k;
    for (let j = k + 1; j < count && scripts[j] === script && adjacent(u, base + ends[j - 1]!, base + at[j]!); j++) {
      const a = base + at[j]!;
      const b = base + ends[j]!;
      if (isCapitalised(u, a, b)) {
        capitals++;
        last = j;
      } else if (!NAME_PARTICLES.has(textOfRange(u, a, b).toLowerCase())) break;
    }
    if (capitals >= 2) {
      for (let j = k; j <= last; j++) {
        if (!NAMED[j]) named++;
        NAMED[j] = 1;
      }
    }
    k = last + 1;
  }
  return named;
}

function textOfRange(u: Uint16Array, a: number, b: number): string {
  return String.fromCharCode(...u.subarray(a, b));
}

/** Whether the own tokens of the sentence in `SCAN` hold a word another listed language has (the words were just added) or a letter beyond ASCII. */
export function foreignVotesOrLetters(u: Uint16Array, base: number, count: number, own: boolean[]): boolean {
  if (hasOtherVotes('en')) return true;
  for (let k = 0; k < count; k++) {
    if (!own[SCAN.scripts[k]!]) continue;
    for (let q = base + SCAN.at[k]!, b = base + SCAN.ends[k]!; q < b; q++) if (u[q]! > 0x7f) return true;
  }
  return false;
}
