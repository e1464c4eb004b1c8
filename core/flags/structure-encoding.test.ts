import { describe, expect, it } from 'vitest';
import { flagSample } from './index.ts';
import { mojibakeFlags } from './mojibake.ts';

const codes = (completion: string, language = 'en') => flagSample({ completion, prompt: 'Solve 3x + 7 = 25.', language }).flags.map((f) => f.code);

describe('a second opening tag when the template prefilled one', () => {
  it('flags <think> that appears after the reasoning began', () => {
    const text = 'Okay, 3x = 18.\n\n<think>\nLet me redo it: x = 6.\n</think>\n\nSo $x = 6$.';
    const flags = flagSample({ completion: text, prompt: 'Solve 3x + 7 = 25.' }).flags.filter((f) => f.code === 'bad_think_tags');
    expect(flags).toHaveLength(1);
    expect(text.slice(flags[0]!.start, flags[0]!.end)).toBe('<think>');
  });

  it('accepts <think> at the very start, where some distills repeat the prefilled tag', () => {
    expect(codes('\n<think>\nSubtract 7, then divide by 3: x = 6.\n</think>\n\nSo $x = 6$.')).not.toContain('bad_think_tags');
  });
});

describe('CJK text read through CP1252', () => {
  it('flags Chinese UTF-8 shown as Latin-1 letters', () => {
    const garbled = new TextDecoder('windows-1252').decode(new TextEncoder().encode('要写一个线性时间的斐波那契函数。递归写法虽然直观。'));
    expect(codes(`${garbled}\n</think>\n\n答案`, 'zh')).toContain('mojibake');
  });

  it('leaves French typography with no-break spaces alone', () => {
    const fr = 'On obtient « une valeur précisément égale\u00A0» à six, vérifiée\u00A0» deux fois.\n</think>\n\nDonc $x = 6$.';
    expect(codes(fr, 'fr')).not.toContain('mojibake');
  });
});

describe('mojibake screen', () => {
  it('finds what running every pattern finds, on French, Russian and garbled soups', () => {
    const cp1252 = new TextDecoder('windows-1252');
    const utf8 = new TextEncoder();
    // Real letters that start patterns, the units that may follow them, and real damage.
    const pieces = ['é', 'è', 'ä', 'Ã', 'Â', 'â', 'ð', 'ï', '¿', '½', '\u00A0', '»', '€', '™', 'Ÿ', 'Р', 'С', 'Ñ', 'у', 'ё', 'ђ', '‚', '…', 'С‚', 'Рё', 'РёРёРё', 'ï¿½', 'ðŸ', 'â€', '\uFFFD', '锛', '縺', '锟', '锟斤拷', '斤', 'Ð¿Ñ€', 'Ð', 'Ñ', 'Î±', '\u0001', '\uD800', '\uDC00', '😀', ' ', '\n', 'a', 'Сумма', 'précisément', cp1252.decode(utf8.encode('要写')), cp1252.decode(utf8.encode('déjà')), new TextDecoder('windows-1251').decode(utf8.encode('итак'))];
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let flagged = 0;
    for (let n = 0; n < 6000; n++) {
      let text = '';
      for (let k = Math.floor(rnd() * 12); k > 0; k--) text += pieces[Math.floor(rnd() * pieces.length)];
      const screened = mojibakeFlags(text, 50);
      expect(screened, JSON.stringify(text)).toEqual(mojibakeFlags(text, 50, false));
      if (screened.length) flagged++;
    }
    expect(flagged).toBeGreaterThan(1000);
  });
});
