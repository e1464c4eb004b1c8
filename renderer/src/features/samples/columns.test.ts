import { describe, expect, it } from 'vitest';
import { fitBadges, formatLength } from './columns.tsx';

describe('fitBadges', () => {
  it('keeps every code when they fit', () => {
    expect(fitBadges(['filler'])).toEqual(['filler']);
    expect(fitBadges(['no_summary', 'filler'])).toEqual(['no_summary', 'filler']);
  });

  it('leaves room for the "+N" marker when codes remain', () => {
    const codes = ['bad_think_tags', 'no_summary', 'repetition'];
    const shown = fitBadges(codes);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(codes.length);
    expect(codes.slice(0, shown.length)).toEqual(shown);
  });

  it('shows none rather than a clipped badge when even the first is too wide', () => {
    expect(fitBadges(['a_very_long_flag_code_that_cannot_fit'], 60)).toEqual([]);
  });
});

describe('formatLength', () => {
  it('abbreviates thousands', () => {
    expect(formatLength(999)).toBe('999');
    expect(formatLength(2480)).toBe('2.5k');
    expect(formatLength(51_200)).toBe('51k');
  });
});
