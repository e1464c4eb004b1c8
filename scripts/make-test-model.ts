/**
 * Writes tiny GGUF models for tests and benchmarks (no model hub is reachable from our machines):
 * random weights, or scripted weights whose greedy continuation of any chat prompt is a known text.
 *
 *   tsx scripts/make-test-model.ts --out /tmp/m.gguf --kind scripted [--script TEXT] [--arch qwen2]
 *   tsx scripts/make-test-model.ts --out /tmp/r.gguf --kind random --embd 256 --layers 4
 *   tsx scripts/make-test-model.ts --out /tmp/bad.gguf --broken truncated|missing-key|not-gguf
 */
import { parseArgs } from 'node:util';
import { R1_DISTILL_CHAT_TEMPLATE } from './test-model/chat-template.ts';
import { writeGguf, type MetaValue } from './test-model/gguf-writer.ts';
import { SPECIAL, buildVocab, type Vocab } from './test-model/tokenizer.ts';
import { buildTensors, type Shape } from './test-model/weights.ts';
import { makeBrokenModel, type BrokenKind } from './test-model/broken.ts';

export { makeBrokenModel, type BrokenKind };

export const DEFAULT_SCRIPT =
  '<think>\nOkay, the user asks for 2 + 2. Adding two and two gives four, so the sum is 4.\n</think>\n\nThe answer is \\boxed{4}.';

export interface TestModelOptions {
  path: string;
  kind: 'random' | 'scripted';
  /** The text greedy decoding produces (scripted models); specials like `</think>` may appear once each. */
  script?: string;
  seed?: number;
  arch?: 'llama' | 'qwen2';
  embd?: number;
  layers?: number;
  heads?: number;
  headsKv?: number;
  ff?: number;
  contextLength?: number;
  weightType?: 'f32' | 'f16';
  /** Pads the vocabulary with filler tokens up to this size (real models have 32k–152k tokens; sampling cost grows with it). */
  vocabSize?: number;
  /** Leave keys out (to make files llama.cpp would crash on). */
  omitKeys?: string[];
}

export interface TestModel {
  path: string;
  expectedText?: string;
  /** Scripted models: the token ids greedy decoding emits, in order (before end-of-sequence). */
  chainTokenIds?: number[];
  /** Scripted models: the text of each chain token. */
  chainPieces?: string[];
}

const SPECIAL_RE = new RegExp(`(${Object.values(SPECIAL).map((s) => s.replace(/[|\\{}()[\]^$+*?.]/g, '\\$&')).join('|')})`);

/**
 * Splits the script into vocab tokens that each occur once, so "next token" can be a function
 * of the current token alone. Repeated BPE pieces are glued to their neighbours until unique.
 */
function scriptChain(vocab: Vocab, script: string): { ids: number[]; pieces: string[] } {
  const specials = new Set<string>(Object.values(SPECIAL));
  const used = new Set<string>();
  const segs: Array<{ text: string; special: boolean }> = [];
  for (const part of script.split(SPECIAL_RE)) {
    if (part === '') continue;
    if (specials.has(part)) {
      if (used.has(part)) throw new Error(`the script uses ${part} twice; a token chain needs each special token once`);
      used.add(part);
      segs.push({ text: part, special: true });
      continue;
    }
    const pieces = vocab.encodePieces(part);
    for (let i = 0; i < pieces.length; i++) {
      let cur = pieces[i]!;
      while (used.has(cur) && i + 1 < pieces.length) cur += pieces[++i]!;
      if (used.has(cur)) {
        const prev = segs.at(-1);
        if (!prev || prev.special || used.has(prev.text + cur)) throw new Error(`cannot make a unique token chain for the script near ${JSON.stringify(part)}`);
        used.delete(prev.text);
        prev.text += cur;
        used.add(prev.text);
        continue;
      }
      used.add(cur);
      segs.push({ text: cur, special: false });
    }
  }
  const ids = segs.map((s) => vocab.add(s.text));
  return { ids, pieces: segs.map((s) => s.text) };
}

