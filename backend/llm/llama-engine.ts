/**
 * Local GGUF generation through node-llama-cpp: one model and one context behind a lock; a
 * group of samples decodes as parallel sequences of that context (one batch per step).
 */
import { freemem } from 'node:os';
import { basename } from 'node:path';
import {
  LlamaLogLevel, getLlama, resolveChatWrapper,
  type ChatWrapper, type Llama, type LlamaContext, type LlamaContextSequence, type LlamaModel,
} from 'node-llama-cpp';
import type { Engine, EngineInfo, GeneratedSample, GroupRequest } from './engine.ts';
import { assertFitsInMemory, estimateMemory, validateGguf } from './gguf-validate.ts';
import type { GgufHeader } from './gguf.ts';
import { generateOne, promptTokens } from './llama-sample.ts';
import { serialiseSampling } from './serial-sampling.ts';
import { chooseCpuThreads } from './threads.ts';

export interface LlamaEngineOptions {
  modelPath: string;
  /** Tokens per sequence (prompt + completion). Defaults to min(4096, the model's trained context). */
  contextSize?: number;
  /** Sequences decoded together; larger groups run in waves. Defaults to 8. */
  maxSequences?: number;
  gpu?: 'auto' | false;
  threads?: number;
  /** Tokens per decode call; node-llama-cpp's default is max(512, sequences). */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /**
   * How token sampling is kept one-at-a-time (see serial-sampling.ts). `queue`: a JS queue,
   * safe anywhere. `pool`: none, because the process's libuv pool has a single thread, which
   * runs decodes and samples in order with no main-thread round trip between two samples
   * (1.25x at G=64 on an H200). Only for a process started with UV_THREADPOOL_SIZE=1 in its
   * environment (llama-host.ts); libuv reads it once, when the pool starts.
   */
  sampling?: 'queue' | 'pool';
}

export const MAX_GROUP = 64;

// One native binding per GPU choice per process: loading it twice wastes memory and time.
const llamas = new Map<string, Promise<Llama>>();
function llamaFor(gpu: 'auto' | false): Promise<Llama> {
  const key = String(gpu);
  let p = llamas.get(key);
  if (!p) {
    p = getLlama({ gpu, logLevel: LlamaLogLevel.error });
    llamas.set(key, p);
    p.catch(() => llamas.delete(key));
  }
  return p;
}

function availableRam(): number {
  const limit = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
  const free = freemem();
  return limit && limit > 0 ? Math.min(limit, free) : free;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('Model load cancelled', 'AbortError');
}

export class LlamaEngine implements Engine {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  // Sequences are kept and cleared between samples: a disposed sequence's id returns to the
  // context asynchronously, so dispose-then-getSequence fails with "No sequences left".
  private readonly sequences: LlamaContextSequence[] = [];

  private constructor(
    readonly header: GgufHeader,
    private readonly llama: Llama,
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly wrapper: ChatWrapper,
    private readonly information: EngineInfo,
  ) {}

