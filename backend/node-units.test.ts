import { describe, expect, it } from 'vitest';
import { flagSample, clearFlagCaches } from '../core/flags/index.ts';
import { portableUnitReader, portableUnitWriter, setUnitReader, setUnitWriter, textOfUnits, unitsOf } from '../core/flags/units.ts';
import { useNodeUnitCopies } from './node-units.ts';

const portable = () => {
  setUnitWriter(portableUnitWriter);
  setUnitReader(portableUnitReader);
};

describe('Node unit copies', () => {
  it('copies code units exactly, lone and paired surrogates included, into arrays at any offset', () => {
    useNodeUnitCopies();
    try {
      for (const s of ['plain ascii', 'é ü ß Ω', '中文 и русский', '\uD800 lone \uDC00', '😀 pair', '\u0000nul', 'x'.repeat(9000) + '\uDBFF']) {
        const u = unitsOf(s);
        expect(Array.from(u.subarray(0, s.length))).toEqual(Array.from({ length: s.length }, (_, i) => s.charCodeAt(i)));
        expect(u[s.length]).toBe(0);
      }
    } finally {
      portable();
    }
  });

  it('reads code units back into the exact string, up to the length asked for', () => {
    useNodeUnitCopies();
    try {
      for (const s of ['plain ascii', 'é ü ß Ω', '中文 и русский', '\uD800 lone \uDC00', '😀 pair', '\u0000nul', 'x'.repeat(9000) + '\uDBFF']) {
        const u = unitsOf(s + ' and more after it');
        expect(textOfUnits(u, s.length)).toBe(s);
      }
    } finally {
      portable();
    }
  });

  it('gives the detectors the same flags and scores as the portable copy', () => {
    const traces = [
      'Let me compute $x^2$ with snake_case and camelCase ids. Wait, hmm. Wait, hmm. Wait, hmm. Wait, hmm. Wait, hmm.\n</think>\nDone.',
      '我们先算一下。The answer is clear now, so we move on to the next step of the proof here.\n</think>\n答案是 4。',
      'Ã©Ã© broken \uD800 text. '.repeat(20) + '\n\n- item one\n- item two',
    ];
    const run = () => traces.map((completion) => {
      clearFlagCaches();
      return flagSample({ completion, prompt: 'Solve it.' });
    });
    const withPortableCopies = run();
    useNodeUnitCopies();
    try {
      expect(run()).toEqual(withPortableCopies);
    } finally {
      portable();
    }
  });
});
