/**
 * Tensor sets for tiny llama/qwen2 models. "Scripted" weights make greedy decoding follow a
 * token chain: attention and FFN add only small noise to the residual stream (their output
 * projections are tiny), so the last hidden state is the current token's one-hot embedding and
 * the output head maps each chain token to its successor with a large margin. Every token that
 * is not in the chain maps to the chain's first token, so any prompt starts the script.
 */
import type { TensorSpec } from './gguf-writer.ts';

export interface Shape {
  arch: 'llama' | 'qwen2';
  vocab: number;
  embd: number;
  layers: number;
  heads: number;
  headsKv: number;
  ff: number;
  weightType: 'f32' | 'f16';
}

/** mulberry32: tiny, seedable, good enough for test weights. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Big tensors (benchmark models with real-model shapes) tile one random block: their values only need to be plausible. */
const TILE = 1 << 16;

function normal(rand: () => number, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  if (n > 16 * TILE) {
    const block = normal(rand, TILE + 1024, std);
    for (let i = 0; i < n; i += TILE) {
      const shift = Math.floor(rand() * 1024);
      out.set(block.subarray(shift, shift + Math.min(TILE, n - i)), i);
    }
    return out;
  }
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(rand(), 1e-12);
    const r = Math.sqrt(-2 * Math.log(u)) * std;
    const th = 2 * Math.PI * rand();
    out[i] = r * Math.cos(th);
    if (i + 1 < n) out[i + 1] = r * Math.sin(th);
  }
  return out;
}

const ones = (n: number): Float32Array => new Float32Array(n).fill(1);

/**
 * @param chain For scripted models: the token ids in order; the token after the last is `eos`.
 */
export function buildTensors(s: Shape, seed: number, chain?: { ids: number[]; eos: number }): TensorSpec[] {
  const rand = rng(seed);
  const headDim = s.embd / s.heads;
  const kvDim = headDim * s.headsKv;
  const scripted = chain !== undefined;
  // Scripted models keep the residual stream ≈ the token's one-hot embedding: tiny projections.
  const std = scripted ? 0.01 : 0.02;
  const outStd = scripted ? 0.001 : 0.02;
  const t = (name: string, dims: number[], data: () => Float32Array, type: 'f32' | 'f16' = s.weightType): TensorSpec => ({ name, dims, data, type });
  const rnd = (dims: number[], sd: number) => (): Float32Array => normal(rand, dims.reduce((a, b) => a * b, 1), sd);
  const vec = (n: number) => (): Float32Array => ones(n);

  let embedding: () => Float32Array;
  let output: () => Float32Array;
  if (chain) {
    const other = s.embd - 1;
    const dimOf = new Map(chain.ids.map((id, i) => [id, i]));
    embedding = () => {
      const e = new Float32Array(s.vocab * s.embd);
      for (let tok = 0; tok < s.vocab; tok++) e[tok * s.embd + (dimOf.get(tok) ?? other)] = 1;
      return e;
    };
    output = () => {
      const w = new Float32Array(s.vocab * s.embd);
      chain.ids.forEach((id, i) => {
        const next = chain.ids[i + 1] ?? chain.eos;
        w[next * s.embd + dimOf.get(id)!] = 10;
      });
      w[chain.ids[0]! * s.embd + other] = 10;
      return w;
    };
  } else {
    embedding = rnd([s.embd, s.vocab], 1);
    output = rnd([s.embd, s.vocab], 0.05);
  }

  const tensors: TensorSpec[] = [t('token_embd.weight', [s.embd, s.vocab], embedding, scripted ? 'f32' : s.weightType)];
  for (let l = 0; l < s.layers; l++) {
    const p = `blk.${l}.`;
    tensors.push(
      t(`${p}attn_norm.weight`, [s.embd], vec(s.embd), 'f32'),
      t(`${p}attn_q.weight`, [s.embd, s.embd], rnd([s.embd, s.embd], std)),
      t(`${p}attn_k.weight`, [s.embd, kvDim], rnd([s.embd, kvDim], std)),
      t(`${p}attn_v.weight`, [s.embd, kvDim], rnd([s.embd, kvDim], std)),
      t(`${p}attn_output.weight`, [s.embd, s.embd], rnd([s.embd, s.embd], outStd)),
    );
    if (s.arch === 'qwen2') {
      // Qwen2's loader requires q/k/v biases.
      tensors.push(
        t(`${p}attn_q.bias`, [s.embd], rnd([s.embd], std), 'f32'),
        t(`${p}attn_k.bias`, [kvDim], rnd([kvDim], std), 'f32'),
        t(`${p}attn_v.bias`, [kvDim], rnd([kvDim], std), 'f32'),
      );
    }
    tensors.push(
      t(`${p}ffn_norm.weight`, [s.embd], vec(s.embd), 'f32'),
      t(`${p}ffn_gate.weight`, [s.embd, s.ff], rnd([s.embd, s.ff], std)),
      t(`${p}ffn_up.weight`, [s.embd, s.ff], rnd([s.embd, s.ff], std)),
      t(`${p}ffn_down.weight`, [s.ff, s.embd], rnd([s.ff, s.embd], outStd)),
    );
  }
  tensors.push(
    t('output_norm.weight', [s.embd], vec(s.embd), 'f32'),
    t('output.weight', [s.embd, s.vocab], output, scripted ? 'f32' : s.weightType),
  );
  return tensors;
}
