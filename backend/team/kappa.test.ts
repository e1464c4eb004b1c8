import { describe, expect, it } from 'vitest';
import { cohenKappa, fleissKappa } from './kappa.ts';

const pairs = (spec: Array<[number, boolean, boolean]>) => spec.flatMap(([count, a, b]) => Array.from({ length: count }, () => [a, b] as const));

describe("Cohen's kappa", () => {
  it('matches a hand-computed 2×2 table', () => {
    // 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no (n = 50):
    // po = 35/50 = 0.7; A yes = 25/50, B yes = 30/50; pe = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2/0.5 = 0.4
    const result = cohenKappa(pairs([[20, true, true], [5, true, false], [10, false, true], [15, false, false]]));
    expect(result.items).toBe(50);
    expect(result.observed).toBeCloseTo(0.7, 12);
    expect(result.kappa).toBeCloseTo(0.4, 12);
  });

  it('is 1 for perfect agreement and negative for systematic disagreement', () => {
    expect(cohenKappa(pairs([[3, true, true], [2, false, false]])).kappa).toBeCloseTo(1, 12);
    // Always opposite, balanced: po = 0, pe = 0.5 → κ = -1
    expect(cohenKappa(pairs([[2, true, false], [2, false, true]])).kappa).toBeCloseTo(-1, 12);
  });

  it('is undefined (null) when both raters put everything in one category', () => {
    expect(cohenKappa(pairs([[4, true, true]])).kappa).toBeNull();
    expect(cohenKappa([]).kappa).toBeNull();
  });
});

describe("Fleiss' kappa", () => {
  it('matches a hand-computed value for two raters per item', () => {
    // Items (accepts, rejects): (2,0) (2,0) (1,1) (0,2). P_i = 1, 1, 0, 1 → P̄ = 0.75.
    // p_accept = 5/8; Pe = (5/8)² + (3/8)² = 34/64 = 0.53125; κ = (0.75 − 0.53125)/(1 − 0.53125) = 0.46667
    const result = fleissKappa([
      { accepts: 2, rejects: 0 },
      { accepts: 2, rejects: 0 },
      { accepts: 1, rejects: 1 },
      { accepts: 0, rejects: 2 },
    ]);
    expect(result).toMatchObject({ items: 4, ratings: 8 });
    expect(result.kappa).toBeCloseTo(0.21875 / 0.46875, 12);
  });

  it('handles three raters and skips single-rated items', () => {
    // (3,0): P=1; (2,1): P=(2+0)/6=1/3; (1,0) skipped. P̄ = 2/3; p = 5/6; Pe = 25/36 + 1/36 = 26/36.
    // κ = (2/3 − 26/36)/(1 − 26/36) = (24/36 − 26/36)/(10/36) = −0.2
    const result = fleissKappa([
      { accepts: 3, rejects: 0 },
      { accepts: 2, rejects: 1 },
      { accepts: 1, rejects: 0 },
    ]);
    expect(result.items).toBe(2);
    expect(result.kappa).toBeCloseTo(-0.2, 12);
  });

  it('equals Cohen-like agreement sign: perfect agreement is 1, none rated is null', () => {
    expect(fleissKappa([{ accepts: 2, rejects: 0 }, { accepts: 0, rejects: 2 }]).kappa).toBeCloseTo(1, 12);
    expect(fleissKappa([]).kappa).toBeNull();
  });
});
