import { describe, expect, it } from 'vitest';
import type { Flag } from './index.ts';
import { flagSample } from './index.ts';
import { loops, type RepetitionOptions } from './repetition.ts';

const options: RepetitionOptions = { repeatSentenceMinCount: 3, repeatSentenceMinWords: 4, repeatParagraphMinWords: 15, loopMinRepeats: 3, loopMinTokens: 12, loopMaxPeriod: 40, maxFlagsPerCode: 50 };

/** The plain scan the strided search replaced: every position, every period. */
function naiveLoops(ids: number[], o: RepetitionOptions): Array<[number, number]> {
  const n = ids.length;
  const covered = new Uint8Array(n);
  const out: Array<[number, number]> = [];
  for (let p = 1; p <= o.loopMaxPeriod && p < n; p++) {
    let run = 0;
    for (let i = 0; i + p <= n; i++) {
      if (i + p < n && ids[i] === ids[i + p]) {
        run++;
        continue;
      }
      const length = run + p;
      if (run > 0 && length >= p * o.loopMinRepeats && length >= o.loopMinTokens && !covered[i - run]) {
        covered.fill(1, i - run, i + p);
        out.push([i - run, Math.min(n - 1, i + p - 1)]);
      }
      run = 0;
    }
  }
  return out;
}

describe('repetition', () => {
  it('the strided loop search finds exactly the loops a full scan finds', () => {
    let seed = 7;
    const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % k);
    for (let trial = 0; trial < 300; trial++) {
      const ids: number[] = [];
      while (ids.length < 400) {
        // Random prose with loops of random period and length spliced in.
        if (rnd(4) === 0) {
          const period = 1 + rnd(12);
          const unit = Array.from({ length: period }, () => rnd(30));
          for (let r = 1 + rnd(6); r > 0; r--) ids.push(...unit);
          ids.push(...unit.slice(0, rnd(period)));
        } else ids.push(rnd(6 + rnd(200)));
      }
      const o = { ...options, loopMinRepeats: 2 + rnd(3), loopMinTokens: 4 + rnd(14), maxFlagsPerCode: 1000 };
      const flags: Flag[] = [];
      const at = ids.map((_, i) => i);
      loops(ids, at, at.map((i) => i + 1), flags, o);
      expect(flags.map((f) => [f.start, f.end - 1])).toEqual(naiveLoops(ids, o));
    }
  });

  it('sentences repeat regardless of case and punctuation, including non-ASCII ones', () => {
    const ru = 'Сложим следующую пару делителей к сумме!';
    const text = `Intro line here.\n${ru}\n${ru.toUpperCase().replace('!', '.')}\n« ${ru} »\n</think>\n\nThe answer is 91.`;
    const rep = flagSample({ completion: text, language: 'ru' }).flags.filter((f) => f.message.startsWith('Sentence'));
    expect(rep.map((f) => f.message)).toEqual(['Sentence repeated 3 times', 'Sentence repeated 3 times']);
    expect(text.slice(rep[0]!.start, rep[0]!.end)).toContain('СЛОЖИМ');
  });

  it('a text whose lower-casing changes length still groups repeats (İ)', () => {
    const s = 'İstanbul has many divisors of thirty six today.';
    const text = `${s} ${s} ${s}\n</think>\n\nThe answer is 91.`;
    const rep = flagSample({ completion: text }).flags.filter((f) => f.message.startsWith('Sentence'));
    expect(rep.map((f) => text.slice(f.start, f.end).trim())).toEqual([s, s]);
  });
});
