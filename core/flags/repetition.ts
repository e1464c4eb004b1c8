/**
 * Repetition: repeated paragraphs and sentences, and token loops. Runs on every trace, so the
 * expensive parts are avoided where they cannot matter: blocks are bucketed by the hash of their
 * normalised form that the scan cutting them computed (`Counted.hash`), and the exact normalised key is built only when two
 * blocks land in one bucket; loops are searched on a stride instead of at every position.
 */
import type { Flag } from './index.ts';
import type { FlagSettings } from './index.ts';
import { countWords } from './text.ts';
import { sameRepeatKey, type Block, type Counted } from './blocks.ts';
import { unitsOf } from './units.ts';
import { exactIds, sameToken, tokenise } from './loop-tokens.ts';

export type RepetitionOptions = Pick<
  FlagSettings,
  'repeatSentenceMinCount' | 'repeatSentenceMinWords' | 'repeatParagraphMinWords' | 'loopMinRepeats' | 'loopMinTokens' | 'loopMaxPeriod' | 'maxFlagsPerCode'
>;

/** The grouping key: two blocks repeat each other when these are equal. */
function normalise(s: string): string {
  return s.toLowerCase().replace(/[\s\p{P}]+/gu, ' ').trim();
}

interface Group {
  list: Counted[];
}

export type { Counted } from './blocks.ts';

// Open-addressed counts of the blocks' hashes (reused: this runs twice per trace). Slots hold
// 1 + the hash (hashes are 30-bit); `hashCounts` how many blocks have it.
let hashSlots = new Int32Array(1024);
let hashCounts = new Int32Array(1024);

/** Counts each eligible block's hash; returns the table's mask. */
function countHashes(blocks: Counted[], minWords: number): number {
  let size = 1024;
  while (size < blocks.length * 2) size *= 2;
  if (hashSlots.length < size || (hashSlots.length > 1 << 16 && size <= 1 << 16)) {
    hashSlots = new Int32Array(size);
    hashCounts = new Int32Array(size);
  } else hashSlots.fill(0, 0, size);
  const mask = size - 1;
  for (const b of blocks) {
    if (b.words < minWords) continue;
    let slot = b.hash & mask;
    while (hashSlots[slot] !== 0 && hashSlots[slot] !== b.hash + 1) slot = (slot + 1) & mask;
    if (hashSlots[slot] === 0) {
      hashSlots[slot] = b.hash + 1;
      hashCounts[slot] = 1;
    } else hashCounts[slot]!++;
  }
  return mask;
}

function hashCount(hash: number, mask: number): number {
  let slot = hash & mask;
  while (hashSlots[slot] !== hash + 1) slot = (slot + 1) & mask;
  return hashCounts[slot]!;
}

/** Whether two blocks of `masked` (units `u`, offsets `offset`-based) have equal grouping keys. */
function sameKey(u: Uint16Array, offset: number, x: Block, y: Block): boolean {
  const same = sameRepeatKey(u, x.start - offset, x.end - offset, y.start - offset, y.end - offset);
  return same < 0 ? normalise(x.text) === normalise(y.text) : same === 1;
}

/**
 * Groups blocks by normalised text, in order of first occurrence. A sentence of hesitation said
 * over and over ("Let me check that again." six times) is a repetition too, besides filler: blind
 * labellers split on it, and the targets weigh a missed repetition, not an extra flag on a trace
 * that is flagged anyway (eval/heldout/README.md). It once was left to the filler detector alone.
 */
function groupBlocks(blocks: Counted[], minWords: number, byHash: boolean, u: Uint16Array, offset: number): { groups: Group[]; repeatedWords: number } {
  const groups: Group[] = [];
  let repeatedWords = 0;
  const buckets = new Map<number | string, Group[]>();
  // Blocks with equal keys have equal hashes, so a block whose hash no other block has repeats
  // nothing and is not grouped (most blocks: no group, list or map entry is made for them).
  const mask = byHash ? countHashes(blocks, minWords) : 0;
  for (const b of blocks) {
    if (b.words < minWords) continue;
    if (byHash && hashCount(b.hash, mask) < 2) continue;
    // The scan's 30-bit hash: a small integer key, which a Map hashes without boxing.
    const bucketKey = byHash ? b.hash : normalise(b.text);
    const bucket = buckets.get(bucketKey);
    if (!bucket) {
      const g: Group = { list: [b] };
      buckets.set(bucketKey, [g]);
      groups.push(g);
      continue;
    }
    // Keyed by the exact key, a bucket holds one group; keyed by hash, it may hold several.
    let g: Group | undefined = byHash ? undefined : bucket[0];
    if (byHash) {
      for (const x of bucket) {
        if (sameKey(u, offset, x.list[0]!, b)) {
          g = x;
          break;
        }
      }
    }
    if (!g) {
      const fresh: Group = { list: [b] };
      bucket.push(fresh);
      groups.push(fresh);
      continue;
    }
    g.list.push(b);
    repeatedWords += b.words;
  }
  return { groups, repeatedWords };
}

function flagRepeats(flags: Flag[], groups: Group[], minCount: number, what: string, max: number): void {
  for (const { list: occ } of groups) {
    if (occ.length < minCount) continue;
    for (const b of occ.slice(1)) {
      if (flags.length >= max) return;
      flags.push({ code: 'repetition', severity: occ.length >= minCount + 2 ? 'error' : 'warning', start: b.start, end: b.end, message: `${what} repeated ${occ.length} times` });
    }
  }
}

