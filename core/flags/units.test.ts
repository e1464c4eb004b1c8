import { describe, expect, it } from 'vitest';
import { portableUnitReader, portableUnitWriter, relabelUnits, setUnitWriter, textOfUnits, unitsByCharCode, unitsOf, type UnitWriter } from './units.ts';

const codes = (s: string) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
const read = (u: Uint16Array, n: number) => Array.from(u.subarray(0, n));

describe('unitsOf', () => {
  it('gives every code unit, lone surrogates included, and a 0 after the text', () => {
    for (const s of ['', 'abc', 'Ｆü中\uD800x\uDC00😀', '\u0000\uFFFF']) {
      const u = unitsOf(s);
      expect(read(u, s.length)).toEqual(codes(s));
      expect(u[s.length]).toBe(0);
    }
  });

  it('stays right while texts of every length churn through its reused arrays', () => {
    // Longer texts than the arrays hold, equal-length texts that differ, the same text again.
    const texts = ['short', 'x'.repeat(5000), 'y'.repeat(5000), 'short', 'z'.repeat(70_000) + 'end', 'short!', 'x'.repeat(5000)];
    for (let round = 0; round < 3; round++) {
      for (const s of texts) {
        const u = unitsOf(s);
        expect(u[0]).toBe(s.charCodeAt(0));
        expect(u[s.length - 1]).toBe(s.charCodeAt(s.length - 1));
        expect(u[s.length]).toBe(0);
      }
    }
    // Two texts in use at once (each detector uses at most two) keep their own arrays.
    const a = unitsOf('first text');
    const b = unitsOf('second one');
    expect([read(a, 10), read(b, 10)]).toEqual([codes('first text'), codes('second one')]);
  });

  it('does not keep the array of a huge text', () => {
    const huge = 'h'.repeat(1_100_000);
    const u = unitsOf(huge);
    expect(u.length).toBe(huge.length + 1);
    expect(unitsOf('small').length).toBeLessThan(1_000_000);
  });

  it('hands an array blanked in place on to the blanked text', () => {
    const before = 'one two three';
    const u = unitsOf(before);
    u.fill(0x20, 4, 7);
    const after = 'one     three';
    relabelUnits(u, after);
    expect(unitsOf(after)).toBe(u);
    // The old text is no longer served from the changed array.
    expect(read(unitsOf(before), before.length)).toEqual(codes(before));
  });

  it('uses an installed writer, which must copy code units exactly', () => {
    const calls: string[] = [];
    const counting: UnitWriter = (s, into) => {
      calls.push(s);
      portableUnitWriter(s, into);
    };
    setUnitWriter(counting);
    try {
      const s = `writer test ${Math.random()}`;
      expect(read(unitsOf(s), s.length)).toEqual(codes(s));
      unitsOf(s);
      expect(calls.filter((x) => x === s)).toHaveLength(1);
    } finally {
      setUnitWriter(portableUnitWriter);
    }
  });

  it('reads units back into the same string: a leading BOM, lone surrogates, past the chunk size, up to n only', () => {
    const long = 'q'.repeat(8191) + '\uD83D\uDE00' + 'w'.repeat(9000);
    // Well-formed texts take the platform decoder; one lone surrogate anywhere sends the whole
    // text down the chunked copy.
    const texts = ['', 'a', '\uFEFFbom first', 'Ｆü中😀', 'Ｆü中\uD800x\uDC00😀', '\uDBFF', long, long + '\uDC00', '\uD800' + long];
    for (const s of texts) {
      const u = new Uint16Array(s.length + 5).fill(0x41);
      u.set(codes(s));
      expect(portableUnitReader(u, s.length)).toBe(s);
      expect(unitsByCharCode(u, s.length)).toBe(s);
      expect(textOfUnits(u, s.length)).toBe(s);
    }
  });
});
