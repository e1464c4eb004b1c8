// The local engine as the app runs it: the model in a child process started with
// UV_THREADPOOL_SIZE=1 (backend/llm/llama-host.ts). It must give exactly what the in-process
// engine gives, stream and cancel the same way, and turn a dying model process into an error.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedSample, SamplingParams } from '../../backend/llm/engine.ts';
import { GgufError } from '../../backend/llm/gguf.ts';
import { LlamaEngine } from '../../backend/llm/llama-engine.ts';
import { LlamaProcessEngine } from '../../backend/llm/llama-process.ts';
import { makeBrokenModel, makeTestModel, type TestModel } from '../make-test-model.ts';

const slots = (n: number, seed = 1) => Array.from({ length: n }, (_, i) => ({ index: i, seed: seed + i }));
const chat = (content: string) => ({ kind: 'chat' as const, messages: [{ role: 'user' as const, content }] });
const greedy: SamplingParams = { temperature: 0, topP: 1, topK: 0, minP: 0, maxTokens: 200 };

let dir: string;
let scripted: TestModel;
let random: TestModel;
let engine: LlamaProcessEngine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coldstart-process-'));
  scripted = await makeTestModel({ path: join(dir, 'scripted.gguf'), kind: 'scripted' });
  random = await makeTestModel({ path: join(dir, 'random.gguf'), kind: 'random', seed: 7 });
  engine = await LlamaProcessEngine.load({ modelPath: scripted.path, gpu: false, contextSize: 256, maxSequences: 8, threads: 1 });
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('LlamaProcessEngine', () => {
  it('runs the model in a process whose single pool thread orders decodes and samples', () => {
    expect(engine.sampling).toBe('pool');
    expect(engine.info()).toMatchObject({ engine: 'llama', backend: 'cpu', model: 'scripted.gguf' });
    expect(engine.chatWrapperName).toBe('DeepSeek');
    expect(engine.maxSequences).toBe(8);
  });

  it('gives every greedy sample the scripted text, reports each as it finishes and streams it', async () => {
    const reported: number[] = [];
    const streamed = new Map<number, string>();
    const samples = await engine.generateGroup({
      prompt: chat('What is 2 + 2?'), samples: slots(8), params: greedy,
      onSample: (s) => reported.push(s.index),
      onText: (i, chunk) => streamed.set(i, (streamed.get(i) ?? '') + chunk),
    });
    expect(samples.map((s) => s.completion)).toEqual(Array(8).fill(scripted.expectedText));
    expect(samples.every((s) => s.finishReason === 'stop' && s.completionTokens === scripted.chainTokenIds!.length)).toBe(true);
    expect(reported.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...streamed.values()]).toEqual(Array(8).fill(scripted.expectedText));
  });

  it('samples 16 seeded sequences side by side exactly as the in-process engine does alone', async () => {
    const params: SamplingParams = { temperature: 1, topP: 1, topK: 0, minP: 0, maxTokens: 24 };
    const prompt = { kind: 'text' as const, text: 'Question: what is the sum? Reasoning:' };
    const hosted = await LlamaProcessEngine.load({ modelPath: random.path, gpu: false, contextSize: 128, maxSequences: 16, batchSize: 32, threads: 1 });
    const local = await LlamaEngine.load({ modelPath: random.path, gpu: false, contextSize: 128, maxSequences: 16, batchSize: 32, threads: 1 });
    try {
      const group = await hosted.generateGroup({ prompt, samples: slots(16, 1000), params });
      const alone: GeneratedSample[] = [];
      for (const slot of slots(16, 1000)) alone.push((await local.generateGroup({ prompt, samples: [slot], params }))[0]!);
      expect(new Set(alone.map((s) => s.completion)).size).toBeGreaterThan(8);
      expect(group.map((s) => s.completion)).toEqual(alone.map((s) => s.completion));
    } finally {
      await hosted.close();
      await local.close();
    }
  }, 120_000);

  it('cancels a group through its signal, keeping what each sample had produced', async () => {
    const controller = new AbortController();
    let chunks = 0;
    const samples = await engine.generateGroup({
      prompt: chat('Count slowly.'), samples: slots(4), params: { ...greedy, maxTokens: 200 }, signal: controller.signal,
      onText: () => { if (++chunks === 6) controller.abort(); },
    });
    expect(samples).toHaveLength(4);
    expect(samples.some((s) => s.finishReason === 'abort')).toBe(true);
    // The engine is still usable afterwards.
    const [next] = await engine.generateGroup({ prompt: chat('2+2?'), samples: slots(1), params: greedy });
    expect(next!.completion).toBe(scripted.expectedText);
  });

  it('fails the group when storing a sample throws (a full disk), instead of crashing the app', async () => {
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const group = engine.generateGroup({ prompt: chat('2+2?'), samples: slots(2), params: greedy, onSample: () => { throw full; } });
    await expect(group).rejects.toBe(full);
    const [next] = await engine.generateGroup({ prompt: chat('2+2?'), samples: slots(1), params: greedy });
    expect(next!.completion).toBe(scripted.expectedText);
  });

  it('refuses a broken GGUF with the GGUF error, without starting a model process', async () => {
    const broken = join(dir, 'no-heads.gguf');
    await makeBrokenModel(broken, 'missing-key:llama.attention.head_count');
    await expect(LlamaProcessEngine.load({ modelPath: broken, gpu: false })).rejects.toBeInstanceOf(GgufError);
  });

  it('turns a model process that dies mid-group into a "crashed" error; the app process lives on', async () => {
    const victim = await LlamaProcessEngine.load({ modelPath: scripted.path, gpu: false, contextSize: 256, maxSequences: 2, threads: 1 });
    let killed = false;
    const group = victim.generateGroup({
      prompt: chat('Think.'), samples: slots(2), params: greedy,
      onText: () => {
        if (killed) return;
        killed = true;
        (victim as unknown as { child: { kill(s: string): void } }).child.kill('SIGKILL');
      },
    });
    const error = await group.then(() => null, (e: unknown) => e as Error & { kind?: string });
    expect(error?.kind).toBe('crashed');
    expect(error?.message).toMatch(/model process stopped \(SIGKILL\)/);
    expect(victim.alive).toBe(false);
    await expect(victim.generateGroup({ prompt: chat('again'), samples: slots(1), params: greedy })).rejects.toMatchObject({ kind: 'crashed' });
  }, 60_000);

  it('stops a load when its signal aborts', async () => {
    const controller = new AbortController();
    const load = LlamaProcessEngine.load({ modelPath: scripted.path, gpu: false, signal: controller.signal });
    controller.abort();
    await expect(load).rejects.toMatchObject({ name: 'AbortError' });
  });
});
