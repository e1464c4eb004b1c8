/**
 * The app's generation pipeline (GenerationService: job, per-sample transactions, verification,
 * flagging, progress events) against raw node-llama-cpp on the same model, prompts and
 * settings, for G=1 and G=N side by side. Prints aggregate tokens/s and the ratios the
 * generation issue sets targets for: pipeline/raw ≥ 0.9, G=N/G=1 ≥ 3 (CPU, small model).
 *
 *   tsx scripts/bench/generation-pipeline.ts [--model FILE] [--embd 256 --layers 4 --vocab 8000]
 *       [--group 8] [--prompts 4] [--tokens 48] [--threads N] [--gpu off|auto] [--reps 2] [--json FILE]
 *
 * Greedy decoding of an EOS-free random model keeps every sequence running for exactly
 * --tokens tokens, so both sides do identical work. The engine is loaded once per group size
 * before timing (the app keeps a loaded model between runs), so load time is not measured.
 */
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getLlama, LlamaCompletion, LlamaLogLevel, type LlamaContextSequence } from 'node-llama-cpp';
import { Backend } from '../../backend/backend.ts';
import { releaseEngines } from '../../backend/llm/factory.ts';
import { chooseCpuThreads } from '../../backend/llm/threads.ts';
import { LOCAL_ACTOR } from '../../backend/router.ts';
import { sha256 } from '../../backend/import/importer.ts';
import { makeTestModel } from '../make-test-model.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string' }, embd: { type: 'string', default: '256' }, layers: { type: 'string', default: '4' },
    vocab: { type: 'string', default: '8000' }, group: { type: 'string', default: '8' }, prompts: { type: 'string', default: '4' },
    tokens: { type: 'string', default: '48' }, threads: { type: 'string' }, gpu: { type: 'string', default: 'off' },
    reps: { type: 'string', default: '2' }, json: { type: 'string' },
  },
});
const G = Number(values.group);
const promptCount = Number(values.prompts);
const maxTokens = Number(values.tokens);
const reps = Number(values.reps);
const gpu = values.gpu === 'off' ? ('off' as const) : ('auto' as const);
const threads = values.threads ? Number(values.threads) : gpu === 'off' ? chooseCpuThreads() : undefined;
const contextSize = 4 * maxTokens + 256;

const promptTexts = Array.from({ length: promptCount }, (_, i) => `Question ${i + 1}: what is ${i + 2} + ${i + 3}? Think it through step by step before you answer.`);

interface Measure { tokens: number; seconds: number }
const tps = (m: Measure): number => m.tokens / m.seconds;

async function best(once: () => Promise<Measure>): Promise<Measure> {
  let top: Measure | undefined;
  for (let i = 0; i < reps; i++) {
    const m = await once();
    if (!top || tps(m) > tps(top)) top = m;
  }
  return top!;
}

/** Raw: one LlamaCompletion per sequence, a group at a time, prompts one after another. */
async function measureRaw(modelPath: string, group: number): Promise<Measure> {
  const llama = await getLlama({ gpu: gpu === 'off' ? false : 'auto', logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize, sequences: group, threads });
  const sequences: LlamaContextSequence[] = Array.from({ length: group }, () => context.getSequence());
  const once = async (): Promise<Measure> => {
    const t0 = performance.now();
    let tokens = 0;
    for (const prompt of promptTexts) {
      const counts = await Promise.all(sequences.map(async (sequence, i) => {
        await sequence.clearHistory();
        const before = sequence.tokenMeter.usedOutputTokens;
        await new LlamaCompletion({ contextSequence: sequence }).generateCompletion(prompt, { maxTokens, temperature: 0, seed: i + 1 });
        return sequence.tokenMeter.usedOutputTokens - before;
      }));
      tokens += counts.reduce((a, b) => a + b, 0);
    }
    return { tokens, seconds: (performance.now() - t0) / 1000 };
  };
  try {
    return await best(once);
  } finally {
    await context.dispose();
    await model.dispose();
  }
}