  static async load(opts: LlamaEngineOptions): Promise<LlamaEngine> {
    const { signal } = opts;
    // llama.cpp aborts the process on some malformed files: validate before it sees the file.
    const header = await validateGguf(opts.modelPath);
    if (signal?.aborted) throw abortError(signal);
    const maxSequences = Math.max(1, Math.min(MAX_GROUP, opts.maxSequences ?? 8));
    const contextSize = opts.contextSize ?? Math.min(4096, header.contextLength ?? 4096);
    const llama = await llamaFor(opts.gpu ?? 'auto');
    if (signal?.aborted) throw abortError(signal);
    if (llama.gpu === false) {
      assertFitsInMemory(header, estimateMemory(header, contextSize * maxSequences), availableRam());
    }
    const model = await llama.loadModel({
      modelPath: opts.modelPath,
      loadSignal: signal,
      onLoadProgress: opts.onProgress,
    });
    try {
      if (signal?.aborted) throw abortError(signal);
      const context = await model.createContext({
        contextSize,
        sequences: maxSequences,
        batchSize: opts.batchSize,
        threads: opts.threads ?? (llama.gpu === false ? chooseCpuThreads() : undefined),
        createSignal: signal,
      });
      if (opts.sampling === 'pool') {
        if (process.env.UV_THREADPOOL_SIZE !== '1') throw new Error('pool sampling needs a process started with UV_THREADPOOL_SIZE=1');
      } else serialiseSampling(context);
      const wrapper = resolveChatWrapper(model);
      const vram = llama.gpu === false ? undefined : await llama.getVramState();
      const devices = llama.gpu === false ? [] : await llama.getGpuDeviceNames();
      const info: EngineInfo = {
        engine: 'llama',
        backend: llama.gpu === false ? 'cpu' : llama.gpu,
        model: basename(opts.modelPath),
        device: devices.length ? devices.join(', ') : undefined,
        vramBytes: vram?.total,
        gpuLayers: model.gpuLayers,
        contextSize: context.contextSize,
      };
      return new LlamaEngine(header, llama, model, context, wrapper, info);
    } catch (e) {
      await model.dispose();
      throw e;
    }
  }

  info(): EngineInfo {
    return { ...this.information };
  }

  /** The chat wrapper node-llama-cpp picked from the model's template (e.g. "DeepSeekChatWrapper"). */
  get chatWrapperName(): string {
    return this.wrapper.wrapperName;
  }

  get maxSequences(): number {
    return this.context.totalSequences;
  }

  generateGroup(request: GroupRequest): Promise<GeneratedSample[]> {
    // One group at a time: a group already uses every sequence the context has.
    const run = this.queue.then(() => this.runGroup(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runGroup(req: GroupRequest): Promise<GeneratedSample[]> {
    if (this.closed) throw new Error('engine is closed');
    if (req.samples.length < 1 || req.samples.length > MAX_GROUP) throw new Error(`a group has 1–${MAX_GROUP} samples, got ${req.samples.length}`);
    const tokens = promptTokens(this.model, this.wrapper, req.prompt);
    const perSequence = this.context.contextSize;
    const results: GeneratedSample[] = new Array(req.samples.length);
    const finish = (slot: number, s: GeneratedSample): void => {
      results[slot] = s;
      req.onSample?.(s);
    };
    if (tokens.length >= perSequence) {
      req.samples.forEach((s, slot) => finish(slot, {
        index: s.index, completion: '', finishReason: 'error', promptTokens: tokens.length, completionTokens: 0, durationMs: 0,
        error: `the prompt is ${tokens.length} tokens, longer than the context of ${perSequence}`,
      }));
      return results;
    }
    // Without this clamp node-llama-cpp would shift the context and silently drop the prompt's start.
    const maxTokens = Math.min(req.params.maxTokens, perSequence - tokens.length - 1);
    let next = 0;
    const worker = async (_: unknown, k: number): Promise<void> => {
      const sequence = (this.sequences[k] ??= this.context.getSequence());
      while (next < req.samples.length) {
        const slot = next++;
        const s = req.samples[slot]!;
        if (req.signal?.aborted) {
          finish(slot, { index: s.index, completion: '', finishReason: 'abort', promptTokens: tokens.length, completionTokens: 0, durationMs: 0 });
          continue;
        }
        // A clean sequence per sample: a sample must not depend on what its sequence held before.
        await sequence.clearHistory();
        finish(slot, await generateOne({
          sequence, model: this.model, wrapper: this.wrapper, prompt: req.prompt, promptTokenCount: tokens.length,
          params: req.params, maxTokens, index: s.index, seed: s.seed, signal: req.signal, onText: req.onText,
        }));
      }
    };
    await Promise.all(Array.from({ length: Math.min(req.samples.length, this.context.totalSequences) }, worker));
    return results;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.context.dispose();
    await this.model.dispose();
  }
}
