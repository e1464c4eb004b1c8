/**
 * Checks that keep malformed models away from llama.cpp, which aborts the process (not a
 * catchable error) when e.g. `feed_forward_length` or `head_count` is missing, and a rough
 * memory estimate so "model larger than memory" is refused before loading.
 */
import { GgufError, arrayLength, readGgufHeader, type GgufHeader } from './gguf.ts';

/** Architectures whose llama.cpp loader reads `layer_norm_rms_epsilon` (the others read `layer_norm_epsilon`). */
const RMS_NORM_ARCHS = new Set([
  'llama', 'llama4', 'qwen2', 'qwen2moe', 'qwen3', 'qwen3moe', 'mistral', 'mistral3', 'deepseek', 'deepseek2',
  'gemma', 'gemma2', 'gemma3', 'granite', 'granitemoe', 'olmo2', 'phi3', 'minicpm', 'internlm2', 'exaone',
  'cohere2', 'smollm3', 'glm4', 'hunyuan-moe', 'ernie4_5', 'arcee', 'openai-moe', 'gpt-oss',
]);

function missing(path: string, key: string, why = ''): GgufError {
  return new GgufError('gguf_missing_key', path, `${path}: required GGUF key "${key}" is missing${why}; llama.cpp cannot load this model.`, key);
}

/** Reads the header and throws a GgufError for anything llama.cpp would crash or fail on. */
export async function validateGguf(path: string): Promise<GgufHeader> {
  const h = await readGgufHeader(path);
  const m = h.metadata;
  const arch = h.architecture;
  if (!arch) throw missing(path, 'general.architecture');
  const need = (key: string, type: 'number' | 'string'): void => {
    const v = m[key];
    // head_count and friends may be per-layer arrays in some architectures.
    if (v === undefined || (typeof v !== type && !(type === 'number' && Array.isArray(v)))) throw missing(path, key);
  };
  for (const k of ['context_length', 'embedding_length', 'block_count', 'feed_forward_length', 'attention.head_count', 'attention.head_count_kv']) {
    need(`${arch}.${k}`, 'number');
  }
  if (RMS_NORM_ARCHS.has(arch)) need(`${arch}.attention.layer_norm_rms_epsilon`, 'number');
  else if (m[`${arch}.attention.layer_norm_rms_epsilon`] === undefined && m[`${arch}.attention.layer_norm_epsilon`] === undefined) {
    throw missing(path, `${arch}.attention.layer_norm_epsilon`);
  }
  need('tokenizer.ggml.model', 'string');
  const nTokens = arrayLength(m['tokenizer.ggml.tokens']);
  if (nTokens === undefined) throw missing(path, 'tokenizer.ggml.tokens');
  const nTypes = arrayLength(m['tokenizer.ggml.token_type']);
  if (nTypes === undefined) throw missing(path, 'tokenizer.ggml.token_type');
  if (nTypes !== nTokens) {
    throw new GgufError('gguf_corrupt', path, `${path}: tokenizer.ggml.token_type has ${nTypes} entries but tokenizer.ggml.tokens has ${nTokens}.`);
  }
  if (m['tokenizer.ggml.model'] === 'gpt2' && arrayLength(m['tokenizer.ggml.merges']) === undefined) {
    throw missing(path, 'tokenizer.ggml.merges', ' (a BPE tokenizer needs its merges)');
  }
  if (h.tensorCount === 0) throw new GgufError('gguf_corrupt', path, `${path} has no tensors (a vocabulary-only file cannot generate text).`);
  if (h.dataSize !== undefined && h.dataOffset + h.dataSize > h.fileSize) {
    throw new GgufError(
      'gguf_truncated', path,
      `${path} is truncated: its tensors need ${h.dataOffset + h.dataSize} bytes but the file has ${h.fileSize} (an interrupted download?).`,
    );
  }
  return h;
}

export interface MemoryEstimate {
  weightsBytes: number;
  kvCacheBytes: number;
  /** Scratch buffers llama.cpp allocates for one batch; a rough allowance, not a measurement. */
  computeBytes: number;
  totalBytes: number;
}

const num = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : Array.isArray(v) && typeof v[0] === 'number' ? (v[0] as number) : fallback);

/** Memory for weights + an f16 KV cache of `contextSize` cells shared by all sequences. */
export function estimateMemory(h: GgufHeader, contextSize: number): MemoryEstimate {
  const arch = h.architecture ?? '';
  const m = h.metadata;
  const layers = num(m[`${arch}.block_count`], 0);
  const embd = num(m[`${arch}.embedding_length`], 0);
  const heads = num(m[`${arch}.attention.head_count`], 1);
  const headsKv = num(m[`${arch}.attention.head_count_kv`], heads);
  const headDimK = num(m[`${arch}.attention.key_length`], embd / Math.max(1, heads));
  const headDimV = num(m[`${arch}.attention.value_length`], headDimK);
  const kvCacheBytes = layers * contextSize * headsKv * (headDimK + headDimV) * 2;
  const weightsBytes = h.dataSize ?? h.fileSize - h.dataOffset;
  const vocab = arrayLength(m['tokenizer.ggml.tokens']) ?? 0;
  const computeBytes = 64 * 1024 * 1024 + vocab * 512 * 4;
  return { weightsBytes, kvCacheBytes, computeBytes, totalBytes: weightsBytes + kvCacheBytes + computeBytes };
}

const gib = (b: number): string => `${(b / 1024 ** 3).toFixed(2)} GiB`;

/** Throws `model_too_large` when the estimate does not fit in `availableBytes`. */
export function assertFitsInMemory(h: GgufHeader, estimate: MemoryEstimate, availableBytes: number, where = 'RAM'): void {
  if (estimate.totalBytes <= availableBytes) return;
  throw new GgufError(
    'model_too_large', h.path,
    `${h.path} needs about ${gib(estimate.totalBytes)} (weights ${gib(estimate.weightsBytes)}, KV cache ${gib(estimate.kvCacheBytes)}) ` +
      `but only ${gib(availableBytes)} of ${where} is available. Use a smaller quantisation or a smaller context.`,
  );
}