/** The app: runs.start through the router, waited on, tokens counted from the stored samples. */
async function measurePipeline(modelPath: string, root: string, group: number): Promise<Measure> {
  const dir = join(root, `ws-${group}`);
  const backend = Backend.open(dir);
  fs.mkdirSync(join(dir, 'models'), { recursive: true });
  // A hard link where possible: a 1.5B-shaped model is 3.5 GB.
  try { fs.linkSync(modelPath, join(dir, 'models', 'bench.gguf')); } catch { fs.copyFileSync(modelPath, join(dir, 'models', 'bench.gguf')); }
  const ws = backend.workspace;
  const ids = promptTexts.map((text) => ws.prompts.upsert({ externalId: null, text, referenceAnswer: '5', task: 'math', language: 'en', source: 'bench', meta: null, textHash: sha256(text) }).id);
  const input = {
    engine: { engine: 'llama' as const, model: 'bench.gguf', gpu, contextSize, ...(threads ? { threads } : {}) },
    prompts: ids, group, template: { custom: '{prompt}' }, instruction: null,
    sampling: { temperature: 0, topP: 1, topK: 0, minP: 0, maxTokens, seed: 1 },
  };
  const run = async (): Promise<Measure> => {
    const t0 = performance.now();
    const { runId } = (await backend.router.call('runs.start', input, { actor: LOCAL_ACTOR })) as { runId: number };
    await backend.generation.wait(runId);
    const seconds = (performance.now() - t0) / 1000;
    const row = ws.db.prepare('SELECT count(*) AS n, coalesce(sum(completion_tokens), 0) AS tokens FROM samples WHERE run_id = ?').get(runId) as { n: number; tokens: number };
    if (row.n !== group * promptCount) throw new Error(`run ${runId} stored ${row.n} samples, expected ${group * promptCount}`);
    return { tokens: row.tokens, seconds };
  };
  try {
    await run(); // loads the model; later runs with the same settings reuse it
    return await best(run);
  } finally {
    await backend.shutdown();
  }
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'coldstart-bench-pipeline-'));
  try {
    const modelPath = values.model ?? join(root, 'bench.gguf');
    if (!values.model) {
      await makeTestModel({ path: modelPath, kind: 'random', seed: 42, embd: Number(values.embd), layers: Number(values.layers), heads: 8, headsKv: 4, vocabSize: Number(values.vocab), weightType: 'f16' });
    }
    const results: Record<string, Measure> = {};
    for (const group of [1, G]) {
      // Interleaved so a burst of load from elsewhere hits both sides alike.
      results[`raw G=${group}`] = await measureRaw(modelPath, group);
      results[`pipeline G=${group}`] = await measurePipeline(modelPath, root, group);
      await releaseEngines();
    }
    console.log(`model ${values.model ?? `random embd ${values.embd} layers ${values.layers} vocab ${values.vocab} f16`}, gpu ${gpu}, threads ${threads ?? 'default'}, ${promptCount} prompts × G, ${maxTokens} tokens per sample, greedy, best of ${reps}`);
    for (const [label, m] of Object.entries(results)) {
      console.log(`${label.padEnd(16)} ${String(m.tokens).padStart(6)} tokens ${m.seconds.toFixed(2).padStart(7)} s ${tps(m).toFixed(1).padStart(9)} tok/s`);
    }
    const r = (a: string, b: string) => tps(results[a]!) / tps(results[b]!);
    const ratios = {
      pipelineVsRawG1: r('pipeline G=1', 'raw G=1'),
      pipelineVsRawGN: r(`pipeline G=${G}`, `raw G=${G}`),
      groupSpeedupPipeline: r(`pipeline G=${G}`, 'pipeline G=1'),
      groupSpeedupRaw: r(`raw G=${G}`, 'raw G=1'),
    };
    console.log(`ratio pipeline/raw     G=1 ${ratios.pipelineVsRawG1.toFixed(2)}×   G=${G} ${ratios.pipelineVsRawGN.toFixed(2)}×   (target ≥ 0.9×)`);
    console.log(`ratio G=${G}/G=1         pipeline ${ratios.groupSpeedupPipeline.toFixed(2)}×   raw ${ratios.groupSpeedupRaw.toFixed(2)}×   (target ≥ 3× on CPU)`);
    if (values.json) fs.writeFileSync(values.json, JSON.stringify({ settings: { gpu, threads, group: G, prompts: promptCount, maxTokens, reps, model: values.model ?? null }, results: Object.fromEntries(Object.entries(results).map(([k, m]) => [k, { ...m, tokensPerSecond: tps(m) }])), ratios }, null, 2));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