/**
 * `masked` is the text with code and think/answer tags blanked; `paragraphs` and `sentences`
 * its blocks as `paragraphs` and `sentences` (text.ts) cut them, with word counts and repeat
 * hashes; offsets are `offset`-based.
 */
export function repetition(masked: string, offset: number, paragraphs: Counted[], sentences: Counted[], o: RepetitionOptions, reasoningEnd = Infinity): { flags: Flag[]; ratio: number } {
  const flags: Flag[] = [];
  // İ, the one code unit whose lower case is two units, lower-cases differently alone and in a
  // text (the blocks' hashes assume it does not): such a text is bucketed by its exact keys.
  const byHash = !masked.includes('\u0130');
  const u = unitsOf(masked);
  flagRepeats(flags, groupBlocks(paragraphs, o.repeatParagraphMinWords, byHash, u, offset).groups, 2, 'Paragraph', o.maxFlagsPerCode);
  const sentenceGroups = groupBlocks(sentences, o.repeatSentenceMinWords, byHash, u, offset);
  flagRepeats(flags, sentenceGroups.groups, o.repeatSentenceMinCount, 'Sentence', o.maxFlagsPerCode);
  // A sentence as long as a paragraph said twice in the reasoning is a pasted block too (the
  // same sentence restated in the summary is not).
  const longTwice = sentenceGroups.groups.filter((g) => g.list.length === 2 && g.list[0]!.words >= o.repeatParagraphMinWords && g.list[1]!.end <= reasoningEnd && o.repeatSentenceMinCount > 2);
  flagRepeats(flags, longTwice, 2, 'Long sentence', o.maxFlagsPerCode);
  const { repeatedWords } = sentenceGroups;

  const { ids, at, ends, words: total } = tokenise(masked, offset);
  const loopTokens = verifiedLoops(masked, offset, ids, at, ends, flags, o);
  return { flags, ratio: total > 0 ? Math.min(1, (repeatedWords + loopTokens) / total) : 0 };
}

/**
 * Loops: a token sequence of period p repeated back to back. Numbers are tokens, so an
 * enumeration of cases (differing only in its numbers) is not a loop. For each p, a qualifying
 * run of matches ids[i] === ids[i+p] is at least `need` long, so it covers a multiple of `need`:
 * probing only those positions and growing the run both ways finds every qualifying run, in
 * order, at a fraction of the cost of testing every position.
 */
const coveredScratch = new Uint8Array(1 << 16);

/**
 * `loops` over tokens whose ids are hashes (`tokenise`), exactly as over ids that are equal only
 * for equal tokens: every run long enough to count is checked token by token before it is used,
 * and if one holds a hash collision the search is done again with exact ids. A colliding pair in
 * a run too short to count cannot hide a loop (see `loops`).
 */
export function verifiedLoops(masked: string, offset: number, ids: ArrayLike<number>, at: ArrayLike<number>, ends: ArrayLike<number>, flags: Flag[], o: RepetitionOptions): number {
  const before = flags.length;
  const found = loops(ids, at, ends, flags, o, masked, offset);
  if (found >= 0) return found;
  flags.length = before;
  return loops(exactIds(masked, offset, at, ends), at, ends, flags, o);
}

/**
 * With `masked` (the tokens' text, spans `offset`-based), ids may collide: a run that is long
 * enough to count is then confirmed token by token, and -1 says one was not (nothing is flagged
 * from the colliding run on; the caller starts again with exact ids). A colliding pair only adds
 * a pair of equal ids: a run it makes or lengthens past the threshold is confirmed here (before
 * the `covered` check, whose answer depends on where the run starts), and one it leaves short is
 * skipped to the same next probe as the exact search or beyond it, which still lands inside any
 * real run that follows (every real run covers `need` tokens).
 */
export function loops(ids: ArrayLike<number>, at: ArrayLike<number>, ends: ArrayLike<number>, flags: Flag[], o: RepetitionOptions, masked?: string, offset = 0): number {
  let loopTokens = 0;
  const n = ids.length;
  // Reused across calls (allocating a typed array per trace cost more than clearing one); a huge
  // trace gets its own, so the module does not keep megabytes.
  const covered = n > coveredScratch.length ? new Uint8Array(n) : coveredScratch.fill(0, 0, n);
  for (let p = 1; p <= o.loopMaxPeriod && p < n; p++) {
    const need = Math.max(1, p * (o.loopMinRepeats - 1), o.loopMinTokens - p);
    for (let j = need - 1; j < n - p; ) {
      if (ids[j] !== ids[j + p]) {
        j += need;
        continue;
      }
      let from = j;
      while (from > 0 && ids[from - 1] === ids[from - 1 + p]) from--;
      let stop = j + 1;
      while (stop < n - p && ids[stop] === ids[stop + p]) stop++;
      // ids[from .. stop+p) is `run + p` tokens with period p.
      const run = stop - from;
      const length = run + p;
      const counts = length >= p * o.loopMinRepeats && length >= o.loopMinTokens;
      if (counts && masked !== undefined) {
        for (let x = from; x < stop; x++) if (!sameToken(masked, offset, at, ends, x, x + p)) return -1;
      }
      if (counts && !covered[from]) {
        covered.fill(1, from, stop + p);
        loopTokens += run;
        if (flags.length < o.maxFlagsPerCode) {
          const last = Math.min(n - 1, stop + p - 1);
          flags.push({ code: 'repetition', severity: 'error', start: at[from]!, end: ends[last]!, message: `Loop: a ${p}-token sequence repeated ${Math.floor(length / p)} times` });
        }
      }
      j = stop + need;
    }
  }
  return loopTokens;
}
