/**
 * Where a decode step's time goes in LlamaEngine, per group size: the batch decode (native,
 * on the GPU when there is one), token sampling (native, one call per sequence per step, run
 * one at a time, see serial-sampling.ts), and the rest (JavaScript: node-llama-cpp's
 * generation loop, detokenising, our bookkeeping; and thread hand-offs).
 *
 *   tsx scripts/bench/generation-profile.ts --model FILE [--gpu auto|off] [--group 1,8,32,64]
 *       [--tokens 128] [--prompt-tokens 128] [--temperature 0.6] [--top-p 0.95] [--top-k 40]
 *
 * --pool-serial (only with UV_THREADPOOL_SIZE=1) drops the JS sampling queue: one pool thread
 * then runs decode and every sampleToken in order, which is also race-free, and this measures
 * what the queue's main-thread round trip between two sampleToken calls costs.
 */
import { parseArgs } from 'node:util';
import { LlamaEngine } from '../../backend/llm/llama-engine.ts';
import { chooseCpuThreads } from '../../backend/llm/threads.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string' }, gpu: { type: 'string', default: 'auto' }, group: { type: 'string', default: '1,8,32,64' },
    tokens: { type: 'string', default: '128' }, 'prompt-tokens': { type: 'string', default: '128' },
    temperature: { type: 'string', default: '0.6' }, 'top-p': { type: 'string', default: '0.95' }, 'top-k': { type: 'string', default: '40' },
    'pool-serial': { type: 'boolean', default: false }, threads: { type: 'string' },
  },
});
if (!values.model) throw new Error('--model FILE is required (e.g. one written by greedy-equality.ts --save-model)');
if (values['pool-serial'] && process.env.UV_THREADPOOL_SIZE !== '1') throw new Error('--pool-serial is only race-free with UV_THREADPOOL_SIZE=1');
const groups = values.group.split(',').map(Number);
const maxG = Math.max(...groups);
const gpu = values.gpu === 'off' ? false : ('auto' as const);
const maxTokens = Number(values.tokens);
const prompt = 'Solve the problem step by step. ' + 'Consider the numbers and their sum. '.repeat(Math.ceil(Number(values['prompt-tokens']) / 8));
const engine = await LlamaEngine.load({
  modelPath: values.model, gpu, maxSequences: maxG, contextSize: 2 * maxTokens + 4 * Number(values['prompt-tokens']) + 64,
  threads: values.threads ? Number(values.threads) : gpu === false ? chooseCpuThreads() : undefined,
});

// Timing wrappers on the native context: own properties shadow the addon's prototype methods.
type Native = Record<string, (...a: unknown[]) => Promise<unknown>>;
const native = (engine as unknown as { context: { _ctx: Native } }).context._ctx;
const proto = Object.getPrototypeOf(native) as Native;
const time = { decode: 0, decodes: 0, sample: 0, samples: 0 };
const decodeBatch = proto.decodeBatch!;
Object.defineProperty(native, 'decodeBatch', {
  configurable: true, writable: true,
  value: async (...a: unknown[]) => { const t = performance.now(); try { return await decodeBatch.apply(native, a); } finally { time.decode += performance.now() - t; time.decodes++; } },
});
const sampleToken = proto.sampleToken!;
let tail: Promise<unknown> = Promise.resolve();
const timedSample = async (...a: unknown[]) => { const t = performance.now(); try { return await sampleToken.apply(native, a); } finally { time.sample += performance.now() - t; time.samples++; } };
Object.defineProperty(native, 'sampleToken', {
  configurable: true, writable: true,
  value: values['pool-serial']
    ? timedSample // overlapping calls: the time is then the span of each call, waits included
    : (...a: unknown[]) => { const run = tail.then(() => timedSample(...a)); tail = run.catch(() => undefined); return run; },
});

const params = { temperature: Number(values.temperature), topP: Number(values['top-p']), topK: Number(values['top-k']), minP: 0, maxTokens };
const info = engine.info();
console.log(`${info.backend}${info.device ? ` (${info.device})` : ''}, gpu layers ${info.gpuLayers ?? 0}; T=${params.temperature} top-p ${params.topP} top-k ${params.topK}; ${maxTokens} tokens; sampling ${values['pool-serial'] ? 'pool-serial (UV_THREADPOOL_SIZE=1, no JS queue)' : 'JS queue'}`);
for (const G of groups) {
  const run = async () => (await engine.generateGroup({ prompt: { kind: 'text', text: prompt }, params, samples: Array.from({ length: G }, (_, i) => ({ index: i, seed: i + 1 })) })).reduce((a, s) => a + s.completionTokens, 0);
  await run(); // warm-up: graph allocation, first-touch of buffers
  Object.assign(time, { decode: 0, decodes: 0, sample: 0, samples: 0 });
  const t0 = performance.now();
  const tokens = await run();
  const wall = performance.now() - t0;
  const rest = wall - time.decode - (values['pool-serial'] ? 0 : time.sample);
  const steps = Math.max(1, time.decodes);
  console.log(`G=${String(G).padEnd(3)} ${(tokens / wall * 1000).toFixed(0).padStart(6)} tok/s | per step: ${(wall / steps).toFixed(2)} ms = decode ${(time.decode / steps).toFixed(2)} + sampling ${values['pool-serial'] ? '(overlaps)' : (time.sample / steps).toFixed(2)} + rest ${(rest / steps).toFixed(2)} | per sampleToken ${(time.sample / Math.max(1, time.samples) * 1000).toFixed(0)} us | ${time.decodes} decodes, ${time.samples} samples`);
}
await engine.close();
