/**
 * Generation throughput: aggregate tokens/s for 1 vs G sequences, raw node-llama-cpp (its own
 * unserialised sampling) vs LlamaEngine, side by side in one run on one model.
 *
 *   tsx scripts/bench/generation.ts [--model FILE] [--embd 256 --layers 4 --vocab 8000]
 *       [--group 8 | --group 1,8,32,64] [--skip-raw] [--tokens 64] [--prompt-tokens 32] [--threads N] [--gpu auto|off] [--reps 2]
 *
 * Without --model it writes a small random model to the temp folder. Greedy decoding with
 * EOS-free random weights keeps every sequence running for exactly --tokens tokens.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getLlama, LlamaCompletion, LlamaLogLevel, type LlamaContext, type LlamaContextSequence } from 'node-llama-cpp';
import type { SamplingParams } from '../../backend/llm/engine.ts';
import { LlamaEngine } from '../../backend/llm/llama-engine.ts';
import { chooseCpuThreads } from '../../backend/llm/threads.ts';
import { makeTestModel } from '../make-test-model.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string' }, embd: { type: 'string', default: '256' }, layers: { type: 'string', default: '4' },
    vocab: { type: 'string', default: '8000' }, group: { type: 'string', default: '8' }, tokens: { type: 'string', default: '64' },
    'prompt-tokens': { type: 'string', default: '32' }, threads: { type: 'string' }, gpu: { type: 'string', default: 'off' },
    reps: { type: 'string', default: '2' }, temperature: { type: 'string', default: '0' },
    heads: { type: 'string', default: '8' }, 'heads-kv': { type: 'string', default: '4' }, ff: { type: 'string' },
    'skip-raw': { type: 'boolean', default: false },
  },
});
const groups = [...new Set([1, ...values.group.split(',').map(Number)])].sort((a, b) => a - b);
const G = groups.at(-1)!;
const maxTokens = Number(values.tokens);
const reps = Number(values.reps);
const gpu = values.gpu === 'off' ? false : ('auto' as const);
const temperature = Number(values.temperature);

interface Run { label: string; sequences: number; tokens: number; seconds: number }
const tps = (r: Run): number => r.tokens / r.seconds;

async function best(label: string, sequences: number, once: () => Promise<number>): Promise<Run> {
  let top: Run | undefined;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const tokens = await once();
    const run = { label, sequences, tokens, seconds: (performance.now() - t0) / 1000 };
    if (!top || tps(run) > tps(top)) top = run;
  }
  return top!;
}

const rawSequences: LlamaContextSequence[] = [];
/** What a user of node-llama-cpp writes: one LlamaCompletion per sequence, all at once. */
async function rawGroup(context: LlamaContext, prompt: string, n: number): Promise<number> {
  const counts = await Promise.all(Array.from({ length: n }, async (_, i) => {
    const sequence = (rawSequences[i] ??= context.getSequence());
    await sequence.clearHistory();
    const before = sequence.tokenMeter.usedOutputTokens;
    await new LlamaCompletion({ contextSequence: sequence }).generateCompletion(prompt, { maxTokens, temperature, seed: i + 1 });
    return sequence.tokenMeter.usedOutputTokens - before;
  }));
  return counts.reduce((a, b) => a + b, 0);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'coldstart-bench-'));
  try {
    const modelPath = values.model ?? join(dir, 'bench.gguf');
    if (!values.model) {
      await makeTestModel({
        path: modelPath, kind: 'random', seed: 42, embd: Number(values.embd), layers: Number(values.layers),
        heads: Number(values.heads), headsKv: Number(values['heads-kv']), ff: values.ff ? Number(values.ff) : undefined,
        vocabSize: Number(values.vocab), weightType: 'f16',
      });
    }
    const threads = values.threads ? Number(values.threads) : gpu === false ? chooseCpuThreads() : undefined;
    const prompt = 'Solve the problem step by step. ' + 'Consider the numbers and their sum. '.repeat(Math.ceil(Number(values['prompt-tokens']) / 8));
    const contextSize = 2 * maxTokens + 4 * Number(values['prompt-tokens']) + 64;

    const llama = await getLlama({ gpu, logLevel: LlamaLogLevel.error });
    const raw = new Map<number, Run>();
    if (!values['skip-raw']) {
      const model = await llama.loadModel({ modelPath });
      const context = await model.createContext({ contextSize, sequences: G, threads });
      for (const g of groups) raw.set(g, await best('raw node-llama-cpp', g, () => rawGroup(context, prompt, g)));
      await context.dispose();
      await model.dispose();
    }
    const engine = await LlamaEngine.load({ modelPath, gpu, contextSize, maxSequences: G, threads });
    const params: SamplingParams = { temperature, topP: 1, topK: 0, minP: 0, maxTokens };
    const engineGroup = async (n: number): Promise<number> => {
      const samples = await engine.generateGroup({
        prompt: { kind: 'text', text: prompt }, params, samples: Array.from({ length: n }, (_, i) => ({ index: i, seed: i + 1 })),
      });
      return samples.reduce((a, s) => a + s.completionTokens, 0);
    };
    const eng = new Map<number, Run>();
    for (const g of groups) eng.set(g, await best('LlamaEngine', g, () => engineGroup(g)));
    const info = engine.info();
    await engine.close();

    console.log(`model ${modelPath} (${info.backend}${info.device ? `, ${info.device}` : ''}, gpu layers ${info.gpuLayers ?? 0}), threads ${threads ?? 'default'}, ${maxTokens} tokens per sequence, temperature ${temperature}`);
    for (const r of [...raw.values(), ...eng.values()]) {
      console.log(`${r.label.padEnd(20)} G=${String(r.sequences).padEnd(3)} ${String(r.tokens).padStart(6)} tokens ${r.seconds.toFixed(2).padStart(7)} s ${tps(r).toFixed(1).padStart(9)} tok/s`);
    }
    for (const g of groups.slice(1)) {
      const r = raw.get(g);
      const e = eng.get(g)!;
      console.log(`ratio G=${g}/G=1   engine ${(tps(e) / tps(eng.get(1)!)).toFixed(2)}×` +
        (r ? `   raw ${(tps(r) / tps(raw.get(1)!)).toFixed(2)}×   engine/raw at G=${g} ${(tps(e) / tps(r)).toFixed(2)}×` : ''));
    }
    if (raw.has(1)) console.log(`ratio engine/raw at G=1 ${(tps(eng.get(1)!) / tps(raw.get(1)!)).toFixed(2)}×`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
