import { describe, expect, it } from 'vitest';
import { RunStartInput } from '../../../../core/procedures/generation.ts';
import { buildStartInput, DEFAULT_FORM, type GenerateForm } from './settings.ts';

const form = (patch: Partial<GenerateForm>): GenerateForm => ({ ...DEFAULT_FORM, model: 'tiny.gguf', ...patch });

describe('buildStartInput', () => {
  it('turns the defaults into a runs.start input the contract accepts, with the R1 paper sampling', () => {
    const { input, errors } = buildStartInput(form({}));
    expect(errors).toBeNull();
    const parsed = RunStartInput.parse(input);
    expect(parsed).toMatchObject({ engine: { engine: 'llama', model: 'tiny.gguf' }, group: 8, prompts: 'unsampled', template: 'chat' });
    expect(parsed.sampling).toMatchObject({ temperature: 0.6, topP: 0.95 });
    expect('instruction' in input!).toBe(false);
    // Blank top-k leaves the choice to the engine (40 locally, off on endpoints); 0 is an explicit off.
    expect('topK' in input!.sampling!).toBe(false);
    expect(buildStartInput(form({ topK: '0' })).input!.sampling).toMatchObject({ topK: 0 });
    expect(buildStartInput(form({ threads: '1' })).input!.engine).toEqual({ engine: 'llama', model: 'tiny.gguf', threads: 1 });
    expect(buildStartInput(form({ threads: '0' })).errors).toHaveProperty('threads');
  });

  it('names every out-of-range field instead of sending it', () => {
    const { errors } = buildStartInput(form({ group: '65', temperature: '-1', topP: '0', maxTokens: '1.5', seed: 'x', model: '' }));
    expect(Object.keys(errors!).sort()).toEqual(['group', 'maxTokens', 'model', 'seed', 'temperature', 'topP']);
  });

  it('builds an OpenAI-compatible engine with the key variable name, refusing something that looks like a key', () => {
    const ok = buildStartInput(form({ source: 'openai', baseUrl: 'http://10.0.0.5:8000/v1', remoteModel: 'r1', apiKeyEnv: 'VLLM_KEY' }));
    expect(RunStartInput.parse(ok.input).engine).toMatchObject({ engine: 'openai', baseUrl: 'http://10.0.0.5:8000/v1', model: 'r1', apiKeyEnv: 'VLLM_KEY' });
    const bad = buildStartInput(form({ source: 'openai', baseUrl: 'ftp://x', remoteModel: 'r1', apiKeyEnv: 'sk-abc123' }));
    expect(bad.errors).toMatchObject({ baseUrl: expect.any(String), apiKeyEnv: expect.stringContaining('not the key') });
  });

  it('passes custom templates and instructions through, and insists on {prompt}', () => {
    const { input } = buildStartInput(form({ template: 'custom', customTemplate: 'Q: {prompt}\nA:', instruction: 'none', group: '1', temperature: '0' }));
    expect(RunStartInput.parse(input)).toMatchObject({ template: { custom: 'Q: {prompt}\nA:' }, instruction: null, group: 1, sampling: { temperature: 0 } });
    expect(buildStartInput(form({ template: 'custom', customTemplate: 'no slot' })).errors).toHaveProperty('customTemplate');
    expect(buildStartInput(form({ instruction: 'custom', instructionText: '  ' })).errors).toHaveProperty('instructionText');
  });
});
