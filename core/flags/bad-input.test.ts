import { describe, expect, it } from 'vitest';
import { flagSample, defaultFlagSettings, FLAG_CODES } from './index.ts';

const wellFormed = (completion: string) => {
  const r = flagSample({ completion, prompt: 'Sum the divisors of 36.' });
  for (const f of r.flags) {
    expect(FLAG_CODES).toContain(f.code);
    expect(f.start).toBeGreaterThanOrEqual(0);
    expect(f.end).toBeGreaterThanOrEqual(f.start);
    expect(f.end).toBeLessThanOrEqual(completion.length);
  }
  expect(Number.isFinite(r.scores.readability)).toBe(true);
  return r;
};

describe('bad input', () => {
  it('empty and whitespace-only completions do not throw', () => {
    expect(wellFormed('').scores.language.consistency).toBe(1);
    wellFormed('   \n\n\t  ');
  });

  it('lone surrogates and NUL bytes are reported as encoding damage, with valid spans', () => {
    const text = `Half a pair \uD83D here, and after a long stretch of ordinary text, a NUL \u0000 byte.\n</think>\n\nDone.`;
    const damage = wellFormed(text).flags.filter((f) => f.code === 'mojibake');
    expect(damage.map((f) => [text.slice(f.start, f.end), f.message])).toEqual([
      ['\uD83D', 'Encoding damage: unpaired UTF-16 surrogates'],
      ['\u0000', 'Encoding damage: control characters'],
    ].sort((a, b) => text.indexOf(a[0]!) - text.indexOf(b[0]!)));
  });

  it('right-to-left text is handled and an Arabic prompt makes Arabic the target script', () => {
    const ar = 'نحتاج إلى مجموع قواسم العدد ستة وثلاثين. نحلل العدد إلى عوامل أولية ثم نضرب المجاميع.\n</think>\n\nالمجموع هو 91.';
    const r = flagSample({ completion: ar, prompt: 'ما مجموع قواسم العدد 36؟', language: 'ar' });
    expect(r.flags).toEqual([]);
  });

  it('a 5 MB completion finishes, with flags capped per code', () => {
    const big = 'We add one more pair of divisors to the running total and check the partial sum. '.repeat(62_000);
    const r = wellFormed(big);
    const perCode = new Map<string, number>();
    for (const f of r.flags) perCode.set(f.code, (perCode.get(f.code) ?? 0) + 1);
    for (const n of perCode.values()) expect(n).toBeLessThanOrEqual(defaultFlagSettings.maxFlagsPerCode);
    expect(perCode.has('repetition')).toBe(true);
  });

  it('non-string fields from untyped callers are tolerated', () => {
    const r = flagSample({ completion: 42 as unknown as string, prompt: {} as unknown as string, language: 7 as unknown as string });
    expect(r.scores.language.target).toBe('en');
  });
});
