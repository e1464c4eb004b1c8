import { describe, expect, it } from 'vitest';
import { diffHunks, diffLines } from './line-diff.ts';

/** Applying a diff's edits must rebuild both texts exactly: the property that makes it a diff. */
function sides(edits: ReturnType<typeof diffLines>) {
  return {
    from: edits.filter((e) => e.op !== '+').map((e) => e.text).join('\n'),
    to: edits.filter((e) => e.op !== '-').map((e) => e.text).join('\n'),
  };
}

describe('line diff', () => {
  it('rebuilds both sides and keeps unchanged lines unchanged', () => {
    const cases: [string, string][] = [
      ['a\nb\nc', 'a\nB\nc'],
      ['', 'x\ny'],
      ['x\ny', ''],
      ['a\nb\nc\nd\ne', 'e\nd\nc\nb\na'],
      ['same', 'same'],
    ];
    for (const [from, to] of cases) expect(sides(diffLines(from, to))).toEqual({ from, to });
    expect(diffLines('a\nb\nc', 'a\nB\nc').map((e) => e.op).join('')).toBe(' -+ ');
  });

  it('finds a minimal diff on random edits', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    for (let round = 0; round < 50; round++) {
      const a = Array.from({ length: 30 }, () => String(Math.floor(rand() * 6)));
      const b = a.filter(() => rand() > 0.2).map((l) => (rand() < 0.1 ? `${l}!` : l));
      const edits = diffLines(a.join('\n'), b.join('\n'));
      expect(sides(edits)).toEqual({ from: a.join('\n'), to: b.join('\n') });
      // Never worse than deleting everything and inserting everything.
      expect(edits.filter((e) => e.op !== ' ').length).toBeLessThanOrEqual(a.length + b.length);
    }
  });

  it('groups changes into hunks with three lines of context and 1-based positions', () => {
    const from = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const to = [...from];
    to[9] = 'changed 10';
    const hunks = diffHunks(from.join('\n'), to.join('\n'));
    expect(hunks).toHaveLength(1);
    expect(hunks[0]).toMatchObject({ fromStart: 7, fromLines: 7, toStart: 7, toLines: 7 });
    expect(hunks[0]!.lines.filter((l) => l.op !== ' ')).toEqual([
      { op: '-', text: 'line 10' },
      { op: '+', text: 'changed 10' },
    ]);
    to[18] = 'changed 19';
    expect(diffHunks(from.join('\n'), to.join('\n'))).toHaveLength(2);
    expect(diffHunks('same', 'same')).toEqual([]);
  });
});
