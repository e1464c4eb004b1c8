// Checks the mechanism behind backend/llm/serial-sampling.ts: with it, no two sampleToken calls
// of one context are ever in flight together; without it, they are (the control below), which
// is when node-llama-cpp 3.21.1 reads another sequence's logits.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLlama, LlamaCompletion, type LlamaContext, type LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialiseSampling } from '../../backend/llm/serial-sampling.ts';
import { makeTestModel } from '../make-test-model.ts';

let dir: string;
let model: LlamaModel;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coldstart-serial-'));
  const { path } = await makeTestModel({ path: join(dir, 'r.gguf'), kind: 'random', seed: 11 });
  model = await (await getLlama({ gpu: false })).loadModel({ modelPath: path });
}, 60_000);

afterAll(async () => {
  await model?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Wraps the native sampleToken to record the most calls ever in flight at once. */
function watchSampling(context: LlamaContext): { calls: number; maxInFlight: number } {
  const native = (context as unknown as { _ctx: { sampleToken: (...a: unknown[]) => Promise<unknown> } })._ctx;
  const original = native.sampleToken;
  const stats = { calls: 0, maxInFlight: 0 };
  let inFlight = 0;
  Object.defineProperty(native, 'sampleToken', {
    configurable: true, writable: true,
    value: async (...args: unknown[]) => {
      stats.calls++;
      stats.maxInFlight = Math.max(stats.maxInFlight, ++inFlight);
      try { return await original.apply(native, args); } finally { inFlight--; }
    },
  });
  return stats;
}

async function generateConcurrently(context: LlamaContext, n: number): Promise<string[]> {
  return Promise.all(Array.from({ length: n }, async (_, i) => {
    const sequence = context.getSequence();
    try {
      return await new LlamaCompletion({ contextSequence: sequence }).generateCompletion(`Prompt ${i}:`, { maxTokens: 8, temperature: 1, seed: i });
    } finally {
      sequence.dispose();
    }
  }));
}

describe('serialiseSampling', () => {
  it('never lets two sequences of a context sample at once', async () => {
    const context = await model.createContext({ contextSize: 64, sequences: 8, threads: 1 });
    try {
      const stats = watchSampling(context);
      serialiseSampling(context);
      serialiseSampling(context); // idempotent
      await generateConcurrently(context, 8);
      expect(stats.calls).toBeGreaterThanOrEqual(8 * 8);
      expect(stats.maxInFlight).toBe(1);
    } finally {
      await context.dispose();
    }
  });

  it('(control) node-llama-cpp alone does sample several sequences at once', async () => {
    const context = await model.createContext({ contextSize: 64, sequences: 8, threads: 1 });
    try {
      const stats = watchSampling(context);
      await generateConcurrently(context, 8);
      expect(stats.maxInFlight).toBeGreaterThan(1);
    } finally {
      await context.dispose();
    }
  });
});
