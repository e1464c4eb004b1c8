// Tests for backend/llm/gguf*.ts. They live here because they need the test-model maker, and
// backend/ may not import scripts/ (lint-enforced layering).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GgufError, readGgufHeader } from '../../backend/llm/gguf.ts';
import { assertFitsInMemory, estimateMemory, validateGguf } from '../../backend/llm/gguf-validate.ts';
import { makeBrokenModel, makeTestModel } from '../make-test-model.ts';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'coldstart-gguf-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function expectGgufError(p: Promise<unknown>, code: string, ...inMessage: string[]): Promise<GgufError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(GgufError);
  const g = err as GgufError;
  expect(g.code).toBe(code);
  for (const s of inMessage) expect(g.message).toContain(s);
  return g;
}

describe('readGgufHeader', () => {
  it('reads the facts a user sees about a model', async () => {
    const path = join(dir, 'q.gguf');
    await makeTestModel({ path, kind: 'random', arch: 'qwen2', embd: 64, layers: 3, contextLength: 2048, weightType: 'f16' });
    const h = await readGgufHeader(path);
    expect(h.version).toBe(3);
    expect(h.architecture).toBe('qwen2');
    expect(h.contextLength).toBe(2048);
    expect(h.quantisation).toBe('F16');
    expect(h.chatTemplate).toContain('<｜Assistant｜><think>');
    expect(h.fileSize).toBe((await stat(path)).size);
    // 3 blocks × (q,k,v,o,gate,up,down + 2 norms + 3 biases) + embd, output, output_norm
    expect(h.tensorCount).toBe(3 * 12 + 3);
    const vocab = (h.metadata['tokenizer.ggml.tokens'] as unknown[]).length;
    const embdParams = 64 * vocab;
    expect(h.parameterCount).toBeGreaterThan(2 * embdParams);
    expect(h.dataOffset % 32).toBe(0);
    expect(h.dataOffset + h.dataSize!).toBeLessThanOrEqual(h.fileSize);
  });

  it('summarises huge arrays instead of materialising them', async () => {
    const path = join(dir, 'big-vocab.gguf');
    await makeTestModel({ path, kind: 'random', vocabSize: 5000 });
    const h = await readGgufHeader(path);
    const tokens = h.metadata['tokenizer.ggml.tokens'];
    expect(tokens).toMatchObject({ kind: 'array-summary', itemType: 'string', length: 5000 });
    // Token 0 is byte 0, which GPT-2's byte-level mapping spells U+0100.
    expect((tokens as { head: string[] }).head.slice(0, 2)).toEqual(['Ā', 'ā']);
    expect(h.metadata['tokenizer.ggml.token_type']).toMatchObject({ kind: 'array-summary', length: 5000 });
    // Reading continued correctly past the skipped arrays.
    expect(h.chatTemplate).toContain('<｜User｜>');
    await expect(validateGguf(path)).resolves.toBeTruthy();
  });
});

describe('validateGguf', () => {
  it('accepts the models the maker writes', async () => {
    const path = join(dir, 'ok.gguf');
    await makeTestModel({ path, kind: 'scripted' });
    await expect(validateGguf(path)).resolves.toMatchObject({ architecture: 'llama' });
  });

  it('refuses a file that is not GGUF', async () => {
    const path = join(dir, 'page.gguf');
    await makeBrokenModel(path, 'not-gguf');
    await expectGgufError(validateGguf(path), 'gguf_not_gguf', path);
  });

  it('refuses a missing file', async () => {
    await expectGgufError(validateGguf(join(dir, 'nope.gguf')), 'gguf_not_found');
  });

  it('refuses a download cut off inside the tensor data', async () => {
    const path = join(dir, 'cut.gguf');
    await makeBrokenModel(path, 'truncated');
    await expectGgufError(validateGguf(path), 'gguf_truncated', path, 'truncated');
  });

  it('refuses a file cut off inside the metadata', async () => {
    const path = join(dir, 'cut-head.gguf');
    await makeBrokenModel(path, 'truncated-header');
    await expectGgufError(validateGguf(path), 'gguf_truncated', path);
  });

  for (const key of [
    'general.architecture', 'llama.context_length', 'llama.embedding_length', 'llama.block_count',
    'llama.feed_forward_length', 'llama.attention.head_count', 'llama.attention.head_count_kv',
    'llama.attention.layer_norm_rms_epsilon', 'tokenizer.ggml.model', 'tokenizer.ggml.tokens',
    'tokenizer.ggml.token_type', 'tokenizer.ggml.merges',
  ]) {
    it(`names the missing key ${key}`, async () => {
      const path = join(dir, `no-${key}.gguf`);
      await makeBrokenModel(path, `missing-key:${key}`);
      const err = await expectGgufError(validateGguf(path), 'gguf_missing_key', path, key);
      expect(err.key).toBe(key);
    });
  }
});

describe('memory estimate', () => {
  it('refuses a model larger than the memory available, with the sizes in the message', async () => {
    const path = join(dir, 'mem.gguf');
    await makeTestModel({ path, kind: 'random', embd: 128, layers: 2 });
    const h = await validateGguf(path);
    const est = estimateMemory(h, 4096);
    expect(est.weightsBytes).toBe(h.dataSize);
    // 2 layers × 4096 cells × 2 kv heads × (32 + 32) dims × 2 bytes
    expect(est.kvCacheBytes).toBe(2 * 4096 * 2 * 64 * 2);
    expect(() => assertFitsInMemory(h, est, est.totalBytes)).not.toThrow();
    const err = (() => { try { assertFitsInMemory(h, est, est.totalBytes - 1); } catch (e) { return e; } })() as GgufError;
    expect(err.code).toBe('model_too_large');
    expect(err.message).toMatch(/needs about .* GiB .* only .* GiB of RAM/);
  });
});
