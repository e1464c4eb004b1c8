import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFixtures, loadLabelledSet, scoreSet } from './eval-flags.ts';

const HELD_OUT = join(import.meta.dirname, '..', 'eval', 'heldout');
// The development sets only: test.jsonl is kept for measuring, so that nothing is tuned to pass it.
const devSets = readdirSync(HELD_OUT).filter((f) => f.startsWith('dev-') && f.endsWith('.jsonl')).sort();

const READABILITY = ['no_summary', 'repetition', 'long_paragraph', 'code_in_reasoning', 'bad_think_tags', 'truncated', 'mojibake', 'filler'] as const;

/** The targets: mixed_language F1 ≥ 0.95, recall ≥ 0.9 per readability code, ≤ 3 % of clean traces flagged. */
function expectTargets(name: string, score: ReturnType<typeof scoreSet>): void {
  const misses = score.misses.map((m) => `${m.fixture.id} ${m.wrong.join(' ')}`).join('; ');
  const mixed = score.byCode.get('mixed_language')!;
  if (mixed.tp + mixed.fn > 0) expect(mixed.f1, `${name} mixed_language F1; misses: ${misses}`).toBeGreaterThanOrEqual(0.95);
  for (const code of READABILITY) expect(score.byCode.get(code)!.recall, `${name} ${code} recall; misses: ${misses}`).toBeGreaterThanOrEqual(0.9);
  expect(score.cleanFlagged / Math.max(1, score.clean), `${name} clean traces flagged; misses: ${misses}`).toBeLessThanOrEqual(0.03);
  // Where the set says where: nine in ten places found, nine in ten flags in a right place.
  for (const [code, st] of score.spans) {
    expect(st.found / st.gold, `${name} ${code} spans found`).toBeGreaterThanOrEqual(0.9);
    expect(st.onTarget / Math.max(1, st.flagged), `${name} ${code} flags on a gold span`).toBeGreaterThanOrEqual(0.9);
  }
}

describe('flag quality on the labelled sets', () => {
  it('meets the targets on the fixtures', () => {
    expectTargets('fixtures', scoreSet(loadFixtures()));
  });

  it('has development sets written blind, by authors who never saw the detectors', () => {
    expect(devSets.length).toBeGreaterThanOrEqual(2);
  });

  for (const file of devSets) {
    it(`meets the targets on the held-out development set ${file}`, () => {
      const set = loadLabelledSet(join(HELD_OUT, file));
      expect(set.length).toBeGreaterThanOrEqual(50);
      expectTargets(file, scoreSet(set));
    });
  }
});

describe('span scoring', () => {
  it('counts a gold span found when flags cover half of it, and a flag on target when it overlaps one', () => {
    const de = 'Dann ist die Summe der Teiler ganz klar einundneunzig und wir sind fertig';
    const completion = `We need the sum of all positive divisors of 36, so we factor the number first. ${de}. The factorisation gives the same total, and the pairs agree with it.\n</think>\n\nThe sum is 91.`;
    const start = completion.indexOf(de);
    const base = { id: 'a', prompt: 'Find the sum of the divisors of 36.', completion, note: '', expected: ['mixed_language' as const] };
    const right = scoreSet([{ ...base, spans: [{ code: 'mixed_language', start, end: start + de.length }] }]).spans.get('mixed_language')!;
    expect([right.found, right.gold, right.onTarget, right.flagged]).toEqual([1, 1, 1, 1]);
    expect(right.commonChars).toBe(de.length);
    const elsewhere = scoreSet([{ ...base, spans: [{ code: 'mixed_language', start: 0, end: 20 }] }]).spans.get('mixed_language')!;
    expect([elsewhere.found, elsewhere.onTarget, elsewhere.commonChars]).toEqual([0, 0, 0]);
  });
});

describe('labelled set loading', () => {
  it('names the file, line and field of a bad line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labelled-'));
    const write = (lines: string[]) => {
      const file = join(dir, 'set.jsonl');
      writeFileSync(file, lines.join('\n') + '\n');
      return file;
    };
    const ok = JSON.stringify({ id: 'a', prompt: 'p', completion: 'c', expected: [] });
    expect(() => loadLabelledSet(write([ok, '{"id": "b", "prompt": "p", "completion": "c", "expected": ["typo"]}']))).toThrow(/set\.jsonl:2: field "expected" has unknown code "typo"/);
    expect(() => loadLabelledSet(write([ok, '', '{"id": "a", "prompt": "p", "completion": "c", "expected": []}']))).toThrow(/set\.jsonl:3: id "a" appears twice/);
    expect(() => loadLabelledSet(write(['[1, 2]']))).toThrow(/set\.jsonl:1: not a JSON object/);
    expect(() => loadLabelledSet(write(['{"id": "x", "prompt": "p", "expected": []}']))).toThrow(/set\.jsonl:1: field "completion" must be a string/);
    expect(() => loadLabelledSet(write(['{oops']))).toThrow(/set\.jsonl:1: not JSON/);
    expect(() => loadLabelledSet(write(['{"id": "x", "prompt": "p", "completion": "abc", "expected": [], "spans": [{"code": "mixed_language", "start": 2, "end": 9}]}']))).toThrow(/set\.jsonl:1: spans\[0\] must be/);
    expect(loadLabelledSet(write([ok])).map((f) => f.id)).toEqual(['a']);
  });
});