export async function makeTestModel(opts: TestModelOptions): Promise<TestModel> {
  const seed = opts.seed ?? 1;
  const arch = opts.arch ?? 'llama';
  const script = opts.kind === 'scripted' ? (opts.script ?? DEFAULT_SCRIPT) : undefined;
  const vocab = buildVocab(script ?? '');
  const chain = script !== undefined ? scriptChain(vocab, script) : undefined;
  for (let i = 0; vocab.tokens.length < (opts.vocabSize ?? 0); i++) vocab.add(`Ġfiller${i}`);
  // Scripted: one residual dimension per chain token, plus one for "any other token".
  const minEmbd = chain ? Math.ceil((chain.ids.length + 1) / 32) * 32 : 64;
  const embd = Math.max(opts.embd ?? 64, minEmbd);
  const heads = opts.heads ?? 4;
  const shape: Shape = {
    arch, vocab: vocab.tokens.length, embd, layers: opts.layers ?? 2, heads,
    headsKv: opts.headsKv ?? Math.max(1, heads / 2), ff: opts.ff ?? embd * 2, weightType: opts.weightType ?? 'f32',
  };
  if (embd % heads !== 0 || heads % shape.headsKv !== 0) throw new Error('embd must divide by heads, and heads by headsKv');
  const a = (k: string): string => `${arch}.${k}`;
  const meta: Array<[string, MetaValue]> = [
    ['general.architecture', { type: 'string', value: arch }],
    ['general.name', { type: 'string', value: `coldstart-test-${opts.kind}` }],
    ['general.file_type', { type: 'u32', value: shape.weightType === 'f32' ? 0 : 1 }],
    ['general.alignment', { type: 'u32', value: 32 }],
    [a('context_length'), { type: 'u32', value: opts.contextLength ?? 4096 }],
    [a('embedding_length'), { type: 'u32', value: embd }],
    [a('block_count'), { type: 'u32', value: shape.layers }],
    [a('feed_forward_length'), { type: 'u32', value: shape.ff }],
    [a('attention.head_count'), { type: 'u32', value: heads }],
    [a('attention.head_count_kv'), { type: 'u32', value: shape.headsKv }],
    [a('attention.layer_norm_rms_epsilon'), { type: 'f32', value: 1e-6 }],
    [a('rope.freq_base'), { type: 'f32', value: 10000 }],
    ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
    ['tokenizer.ggml.pre', { type: 'string', value: 'qwen2' }],
    ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: vocab.tokens }],
    ['tokenizer.ggml.token_type', { type: 'array', itemType: 'i32', value: vocab.types }],
    ['tokenizer.ggml.merges', { type: 'array', itemType: 'string', value: vocab.merges }],
    ['tokenizer.ggml.bos_token_id', { type: 'u32', value: vocab.bos }],
    ['tokenizer.ggml.eos_token_id', { type: 'u32', value: vocab.eos }],
    ['tokenizer.ggml.padding_token_id', { type: 'u32', value: vocab.eos }],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
    ['tokenizer.chat_template', { type: 'string', value: R1_DISTILL_CHAT_TEMPLATE }],
  ];
  const omit = new Set(opts.omitKeys ?? []);
  const tensors = buildTensors(shape, seed, chain ? { ids: chain.ids, eos: vocab.eos } : undefined);
  await writeGguf(opts.path, meta.filter(([k]) => !omit.has(k)), tensors);
  return { path: opts.path, expectedText: script, chainTokenIds: chain?.ids, chainPieces: chain?.pieces };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' }, kind: { type: 'string', default: 'scripted' }, script: { type: 'string' },
      seed: { type: 'string' }, arch: { type: 'string' }, embd: { type: 'string' }, layers: { type: 'string' },
      heads: { type: 'string' }, 'heads-kv': { type: 'string' }, ff: { type: 'string' }, f16: { type: 'boolean' },
      broken: { type: 'string' },
    },
  });
  if (!values.out) throw new Error('--out FILE is required');
  const n = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  if (values.broken) {
    await makeBrokenModel(values.out, values.broken as BrokenKind);
    console.log(`wrote ${values.out} (broken: ${values.broken})`);
    return;
  }
  const model = await makeTestModel({
    path: values.out, kind: values.kind as 'random' | 'scripted', script: values.script, seed: n(values.seed),
    arch: values.arch as 'llama' | 'qwen2' | undefined, embd: n(values.embd), layers: n(values.layers),
    heads: n(values.heads), headsKv: n(values['heads-kv']), ff: n(values.ff), weightType: values.f16 ? 'f16' : 'f32',
  });
  console.log(`wrote ${model.path}${model.expectedText ? `; greedy continuation: ${JSON.stringify(model.expectedText)}` : ''}`);
}

// Compared by file name, not import.meta.url: bundled into another script, this must stay quiet.
if (/make-test-model\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  main().catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}
