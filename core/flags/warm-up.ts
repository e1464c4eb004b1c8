/**
 * A few short traces the detectors run over once, before the first real one (`flagSample` does
 * it on its first call).
 *
 * Why: V8 optimises a hot function in the background, and abandons the job when an object shape
 * it relied on changes meanwhile ("Maps became deprecated during optimization"). Early in a
 * process shapes still change: a word count or language weight that held integers so far gets
 * its first fraction (Chinese and Japanese characters weigh 2/3 of a word), a field written once
 * is written again. In about half of the processes measured, such an abandoned job left a
 * detector unoptimised for the life of the process (the sentence-verdict loop then took 5–7 ms a
 * round of the benchmark instead of 1). Running every path once, fractions included, before
 * anything is hot lets the shapes settle first: 0 of 16 processes were left slow, against 11 of
 * 16 without (docs/flags.md, sixth pass). The cost is a few milliseconds, once.
 */
import type { FlagInput } from './index.ts';

const CHINESE = '我们需要求出三十六的所有正因数之和。先分解质因数，再用乘法公式。等等，让我再检查一下。';
const ENGLISH = 'We need the sum of all positive divisors of 36, so we factor the number first and use the formula.';

export const WARM_UP_TRACES: FlagInput[] = [
  // Fractions first: CJK word weights, Chinese filler, a Latin run inside Chinese reasoning.
  { completion: `${CHINESE}\n\n${CHINESE} The divisor sum is multiplicative here.\n</think>\n\n答案是 91。`, prompt: '求36的所有正因数之和。' },
  { completion: 'まず素因数分解をします。ちょっと待って、もう一度確認します。これは日本語の文です。\n</think>\n\n答えは 91 です。', prompt: '36の正の約数の和を求めよ。' },
  { completion: 'Сначала разложим число на простые множители. Подождите, проверим ещё раз, что сумма верна.\n</think>\n\nОтвет: 91.', prompt: 'Найдите сумму делителей числа 36.' },
  // Math, identifiers, lone letters, quotes, a URL, code, a loop, repeated sentences, filler, mojibake.
  {
    completion: [
      `${ENGLISH} Let $x = 2^2 \\cdot 3^2$ and \\(y_1\\) be snake_case or camelCase, see "le mot" (gloss) at https://example.com.`,
      'Wait, hmm. Wait, hmm. Let me check again. Wait, hmm. Let me check again. Wait, hmm.',
      'Nous vérifions encore la somme des diviseurs de ce nombre pour être sûrs du résultat final ici.',
      '```python\ndef f(x):\n    return x * 2\n```',
      'the sum is the sum is the sum is the sum is the sum is the sum is the sum is the sum is',
      `${ENGLISH}\n\n${ENGLISH}\n\n- item one\n- item two\n\nÃ©Ã© â€™ broken text`,
    ].join('\n\n') + '\n</think>\n\nThe answer is $\\boxed{91}$.',
    prompt: 'Find the sum of the divisors of 36.',
  },
  { completion: 'Reasoning that was cut off mid', finishReason: 'length', task: 'code', language: 'fr' },
  // Reasoning closed with nothing after it.
  { completion: `${ENGLISH}\n</think>\n\n`, prompt: 'Find the sum of the divisors of 36.' },
  // A paragraph over the length limit, and duplicated tags.
  { completion: `<think>${Array(12).fill(ENGLISH).join(' ')}</think></think>\n\nThe answer is 91.`, prompt: 'Find the sum of the divisors of 36.' },
];
