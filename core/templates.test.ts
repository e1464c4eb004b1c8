import { describe, expect, it } from 'vitest';
import { R1_ZERO_TEMPLATE, TASK_INSTRUCTIONS, TemplateError, buildPrompt, renderTemplate } from './templates.ts';

const MATH = 'Please reason step by step, and put your final answer within \\boxed{}.';

describe('R1_ZERO_TEMPLATE', () => {
  it('is the paper text with one {prompt} slot before ". Assistant:"', () => {
    expect(R1_ZERO_TEMPLATE.startsWith('A conversation between User and Assistant. The user asks a question')).toBe(true);
    expect(R1_ZERO_TEMPLATE).toContain('<think> reasoning process here </think> <answer> answer here </answer>');
    expect(R1_ZERO_TEMPLATE.endsWith('User: {prompt}. Assistant:')).toBe(true);
    expect(R1_ZERO_TEMPLATE.split('{prompt}')).toHaveLength(2);
  });
});

describe('renderTemplate', () => {
  it('replaces every {prompt}', () => {
    expect(renderTemplate('Q: {prompt}\nAgain: {prompt}', 'What is 2+2?')).toBe('Q: What is 2+2?\nAgain: What is 2+2?');
  });

  it('keeps $-patterns and placeholder-like text in the prompt verbatim', () => {
    const prompt = 'Cost is $& or $1 and {instruction} and {prompt}';
    expect(renderTemplate('<{prompt}>', prompt)).toBe(`<${prompt}>`);
    expect(renderTemplate('<{prompt}|{instruction}>', prompt, 'I')).toBe(`<${prompt}|I>`);
  });

  it('rejects a template without {prompt} with a clear error', () => {
    expect(() => renderTemplate('no slot here', 'x')).toThrow(TemplateError);
    expect(() => renderTemplate('{Prompt}', 'x')).toThrow(/must contain the placeholder \{prompt\}/);
  });
});

describe('buildPrompt', () => {
  it('chat: one user message, no system prompt, math instruction after the question', () => {
    const p = buildPrompt({ template: 'chat', prompt: 'What is 1+1?', task: 'math' });
    expect(p).toEqual({ kind: 'chat', messages: [{ role: 'user', content: `What is 1+1?\n${MATH}` }] });
  });

  it('r1-zero: raw text with the question (and instruction) in the User slot', () => {
    const p = buildPrompt({ template: 'r1-zero', prompt: 'Solve x+1=3', task: 'math' });
    expect(p.kind).toBe('text');
    if (p.kind !== 'text') throw new Error('unreachable');
    expect(p.text).toBe(R1_ZERO_TEMPLATE.replace('{prompt}', `Solve x+1=3\n${MATH}`));
    expect(p.text.endsWith(`${MATH}. Assistant:`)).toBe(true);
  });

  it('general task has no default instruction; null suppresses one; a string overrides it', () => {
    expect(buildPrompt({ template: 'chat', prompt: 'Hi' })).toEqual({ kind: 'chat', messages: [{ role: 'user', content: 'Hi' }] });
    expect(buildPrompt({ template: 'chat', prompt: 'Hi', task: 'math', instruction: null })).toEqual({
      kind: 'chat',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(buildPrompt({ template: 'chat', prompt: 'Hi', task: 'math', instruction: 'Answer in one word.' })).toEqual({
      kind: 'chat',
      messages: [{ role: 'user', content: 'Hi\nAnswer in one word.' }],
    });
  });

  it('every task kind has a defined default', () => {
    for (const task of ['math', 'code', 'logic', 'general'] as const) {
      const p = buildPrompt({ template: 'chat', prompt: 'P', task });
      const content = p.kind === 'chat' ? p.messages[0]?.content : undefined;
      expect(content).toBe(TASK_INSTRUCTIONS[task] ? `P\n${TASK_INSTRUCTIONS[task]}` : 'P');
    }
  });

  it('custom: text kind; {instruction} placed where the template says, else after the question', () => {
    expect(buildPrompt({ template: { custom: '### Q\n{prompt}\n### A\n' }, prompt: 'x?', task: 'math' })).toEqual({
      kind: 'text',
      text: `### Q\nx?\n${MATH}\n### A\n`,
    });
    expect(buildPrompt({ template: { custom: '{instruction}\n\n{prompt}\n<think>\n' }, prompt: 'x?', task: 'math' })).toEqual({
      kind: 'text',
      text: `${MATH}\n\nx?\n<think>\n`,
    });
    expect(buildPrompt({ template: { custom: '[{instruction}]{prompt}' }, prompt: 'x?' })).toEqual({ kind: 'text', text: '[]x?' });
  });

  it('custom without {prompt} fails clearly; unknown template names fail', () => {
    expect(() => buildPrompt({ template: { custom: 'Answer: ' }, prompt: 'x' })).toThrow(TemplateError);
    expect(() => buildPrompt({ template: 'zero' as never, prompt: 'x' })).toThrow(/Unknown template/);
  });
});
