import { describe, expect, it } from 'vitest';
import { barsFromCounts, histogramBars, hunkHeader, parseEvalPrompts, parseSplit, plural } from './format.ts';

describe('version stats as bars', () => {
  it('orders by count then label, scales to the largest and sums what does not fit', () => {
    const { bars, other } = barsFromCounts({ zh: 2, en: 8, fr: 2, de: 1, none: 0 }, 3);
    expect(bars.map((b) => [b.label, b.count, b.share])).toEqual([
      ['en', 8, 1],
      ['fr', 2, 0.25],
      ['zh', 2, 0.25],
    ]);
    expect(other).toBe(1);
  });

  it('keeps histogram bins in range order with readable bounds', () => {
    const tokens = { estimate: 'chars/4', total: 0, min: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0, histogram: [{ from: 0, to: 256, count: 2 }, { from: 256, to: 512, count: 4 }, { from: 512, to: null, count: 1 }] };
    expect(histogramBars(tokens).map((b) => [b.label, b.share])).toEqual([
      ['0–255', 0.5],
      ['256–511', 1],
      ['512+', 0.25],
    ]);
  });
});

describe('export split field', () => {
  it('accepts named shares and leaves train implicit', () => {
    expect(parseSplit(' val=0.05, test=.1 ')).toEqual({ split: { val: 0.05, test: 0.1 } });
    expect(parseSplit('')).toEqual({ split: undefined });
  });

  it('explains what is wrong instead of sending it', () => {
    expect(parseSplit('val:0.05')).toHaveProperty('error', expect.stringContaining('NAME=SHARE'));
    expect(parseSplit('val=1')).toHaveProperty('error', expect.stringContaining('between 0 and 1'));
    expect(parseSplit('train=0.5')).toHaveProperty('error', expect.stringContaining('rest'));
    expect(parseSplit('val=0.6 test=0.5')).toHaveProperty('error', expect.stringContaining('add up'));
    expect(parseSplit('val=0.1 val=0.2')).toHaveProperty('error', expect.stringContaining('twice'));
  });
});

describe('small formatters', () => {
  it('writes unified hunk headers, plurals and eval prompt lists', () => {
    expect(hunkHeader({ fromStart: 3, fromLines: 2, toStart: 3, toLines: 4, lines: [] })).toBe('@@ -3,2 +3,4 @@');
    expect(plural(1, 'sample')).toBe('1 sample');
    expect(plural(1200, 'sample')).toBe('1,200 samples');
    expect(parseEvalPrompts('a\n\n  b  \n')).toEqual(['a', 'b']);
    expect(parseEvalPrompts(' \n')).toBeUndefined();
  });
});

describe('versions route', async () => {
  const { parseVersionsHash, versionsHash } = await import('./route.ts');
  it('round-trips version and tab through the hash', () => {
    for (const route of [{ name: 'v1', tab: 'details' }, { name: 'cut.2', tab: 'compare' }, { name: null, tab: 'details' }] as const) {
      expect(parseVersionsHash(versionsHash(route))).toEqual(route);
    }
    expect(parseVersionsHash('#/versions/v3/nonsense')).toEqual({ name: 'v3', tab: 'details' });
    expect(parseVersionsHash('#/samples/v3')).toEqual({ name: null, tab: 'details' });
    expect(parseVersionsHash('#/versions/%E0%A4%A')).toEqual({ name: null, tab: 'details' });
  });
});
