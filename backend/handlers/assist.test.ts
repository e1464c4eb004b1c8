import { describe, expect, it } from 'vitest';
import { assistPrompt, proposalFrom } from './assist.ts';

describe('assist prompt and proposal', () => {
  it('asks for the target language by name and fences the span last', () => {
    const prompt = assistPrompt('target-language', '现在把 100 写成', 'en');
    expect(prompt.kind).toBe('chat');
    const content = prompt.kind === 'chat' ? prompt.messages[0]!.content : '';
    expect(content).toContain('entirely in English');
    expect(content.endsWith('"""\n现在把 100 写成\n"""')).toBe(true);
  });

  it('keeps only what follows the reasoning of an R1-style reply', () => {
    expect(proposalFrom('<think>\nlet me think\n</think>\n\nThe rewritten text.')).toBe('The rewritten text.');
    expect(proposalFrom('Plain reply without tags')).toBe('Plain reply without tags');
    // A reply cut off inside its reasoning proposes nothing rather than leaking the reasoning.
    expect(proposalFrom('<think>\nstill thinking')).toBe('');
    expect(proposalFrom('"""\nfenced\n"""')).toBe('fenced');
  });
});
