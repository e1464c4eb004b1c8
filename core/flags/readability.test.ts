import { describe, expect, it } from 'vitest';
import { flagSample, type FlagCode } from './index.ts';

const para = (i: number) => `Step ${i} of the argument looks at another pair of divisors and adds it to the running total, checking that nothing was missed along the way.`;
const summary = 'The divisors of 36 add up to $\\boxed{91}$.';
const codes = (completion: string, extra: Parameters<typeof flagSample>[0] = { completion }) =>
  [...new Set(flagSample({ prompt: 'Find the sum of the divisors of 36.', ...extra, completion }).flags.map((f) => f.code))].sort() as FlagCode[];

describe('readability detectors', () => {
  it('a clean trace has no flags and a perfect readability score', () => {
    const text = `${[1, 2, 3].map(para).join('\n\n')}\n</think>\n\n${summary}`;
    const r = flagSample({ completion: text, prompt: 'Find the sum of the divisors of 36.' });
    expect(r.flags).toEqual([]);
    expect(r.scores.readability).toBe(100);
  });

  it('long_paragraph: a paragraph over the word limit, and the limit is a setting', () => {
    const text = `${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(para).join(' ')}\n</think>\n\n${summary}`;
    const r = flagSample({ completion: text });
    expect(r.flags.map((f) => f.code)).toEqual(['long_paragraph']);
    expect(r.scores.longestParagraphWords).toBeGreaterThan(200);
    expect(flagSample({ completion: text }, { longParagraphWords: 1000 }).flags).toEqual([]);
  });

  it('repetition: a sentence loop and a repeated paragraph; two repeats of a short sentence are fine', () => {
    const loop = `${para(1)} ${Array(6).fill('We add the next pair to the total.').join(' ')}\n</think>\n\n${summary}`;
    expect(codes(loop)).toEqual(['repetition']);
    expect(flagSample({ completion: loop }).scores.repetitionRatio).toBeGreaterThan(0.3);
    expect(codes(`${para(1)}\n\n${para(2)}\n\n${para(2)}\n</think>\n\n${summary}`)).toEqual(['repetition']);
    expect(codes(`${para(1)} So far so good.\n\n${para(2)} So far so good.\n</think>\n\n${summary}`)).toEqual([]);
  });

  it('repetition: a paragraph-long sentence pasted twice in the reasoning, but not restated in the summary', () => {
    const key = 'The key idea in any related rates problem is to write an equation that holds at every instant and differentiate it with respect to time.';
    expect(codes(`Okay. ${key}\n\n${para(1)}\n\n${para(2)}\n\n${key}\n</think>\n\n${summary}`)).toEqual(['repetition']);
    expect(codes(`Okay. ${key}\n\n${para(1)}\n</think>\n\n${key} ${summary}`)).toEqual([]);
  });

  it('rows of an aligned computation and sentences differing only in inline code are not repetition', () => {
    const rows = Array.from({ length: 6 }, () => '&\\equiv 1\\cdot 1 = 1 \\equiv 1 \\\\').join('\n');
    expect(codes(`${para(1)}\n\n$$\n\\begin{aligned}\n3^{2k} ${rows}\n\\end{aligned}\n$$\n\n${para(2)}\n</think>\n\n${summary}`)).toEqual([]);
    const windows = ['eab', 'abe', 'bea'].map((w) => `The window is \`"${w}"\` (length 3), best = 4.`).join(' ');
    expect(codes(`${para(1)} ${windows}\n</think>\n\n${summary}`, { completion: '', prompt: 'Write a function for the longest substring without repeats.' })).toEqual([]);
  });

  it('a markdown table is neither a loop nor a long paragraph, but a loop under it still is', () => {
    const row = (name: string) => `| ${name} | $O(n \\log n)$ | $O(n \\log n)$ | $O(n \\log n)$ | $O(n)$ | Yes |`;
    const table = ['| Algorithm | Best | Average | Worst | Space | Stable |', '|---|---|---|---|---|---|', ...Array.from({ length: 40 }, (_, i) => row(`Sort number ${i} of the family`))].join('\n');
    const text = `${para(1)}\n</think>\n\n${table}\n\n${summary}`;
    expect(codes(text)).toEqual([]);
    expect(codes(`${para(1)}\n</think>\n\n${table}\n\n${Array(6).fill('We add the next pair to the total.').join(' ')}`)).toEqual(['repetition']);
  });

  it('filler: dense hesitation is flagged, the occasional "wait" is not', () => {
    const checks = ['Hmm, let me check that again.', 'Hmm, let me verify that again.', 'Hmm, let me reconsider this.'];
    const dense = [1, 2, 3].map((i) => `Wait, ${para(i)} ${checks[i - 1]} Hold on, wait.`).join('\n\n');
    expect(codes(`${dense}\n</think>\n\n${summary}`)).toEqual(['filler']);
    // The same hesitation said three times is a repeated sentence as well.
    const same = [1, 2, 3].map((i) => `Wait, ${para(i)} Hmm, let me check that again. Hold on, wait.`).join('\n\n');
    expect(codes(`${same}\n</think>\n\n${summary}`)).toEqual(['filler', 'repetition']);
    expect(codes(`Wait, ${para(1)}\n\n${para(2)}\n\n${para(3)}\n</think>\n\n${summary}`)).toEqual([]);
  });

  it('no_summary: nothing after </think>, or an unclosed prefilled reasoning', () => {
    expect(codes(`${para(1)}\n</think>\n\n  `)).toEqual(['no_summary']);
    expect(codes(`${para(1)}\n</think>\n\nAnswer: 91`)).toEqual([]);
  });

  it('code_in_reasoning: fenced code in a math trace, not in a coding task', () => {
    const text = `${para(1)}\n\n\`\`\`python\nprint(sum(d for d in range(1, 37) if 36 % d == 0))\n\`\`\`\n\n${para(2)}\n</think>\n\n${summary}`;
    expect(codes(text)).toEqual(['code_in_reasoning']);
    expect(codes(text, { completion: text, task: 'code' })).toEqual([]);
    expect(codes(text, { completion: text, prompt: 'Write a Python program that sums the divisors of 36.' })).toEqual([]);
  });

  it('code_in_reasoning: unfenced Python in a math trace, but not a column of equations', () => {
    const py = 'count = 0\nfor n in range(2, 100):\n    if all(n % d != 0 for d in range(2, n)):\n        count += 1\nprint(count)';
    const text = `${para(1)} In pseudo-Python it would be:\n\n${py}\n\n${para(2)}\n</think>\n\n${summary}`;
    const flags = flagSample({ prompt: 'How many primes are below 100?', completion: text }).flags.filter((f) => f.code === 'code_in_reasoning');
    expect(flags.map((f) => text.slice(f.start, f.end))).toEqual([py]);
    // Two lines are enough when both are unmistakable; French list items ending in " ;" are prose.
    for (const snippet of ['evens = [n for n in range(10, 100) if n % 7 == 0]\nprint(len(evens))', 'const d = new Date(1776, 6, 4);\nconsole.log(d.getDay());']) {
      expect(codes(`${para(1)}\n\n${snippet}\n\n${para(2)}\n</think>\n\n${summary}`), snippet).toEqual(['code_in_reasoning']);
    }
    const french = `${para(1)}\n\n- l’apprentissage supervisé : on donne des exemples étiquetés ;\n- l’apprentissage non supervisé : on cherche des groupes ;\n- l’apprentissage par renforcement : on apprend par essais ;\n\n${para(2)}\n</think>\n\n${summary}`;
    expect(codes(french)).not.toContain('code_in_reasoning');
    // Assignments alone are code when they raise with ** or multiply into a snake_case name.
    const physics = 'm1 = 2.0\nv1 = 3.0\nv_f = (m1 * v1 + m2 * v2) / (m1 + m2)\nke_before = 0.5 * m1 * v1**2';
    expect(codes(`${para(1)}\n\n${physics}\n\n${para(2)}\n</think>\n\n${summary}`)).toEqual(['code_in_reasoning']);
    const equations = `${para(1)}\n\nx = 5\ny = 7\nx + y = 12\nif n is even:\nn = 2k\n\n${para(2)}\n</think>\n\n${summary}`;
    expect(codes(equations)).toEqual([]);
  });

  it('bad_think_tags: duplicated, escaped, missing close; a missing open only without prefill', () => {
    expect(codes(`${para(1)}\n</think>\n\n${summary}\n</think>`)).toEqual(['bad_think_tags']);
    expect(codes(`<think>\n${para(1)}\n<think>\n${para(2)}\n</think>\n\n${summary}`)).toEqual(['bad_think_tags']);
    expect(codes(`${para(1)}\n&lt;/think&gt;\n\n${summary}`)).toEqual(['bad_think_tags', 'no_summary']);
    const noOpen = `${para(1)}\n</think>\n\n${summary}`;
    expect(flagSample({ completion: noOpen }, { prefillThink: false }).flags.map((f) => f.code)).toEqual(['bad_think_tags']);
    expect(flagSample({ completion: `<think>${noOpen}` }, { prefillThink: false }).flags).toEqual([]);
  });

  it('truncated: finish_reason length, mid-word stop, open block', () => {
    const cut = `${para(1)}\n\n${para(2).slice(0, 50)}`;
    // Cut at the token limit: the missing summary and closing tag are that cut's, reported once.
    expect(codes(cut, { completion: cut, finishReason: 'length' })).toEqual(['truncated']);
    expect(codes(`${para(1)}\n</think>\n\n`)).toEqual(['no_summary']);
    expect(codes(`${para(1)}\n</think>\n\nThe divisors of 36 are 1, 2, 3, 4, 6, 9, 12, 18 and 36 and their sum is obtained as the prod`)).toEqual(['truncated']);
    expect(codes(`${para(1)}\n</think>\n\n${summary}\n\n$$\n\\sum_{d \\mid 36} d = 1 + 2`)).toEqual(['truncated']);
    // A summary whose last line is a value and its unit is finished, full stop or not.
    for (const last of ['- **Concentration**: $C = \\dfrac{0.100}{0.200} = 0.500$ mol/L', '- **Perimeter:** $20 + 2\\sqrt{29} \\approx 30.77$ cm', 'The total distance walked is 1200 m']) {
      expect(codes(`${para(1)}\n</think>\n\n${summary}\n\n${last}`)).toEqual([]);
    }
    expect(codes(`${para(1)}\n</think>\n\n${summary}\n\nThe total distance walked is 1200 metres and then we go`)).toEqual(['truncated']);
    // A Chinese or Japanese list item needs no 。, unless it stops on a particle.
    const zh = (last: string) => codes(`我们先回顾光合作用的两个阶段，然后写出总结。\n</think>\n\n光合作用分为两个阶段：\n\n1. **光反应**：水分解释放氧气。\n${last}`, { completion: '', prompt: '简述光合作用的过程。' });
    expect(zh('2. **暗反应**：在叶绿体基质中合成有机物并储存能量')).toEqual([]);
    expect(zh('2. **暗反应**：在叶绿体基质中，利用光反应产生的')).toEqual(['truncated']);
    expect(zh('在叶绿体基质中，利用光反应产生的能量合成有机物并储存')).toEqual(['truncated']);
    // What the value is of may follow it; a clause may not.
    expect(codes(`${para(1)}\n</think>\n\n${summary}\n\n- So 0.050 mol of it → **100 mL** of 0.50 mol/L acid`)).toEqual([]);
    expect(codes(`${para(1)}\n</think>\n\n${summary}\n\n- Total: \\$45.00 + \\$2.48 = \\$47.48, which incl`)).toEqual(['truncated']);
    expect(codes(`${para(1)}\n</think>\n\n${summary}\n\nSo the divisor sum of 36 is 91 apples which`)).toEqual(['truncated']);
    expect(codes(`${para(1)}\n</think>\n\n${summary}\n\n- Average number waiting: $L_q = 3.2$ customers`)).toEqual([]);
  });

  it('mojibake: UTF-8 read as CP1252, CP1251 and GBK, and replacement characters', () => {
    const garble = (s: string, enc: string) => new TextDecoder(enc).decode(new TextEncoder().encode(s));
    const wrap = (s: string) => `${para(1)} ${s}\n</think>\n\n${summary}`;
    expect(codes(wrap(garble('It’s the café — naïve.', 'windows-1252')))).toContain('mojibake');
    expect(codes(wrap(garble('Проверим делители ещё раз.', 'windows-1251')))).toContain('mojibake');
    expect(codes(wrap(garble('我们需要求出所有正因数之和。', 'gbk')))).toContain('mojibake');
    expect(codes(wrap('caf\uFFFD au lait.'))).toEqual(['mojibake']);
    // Replacement characters saved and read back as GBK, in Chinese text; 斤 alone is a real word.
    const zh = (s: string) => codes(`${s}\n</think>\n\n答案是 212 华氏度。`, { completion: '', prompt: '水的沸点是多少华氏度？' });
    expect(zh('所以水的沸点是 212锟斤拷F。验证一下冰点，公式没问题。')).toEqual(['mojibake']);
    expect(zh('这袋米重五斤，我们把它拷贝到表格里再计算总价。')).toEqual([]);
    expect(codes(wrap('We met in São Paulo, walked down the Straße to a café and saw a naïve painting of a château.'))).toEqual([]);
    // One Russian word read as CP1252 in a Russian trace; Spanish and Icelandic capitals are letters.
    const ru = (s: string) => codes(`${s}\n</think>\n\nОтвет: 31 557 600 секунд.`, { completion: '', prompt: 'Сколько секунд в году?' });
    expect(ru(`Средняя длина года 365,25 дня, это ${garble('примерно', 'windows-1252')} 31 557 600 секунд. Удобное приближение.`)).toEqual(['mojibake']);
    expect(codes(wrap('In ESPAÑA, the AÑO 2020 had 366 days; the ÞÓRÐUR saga is Icelandic.'))).toEqual([]);
  });
});
