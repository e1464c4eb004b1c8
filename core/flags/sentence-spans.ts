/**
 * The sentences of a text as `sentences` (blocks.ts) cuts them, as bare spans with a hash of their
 * exact content: the language verdicts look sentences up by these, and most sentences need
 * nothing more (no object, substring or word count).
 */
import { hasLetterOrNumber, isTerminal, STOP } from './blocks.ts';
import { unitsOf } from './units.ts';

/** What `sentenceSpans` found: reused arrays, valid until its next call. */
export const SENTENCE_SPANS = { at: new Int32Array(256), ends: new Int32Array(256), hashes: new Int32Array(256) };

/**
 * Fills SENTENCE_SPANS with the [at, ends) of each sentence of `text` and the FNV-1a hash of its
 * code units (all of them, unlike the repeat hash); returns how many there are.
 */
export function sentenceSpans(text: string): number {
  const n = text.length;
  const u = unitsOf(text);
  let count = 0;
  for (let i = 0; i < n; ) {
    if (STOP[u[i]!] === 1) {
      i++;
      continue;
    }
    const at = i;
    let h = 0x811c9dc5;
    for (let c = u[i]!; i < n && STOP[c] !== 1; c = u[++i]!) h = Math.imul(h ^ c, 16777619);
    for (let c = u[i]!; i < n && isTerminal(c); c = u[++i]!) h = Math.imul(h ^ c, 16777619);
    if (!hasLetterOrNumber(text, u, at, i)) continue;
    if (count === SENTENCE_SPANS.at.length) grow();
    SENTENCE_SPANS.at[count] = at;
    SENTENCE_SPANS.ends[count] = i;
    SENTENCE_SPANS.hashes[count] = h & 0x3fffffff;
    count++;
  }
  return count;
}

function grow(): void {
  const doubled = (a: Int32Array) => {
    const b = new Int32Array(a.length * 2);
    b.set(a);
    return b;
  };
  Object.assign(SENTENCE_SPANS, { at: doubled(SENTENCE_SPANS.at), ends: doubled(SENTENCE_SPANS.ends), hashes: doubled(SENTENCE_SPANS.hashes) });
}
