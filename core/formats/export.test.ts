import { describe, expect, it } from 'vitest';
import { splitTrace } from '../trace.ts';
import { checkRecord } from './export-rules.ts';
import { EXPORT_FORMATS, lineRenderer, renderLine, renderRecord, skipReason } from './export.ts';

const item = { prompt: 'What is 2+2?', reasoning: 'Two plus two.\nThat is 4.', summary: 'The answer is **4**.' };
const thinking = '<think>\nTwo plus two.\nThat is 4.\n</think>\n\nThe answer is **4**.';

describe('export formats', () => {
  it('render the exact shapes the issue specifies', () => {
    expect(renderLine('messages', item)).toBe(
      `${JSON.stringify({ messages: [{ role: 'user', content: item.prompt }, { role: 'assistant', content: thinking }] })}\n`,
    );
    expect(renderRecord('reasoning-content', item)).toEqual({
      messages: [{ role: 'user', content: item.prompt }, { role: 'assistant', content: item.summary, reasoning_content: item.reasoning }],
    });
    expect(renderRecord('r1-special', item)).toEqual({
      messages: [{ role: 'user', content: item.prompt }, { role: 'assistant', content: `|special_token|${item.reasoning}|special_token|${item.summary}` }],
    });
    expect(renderRecord('r1-special', item, { specialTokens: { start: '<R>', end: '<S>' } }).messages).toContainEqual({
      role: 'assistant',
      content: `<R>${item.reasoning}<S>${item.summary}`,
    });
    expect(renderRecord('prompt-completion', item)).toEqual({ prompt: [{ role: 'user', content: item.prompt }], completion: [{ role: 'assistant', content: thinking }] });
    expect(renderRecord('sharegpt', item)).toEqual({ conversations: [{ from: 'human', value: item.prompt }, { from: 'gpt', value: thinking }] });
    expect(renderRecord('alpaca', item)).toEqual({ instruction: item.prompt, input: '', output: thinking });
  });

  it('put a system prompt where each stack reads it', () => {
    const system = 'You are a careful solver.';
    for (const format of ['messages', 'reasoning-content', 'r1-special'] as const) {
      expect((renderRecord(format, item, { system }).messages as unknown[])[0]).toEqual({ role: 'system', content: system });
    }
    expect((renderRecord('prompt-completion', item, { system }).prompt as unknown[])[0]).toEqual({ role: 'system', content: system });
    expect(renderRecord('sharegpt', item, { system }).system).toBe(system);
    expect(renderRecord('alpaca', item, { system }).system).toBe(system);
  });

  it('every format passes its stack rules, with and without a system prompt', () => {
    for (const format of EXPORT_FORMATS) {
      for (const system of [null, 'Be brief.']) {
        expect(checkRecord(format, JSON.parse(renderLine(format, item, { system })))).toEqual([]);
      }
    }
  });

  it('the rules reject what the stacks reject', () => {
    const bad = {
      messages: [
        { role: 'assistant', content: 'hi' },
        { role: 'user', content: '' },
      ],
    };
    expect(checkRecord('messages', bad)).toEqual(expect.arrayContaining(['messages[1].content must be a non-empty string', 'the last message must be the assistant turn']));
    expect(checkRecord('messages', renderRecord('reasoning-content', item)).join()).toMatch(/unrecognised key "reasoning_content"/);
    expect(checkRecord('sharegpt', { conversations: [{ from: 'user', value: 'x' }, { from: 'gpt', value: 'y' }] }).join()).toMatch(/must be "human"/);
    expect(checkRecord('alpaca', { instruction: 'x', output: '' })).toEqual(expect.arrayContaining(['input must be a string', 'output must be a non-empty string']));
    expect(checkRecord('prompt-completion', { prompt: [{ role: 'user', content: 'q' }], completion: [{ role: 'user', content: 'a' }] }).join()).toMatch(/one assistant message/);
  });

  it('inline-think formats split back into the same reasoning and summary', () => {
    const assistant = (renderRecord('messages', item).messages as { content: string }[])[1]!.content;
    expect(splitTrace(assistant)).toMatchObject({ reasoning: item.reasoning, summary: item.summary });
  });

  it('the fast line renderer writes exactly the bytes of the record renderer', () => {
    const items = [item, { ...item, reasoning: ' padded\t"x" 中文 \u2028 ' }, { prompt: 'Other 🧮', reasoning: '', summary: 'S' }, item];
    for (const format of EXPORT_FORMATS) {
      for (const options of [{}, { system: 'Sys "q"' }, { specialTokens: { start: '<a>', end: '<b>' } }]) {
        const render = lineRenderer(format, options);
        for (const it of items) expect(render(it)).toBe(renderLine(format, it, options));
      }
    }
  });

  it('skips items no stack can train on, for every format alike', () => {
    expect(skipReason(item)).toBeNull();
    expect(skipReason({ ...item, prompt: '  ' })).toBe('empty_prompt');
    expect(skipReason({ ...item, summary: '' })).toBe('empty_summary');
  });

  it('serialises deterministically, escaping nothing a JSON reader would read differently', () => {
    const tricky = { prompt: 'Emoji 🧮 and "quotes"\u2028', reasoning: '中文推理\n\\frac{1}{2}', summary: '$\\boxed{1}$' };
    const line = renderLine('messages', tricky);
    expect(line).toBe(renderLine('messages', { ...tricky }));
    expect(line.endsWith('\n') && !line.slice(0, -1).includes('\n')).toBe(true);
    expect(JSON.parse(line).messages[0].content).toBe(tricky.prompt);
  });
});
