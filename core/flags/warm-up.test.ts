import { describe, expect, it } from 'vitest';
import { FLAG_CODES, flagSample } from './index.ts';
import { WARM_UP_TRACES } from './warm-up.ts';

describe('warm-up traces', () => {
  it('reach every detector, so object shapes settle before any detector is hot', () => {
    const codes = new Set(WARM_UP_TRACES.flatMap((input) => flagSample(input).flags.map((f) => f.code)));
    expect([...codes].sort()).toEqual([...FLAG_CODES].sort());
  });

  it('include fractional word weights (CJK text), the change that used to arrive mid-optimisation', () => {
    expect(WARM_UP_TRACES.some((input) => /[\u4e00-\u9fff]/.test(input.completion))).toBe(true);
  });
});
