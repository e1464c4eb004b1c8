/**
 * Exactness check for groups: at temperature 0 every sample of a group must equal the
 * single-sequence result. Runs LlamaEngine (serialised sampling) and, as a control, raw
 * node-llama-cpp with its unserialised concurrent sampling, on CPU or GPU.
 *
 *   tsx scripts/bench/greedy-equality.ts [--model FILE | --embd 256 --layers 4 --vocab 8000 ...]
 *       [--gpu auto|off] [--group 64] [--prompts 3] [--tokens 48] [--threads N] [--save-model FILE]
 *
 * --scripted makes a model whose greedy continuation is a known text (peaked logits), which
 * separates the sampling race from batch-size-dependent float rounding: random weights have
 * near-tied logits, so on a GPU a batch of 64 can round differently from a batch of 1 and flip
 * an argmax without any race (seen on the H200: 62 of 192 engine samples, 2026-11-28).
 *
 * --hosted checks the engine the app uses (LlamaProcessEngine) instead of the in-process one.
 *
 * Exit code 1 when any engine sample deviates (the raw control may deviate: that is the
 * node-llama-cpp 3.21.1 race the engine exists to avoid).
 */
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getLlama, LlamaCompletion, LlamaLogLevel } from 'node-llama-cpp';
import { LlamaEngine } from '../../backend/llm/llama-engine.ts';
import { LlamaProcessEngine } from '../../backend/llm/llama-process.ts';
import { chooseCpuThreads } from '../../backend/llm/threads.ts';
import { makeTestModel } from '../make-test-model.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string' }, 'save-model': { type: 'string' }, arch: { type: 'string', default: 'llama' },
    embd: { type: 'string', default: '256' }, layers: { type: 'string', default: '4' }, heads: { type: 'string', default: '8' },
    'heads-kv': { type: 'string', default: '4' }, ff: { type: 'string' }, vocab: { type: 'string', default: '8000' },
    gpu: { type: 'string', default: 'auto' }, group: { type: 'string', default: '64' }, prompts: { type: 'string', default: '3' },
    tokens: { type: 'string', default: '48' }, threads: { type: 'string' }, 'skip-raw': { type: 'boolean', default: false },
    scripted: { type: 'boolean', default: false }, hosted: { type: 'boolean', default: false },
  },
});
const G = Number(values.group);
const maxTokens = Number(values.tokens);
const gpu = values.gpu === 'off' ? false : ('auto' as const);
const threads = values.threads ? Number(values.threads) : gpu === false ? chooseCpuThreads() : undefined;
const prompts = Array.from({ length: Number(values.prompts) }, (_, i) => `Problem ${i + 1}: reason about ${i * 7 + 3} apples shared by ${i + 2} friends.`);
const contextSize = 2 * maxTokens + 128;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'coldstart-greedy-'));
  try {
    let modelPath = values.model ?? values['save-model'] ?? join(dir, 'm.gguf');
    if (!values.model) {
      const t0 = performance.now();
      await makeTestModel({
        path: modelPath, kind: values.scripted ? 'scripted' : 'random', seed: 7, arch: values.arch as 'llama' | 'qwen2', embd: Number(values.embd), layers: Number(values.layers),
        heads: Number(values.heads), headsKv: Number(values['heads-kv']), ff: values.ff ? Number(values.ff) : undefined, vocabSize: Number(values.vocab), weightType: 'f16',
      });
      console.log(`wrote ${modelPath} (${(fs.statSync(modelPath).size / 1e9).toFixed(2)} GB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    modelPath = values.model ?? modelPath;
    const params = { temperature: 0, topP: 1, topK: 0, minP: 0, maxTokens };
    // --hosted: the app's setup, the model in a child process whose one pool thread orders sampling.
    const engine = values.hosted
      ? await LlamaProcessEngine.load({ modelPath, gpu, contextSize, maxSequences: G, ...(threads ? { threads } : {}) })
      : await LlamaEngine.load({ modelPath, gpu, contextSize, maxSequences: G, threads });
    const label = values.hosted ? 'LlamaProcessEngine (one pool thread)' : 'LlamaEngine (serialised sampling)';
    const info = engine.info();
    console.log(`engine ${info.backend}${info.device ? ` (${info.device})` : ''}, gpu layers ${info.gpuLayers ?? 0}, group ${G}, ${prompts.length} prompts, ${maxTokens} tokens, threads ${threads ?? 'default'}`);
    const singles: string[] = [];
    let engineDeviations = 0;
    for (const text of prompts) {
      const [alone] = await engine.generateGroup({ prompt: { kind: 'text', text }, params, samples: [{ index: 0, seed: 1 }] });
      singles.push(alone!.completion);
      const group = await engine.generateGroup({ prompt: { kind: 'text', text }, params, samples: Array.from({ length: G }, (_, i) => ({ index: i, seed: i + 1 })) });
      engineDeviations += group.filter((s) => s.completion !== alone!.completion).length;
    }
    await engine.close();
    const total = G * prompts.length;
    console.log(`${label}: ${engineDeviations} of ${total} greedy samples differ from the single-sequence result`);

    if (!values['skip-raw']) {
      const llama = await getLlama({ gpu, logLevel: LlamaLogLevel.error });
      const model = await llama.loadModel({ modelPath });
      const context = await model.createContext({ contextSize, sequences: G, threads });
      const sequences = Array.from({ length: G }, () => context.getSequence());
      let rawDeviations = 0;
      for (const [p, text] of prompts.entries()) {
        const outs = await Promise.all(sequences.map(async (sequence) => {
          await sequence.clearHistory();
          return new LlamaCompletion({ contextSequence: sequence }).generateCompletion(text, { maxTokens, temperature: 0 });
        }));
        rawDeviations += outs.filter((o) => o !== singles[p]).length;
      }
      await context.dispose();
      await model.dispose();
      console.log(`raw node-llama-cpp (control, unserialised): ${rawDeviations} of ${total} differ`);
    }
    if (engineDeviations > 0) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
