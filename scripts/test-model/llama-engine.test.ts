// Tests for backend/llm/llama-engine.ts against models made by scripts/make-test-model.ts (they
// live here because backend/ may not import scripts/). Tiny models keep them fast on 2 cores.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitTrace } from '../../core/trace.ts';
import type { GeneratedSample, SamplingParams } from '../../backend/llm/engine.ts';
import { GgufError } from '../../backend/llm/gguf.ts';
import { LlamaEngine } from '../../backend/llm/llama-engine.ts';
import { makeBrokenModel, makeTestModel, type TestModel } from '../make-test-model.ts';

const greedy: SamplingParams = { temperature: 0, topP: 1, topK: 0, minP: 0, maxTokens: 200 };
const chat = (content: string) => ({ kind: 'chat' as const, messages: [{ role: 'user' as const, content }] });
const slots = (n: number, seed = 1) => Array.from({ length: n }, (_, i) => ({ index: i, seed: seed + i }));

let dir: string;
let scripted: TestModel;
let random: TestModel;
let engine: LlamaEngine;
let randomEngine: LlamaEngine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coldstart-engine-'));
  scripted = await makeTestModel({ path: join(dir, 'scripted.gguf'), kind: 'scripted' });
  random = await makeTestModel({ path: join(dir, 'random.gguf'), kind: 'random', seed: 7 });
  // One thread: these models are tiny, and on a shared 2-core machine llama.cpp's spinning
  // barrier between two threads costs more than the second thread gains.
  engine = await LlamaEngine.load({ modelPath: scripted.path, gpu: false, contextSize: 256, maxSequences: 16, threads: 1 });
  // A batch smaller than the group's prompt tokens splits decoding the way long prompts do on
  // real models; that is when unserialised sampling was seen to go wrong.
  randomEngine = await LlamaEngine.load({ modelPath: random.path, gpu: false, contextSize: 128, maxSequences: 16, batchSize: 32, threads: 1 });
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await randomEngine?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('LlamaEngine', () => {
  it('reports what it runs on', () => {
    const info = engine.info();
    expect(info).toMatchObject({ engine: 'llama', backend: 'cpu', model: 'scripted.gguf' });
    expect(info.contextSize).toBeGreaterThanOrEqual(256);
    expect(engine.chatWrapperName).toBe('DeepSeek');
  });

  it('produces the scripted text through the R1-distill chat template, think tags restored', async () => {
    const [s] = await engine.generateGroup({ prompt: chat('What is 2 + 2?'), samples: slots(1), params: greedy });
    expect(s!.completion).toBe(scripted.expectedText);
    expect(s!.finishReason).toBe('stop');
    // Counted as stored: the template-prefilled `<think>` plus every generated chain token.
    expect(s!.completionTokens).toBe(scripted.chainTokenIds!.length);
    expect(s!.promptTokens).toBeGreaterThan(5);
    const trace = splitTrace(s!.completion);
    expect(trace.hasCloseTag).toBe(true);
    expect(trace.summary).toBe('The answer is \\boxed{4}.');
    expect(s!.reasoningContent?.trim()).toBe(trace.reasoning);
  });

  it('gives every sample of a greedy group exactly the single-sequence result, also beyond maxSequences', async () => {
    // 20 samples on 16 sequences: the last 4 reuse sequences (cleared) after the first finish.
    const [alone] = await engine.generateGroup({ prompt: chat('Add 2 and 2.'), samples: slots(1), params: greedy });
    const seen: number[] = [];
    const group = await engine.generateGroup({
      prompt: chat('Add 2 and 2.'), samples: slots(20, 50), params: greedy, onSample: (s) => seen.push(s.index),
    });
    expect(group.map((s) => s.index)).toEqual([...Array(20).keys()]);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    expect(alone!.completion).toBe(scripted.expectedText);
    for (const s of group) {
      expect(s.completion).toBe(alone!.completion);
      expect(s.completionTokens).toBe(alone!.completionTokens);
    }
  });

  it('samples with per-sample seeds exactly as alone when 16 sequences sample side by side', async () => {
    // Random weights + temperature 1: each seed takes its own path, so sequences hold different
    // logits at the same step. Whether the unserialised race fires is timing-dependent (37 of 48
    // samples differed with 2 decode threads under load, 0 of 48 with 1), so this is the
    // end-to-end check; serial-sampling.test.ts checks the mechanism deterministically.
    const raceEngine = await LlamaEngine.load({ modelPath: random.path, gpu: false, contextSize: 128, maxSequences: 16, batchSize: 32, threads: 1 });
    try {
      const params: SamplingParams = { temperature: 1, topP: 1, topK: 0, minP: 0, maxTokens: 24 };
      const prompt = { kind: 'text' as const, text: 'Question: what is the sum? Reasoning:' };
      const group = await raceEngine.generateGroup({ prompt, samples: slots(16, 1000), params });
      const alone: GeneratedSample[] = [];
      for (const slot of slots(16, 1000)) alone.push((await raceEngine.generateGroup({ prompt, samples: [slot], params }))[0]!);
      expect(new Set(alone.map((s) => s.completion)).size).toBeGreaterThan(8);
      expect(group.map((s) => s.completion)).toEqual(alone.map((s) => s.completion));
    } finally {
      await raceEngine.close();
    }
  }, 120_000);

  it('turns top-k and top-p off when asked (node-llama-cpp would apply top-k 40 and top-p 0.95)', async () => {
    // Same seeds, near-uniform distribution (temperature 50): if "off" silently meant node-llama-cpp's
    // defaults, top-k 0 would reproduce top-k 40 and top-p 1 would reproduce top-p 0.95 sample for
    // sample. Completions are compared whole: a partial UTF-8 byte token pulls in one more token.
    const prompt = { kind: 'text' as const, text: 'Question: what is the sum? Reasoning:' };
    const run = async (topK: number, topP: number): Promise<string[]> => {
      const out: string[] = [];
      for (let group = 0; group < 4; group++) {
        const samples = await randomEngine.generateGroup({
          prompt, samples: slots(16, 5000 + group * 16), params: { temperature: 50, topP, topK, minP: 0, maxTokens: 1 },
        });
        out.push(...samples.map((s) => s.completion));
      }
      return out;
    };
    const differing = (a: string[], b: string[]) => a.filter((x, i) => x !== b[i]).length;
    const off = await run(0, 1);
    expect(differing(off, await run(0, 1))).toBe(0); // seeds make it reproducible
    expect(differing(off, await run(40, 1))).toBeGreaterThan(16);
    expect(differing(off, await run(0, 0.95))).toBeGreaterThan(16);
    // With top-k 1 only the most likely first token is left, whatever the seed.
    expect(new Set(await run(1, 1)).size).toBe(1);
  }, 120_000);

  it('stops at maxTokens with finishReason "length" and a prefix of the script', async () => {
    const [s] = await engine.generateGroup({ prompt: chat('2+2?'), samples: slots(1), params: { ...greedy, maxTokens: 6 } });
    expect(s!.finishReason).toBe('length');
    expect(s!.completionTokens).toBe(6);
    expect(s!.completion.startsWith('<think>')).toBe(true);
    expect(s!.completion).not.toContain('</think>');
    expect(scripted.expectedText!.startsWith(s!.completion)).toBe(true);
    expect(s!.completion.length).toBeLessThan(scripted.expectedText!.length);
  });

  it('uses plain completion for text prompts', async () => {
    // Any last prompt token outside the chain starts the script from its first token.
    const [s] = await engine.generateGroup({ prompt: { kind: 'text', text: 'User: 2+2? Assistant:' }, samples: slots(1), params: greedy });
    expect(s!.completion).toBe(scripted.expectedText);
    expect(s!.finishReason).toBe('stop');
    expect(s!.completionTokens).toBe(scripted.chainTokenIds!.length);
  });

  it('cancels mid-generation, keeping what was produced', async () => {
    const ac = new AbortController();
    let chunks = 0;
    const params: SamplingParams = { temperature: 1, topP: 1, topK: 0, minP: 0, maxTokens: 100 };
    const group = await randomEngine.generateGroup({
      prompt: { kind: 'text', text: 'Once upon a time' }, samples: slots(4, 9), params, signal: ac.signal,
      onText: () => { if (++chunks === 8) ac.abort(); },
    });
    for (const s of group) {
      expect(s.finishReason).toBe('abort');
      expect(s.completionTokens).toBeLessThan(100);
    }
    // The engine stays usable after a cancel.
    const [after] = await engine.generateGroup({ prompt: chat('again'), samples: slots(1), params: greedy });
    expect(after!.completion).toBe(scripted.expectedText);
  });

  it('refuses a prompt longer than the context with a clear error', async () => {
    const [s] = await randomEngine.generateGroup({ prompt: { kind: 'text', text: 'word '.repeat(400) }, samples: slots(1), params: greedy });
    expect(s!.finishReason).toBe('error');
    expect(s!.error).toMatch(/prompt is \d+ tokens, longer than the context/);
  });

  it('refuses broken GGUF files before llama.cpp sees them (the process survives)', async () => {
    for (const kind of ['not-gguf', 'truncated', 'missing-key:llama.feed_forward_length', 'missing-key:llama.attention.head_count'] as const) {
      const path = join(dir, `broken-${kind.replace(/[^a-z]/g, '-')}.gguf`);
      await makeBrokenModel(path, kind);
      const err = await LlamaEngine.load({ modelPath: path, gpu: false }).then(() => undefined, (e: unknown) => e);
      expect(err, kind).toBeInstanceOf(GgufError);
    }
  });

  it('follows a custom script on a qwen2-architecture model', async () => {
    const script = '<think>\nFirst, 3 × 3 = 9. Then 9 + 1 = 10. Check: 10 − 1 = 9, 9 ÷ 3 = 3.\n</think>\n\n**Answer:** $\\boxed{10}$';
    const m = await makeTestModel({ path: join(dir, 'qwen2.gguf'), kind: 'scripted', arch: 'qwen2', script, seed: 3 });
    const qwen = await LlamaEngine.load({ modelPath: m.path, gpu: false, contextSize: 256, maxSequences: 4, threads: 1 });
    try {
      const group = await qwen.generateGroup({ prompt: chat('3*3+1?'), samples: slots(4), params: greedy });
      for (const s of group) expect(s.completion).toBe(script);
    } finally {
      await qwen.close();
    }
  });

  it('stops a load whose signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(LlamaEngine.load({ modelPath: scripted.path, gpu: false, signal: ac.signal })).rejects.toThrow();
  });
});
