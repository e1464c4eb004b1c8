import { describe, expect, it } from 'vitest';
import { checkFormat, extractFinalAnswer, groupPassRate, verifySample, type FormatProblem } from './index.ts';

describe('extractFinalAnswer', () => {
  it.each([
    ['So the answer is \\boxed{\\frac{1}{2}}.', '\\frac{1}{2}', 'boxed'],
    ['first \\boxed{3}, corrected: \\boxed{4}', '4', 'boxed'],
    ['\\boxed{\\frac{\\sqrt{2}}{\\left(1+x\\right)}}', '\\frac{\\sqrt{2}}{\\left(1+x\\right)}', 'boxed'],
    ['\\boxed{\\{1, 2\\}}', '\\{1, 2\\}', 'boxed'],
    ['\\boxed{\\boxed{5}}', '5', 'boxed'],
    ['\\fbox{7}', '7', 'boxed'],
    ['The answer is $\\boxed 9$.', '9', 'boxed'],
    ['ok \\boxed{2} then cut off \\boxed{3', '2', 'boxed'],
    ['<answer> 42 </answer>', '42', 'answer_tag'],
    ['<answer>The answer is yes.</answer>', 'yes', 'answer_tag'],
    ['<answer>x = 3', 'x = 3', 'answer_tag'],
    ['<answer>\\boxed{8}</answer>', '8', 'boxed'],
    [
      '<answer>After adding the two amounts together we find that the total number of apples is 17 in the basket.</answer>',
      '17',
      'answer_tag',
    ],
    ['we get 3 and then -4.5.', '-4.5', 'last_number'],
    ['so it is $\\frac{3}{4}$', '\\frac{3}{4}', 'last_number'],
    ['the range 2-3 ends at 3', '3', 'last_number'],
    ['costs 1,234,567 dollars', '1,234,567', 'last_number'],
    ['ratio 3 / 4', '3/4', 'last_number'],
  ])('%s → %s (%s)', (text, answer, source) => {
    expect(extractFinalAnswer(text)).toEqual({ answer, source });
  });

  it('returns nulls when there is nothing to extract', () => {
    expect(extractFinalAnswer('No numbers at all.')).toEqual({ answer: null, source: null });
    expect(extractFinalAnswer('\\boxed{unclosed')).toEqual({ answer: null, source: null });
  });
});

describe('checkFormat', () => {
  const cases: Array<[string, boolean, FormatProblem[]]> = [
    ['<think>\nreason\n</think>\n\nThe answer is \\boxed{2}.', false, []],
    ['<think> r </think> <answer> 2 </answer>', false, []],
    ['reason\n</think>\n\nanswer', true, []],
    ['reason\n</think>\n\nanswer', false, ['missing_open_tag']],
    ['<think>\nreason, never closed', false, ['missing_close_tag']],
    ['<think>\n</think>\nanswer', false, ['empty_reasoning']],
    ['<think>r</think>', false, ['no_answer']],
    ['Sure! <think>r</think> 5', false, ['text_before_think']],
    ['<think>a</think><think>b</think> 5', false, ['extra_think_tags']],
    ['<think>r</think> <answer> 5', false, ['unclosed_answer_tag']],
    ['<think>r <answer>1</answer></think> 5', false, ['answer_tag_in_reasoning']],
    ['plain text, no tags', false, ['missing_open_tag', 'missing_close_tag']],
  ];
  it.each(cases)('%j (prefilled %s) → %j', (completion, prefilledThink, problems) => {
    const result = checkFormat(completion, { prefilledThink });
    expect(result.problems).toEqual(problems);
    expect(result.ok).toBe(problems.length === 0);
  });
});

describe('verifySample', () => {
  const good = '<think>\n1+1 is 2.\n</think>\n\nThe answer is \\boxed{2}.';

  it('correct, with the extracted answer and format ok', () => {
    expect(verifySample({ completion: good, referenceAnswer: '2', task: 'math' })).toMatchObject({
      verdict: 'correct',
      extracted: '2',
      formatOk: true,
    });
  });

  it('incorrect names both answers', () => {
    const r = verifySample({ completion: good, referenceAnswer: '3', task: 'math' });
    expect(r.verdict).toBe('incorrect');
    expect(r.reason).toContain('"2"');
    expect(r.reason).toContain('"3"');
  });

  it('reads the answer from the summary, not a box inside the reasoning', () => {
    const c = '<think>maybe \\boxed{5}? no.</think>\n\nSo the result is \\boxed{6}.';
    expect(verifySample({ completion: c, referenceAnswer: '6', task: 'math' }).verdict).toBe('correct');
    expect(verifySample({ completion: c, referenceAnswer: '5', task: 'math' }).verdict).toBe('incorrect');
  });

  it('R1-Zero shape with <answer> tags and a LaTeX reference', () => {
    const c = '<think> half of one </think> <answer> 0.5 </answer>';
    expect(verifySample({ completion: c, referenceAnswer: '\\dfrac{1}{2}', task: 'logic' }).verdict).toBe('correct');
  });

  it('prefilled <think>: format ok only when declared', () => {
    const c = 'thinking\n</think>\n\n\\boxed{4}';
    expect(verifySample({ completion: c, referenceAnswer: '4', task: 'math', prefilledThink: true })).toMatchObject({ verdict: 'correct', formatOk: true });
    expect(verifySample({ completion: c, referenceAnswer: '4', task: 'math' })).toMatchObject({ verdict: 'correct', formatOk: false });
  });

  it.each([
    [{ completion: good, referenceAnswer: null, task: 'math' as const }, /no reference/, '2'],
    [{ completion: good, referenceAnswer: '  ', task: 'math' as const }, /no reference/, '2'],
    [{ completion: good, referenceAnswer: '2', task: 'code' as const }, /code answers are not checked/, null],
    [{ completion: good, referenceAnswer: '2', task: 'general' as const }, /general answers/, null],
    [{ completion: '<think>long reasoning \\boxed{2} and then', referenceAnswer: '2', task: 'math' as const }, /never ends/, null],
    [{ completion: '<think>r</think>\n\n', referenceAnswer: '2', task: 'math' as const }, /no answer after/, null],
    [{ completion: '<think>r</think>\n\nI cannot tell.', referenceAnswer: '2', task: 'math' as const }, /no final answer/, null],
  ])('unverifiable: %j', (input, reason, extracted) => {
    const r = verifySample(input);
    expect(r.verdict).toBe('unverifiable');
    expect(r.reason).toMatch(reason);
    expect(r.extracted).toBe(extracted);
  });
});

describe('groupPassRate', () => {
  it('counts verdicts; pass rate ignores unverifiable samples', () => {
    expect(groupPassRate(['correct', 'incorrect', 'correct', 'unverifiable'])).toEqual({ correct: 2, incorrect: 1, unverifiable: 1, passRate: 2 / 3 });
    expect(groupPassRate(['unverifiable'])).toMatchObject({ passRate: null });
  });
});
