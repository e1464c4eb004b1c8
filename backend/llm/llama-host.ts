/**
 * The process that holds a local GGUF model, started by llama-process.ts with
 * UV_THREADPOOL_SIZE=1. Two reasons for a process of its own:
 *  - With one libuv pool thread, node-llama-cpp's decodes and per-sequence sampleToken calls
 *    run one after another on that thread, queued back to back, so sampling needs no JS queue
 *    and no main-thread round trip between two samples (the 3.21.1 race cannot happen when
 *    nothing runs concurrently). Measured on an H200 (Vulkan, 1.5B-shaped model, G=64):
 *    967 vs 773 tokens/s. The app's own process keeps its pool for file I/O.
 *  - llama.cpp aborts its process on some internal errors; here that ends a generation run,
 *    not the app.
 */
import { AppError } from '../../core/errors.ts';
import type { GeneratedSample } from './engine.ts';
import type { FromHost, HostError, ToHost } from './llama-host-protocol.ts';
import { LlamaEngine } from './llama-engine.ts';

function send(message: FromHost): void {
  process.send?.(message);
}

function describeError(error: unknown): HostError {
  if (error instanceof AppError) return { name: 'AppError', message: error.message, code: error.code, ...(error.details ? { details: error.details as Record<string, unknown> } : {}) };
  if (error instanceof Error) {
    const extra = error as Error & { code?: unknown; path?: unknown; key?: unknown };
    return {
      name: error.name, message: error.message,
      ...(typeof extra.code === 'string' ? { code: extra.code } : {}),
      ...(typeof extra.path === 'string' ? { details: { path: extra.path, ...(typeof extra.key === 'string' ? { key: extra.key } : {}) } } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}

let engine: LlamaEngine | null = null;
const running = new Map<number, AbortController>();

async function handle(message: ToHost): Promise<void> {
  switch (message.type) {
    case 'load': {
      try {
        const sampling = process.env.UV_THREADPOOL_SIZE === '1' ? 'pool' : 'queue';
        engine = await LlamaEngine.load({
          ...message.options,
          sampling,
          onProgress: (fraction) => send({ type: 'load-progress', fraction }),
        });
        send({ type: 'loaded', info: engine.info(), maxSequences: engine.maxSequences, chatWrapperName: engine.chatWrapperName, sampling });
      } catch (error) {
        send({ type: 'load-failed', error: describeError(error) });
      }
      return;
    }
    case 'generate': {
      const controller = new AbortController();
      running.set(message.id, controller);
      try {
        if (!engine) throw new Error('no model is loaded');
        const samples: GeneratedSample[] = await engine.generateGroup({
          prompt: message.prompt, samples: message.samples, params: message.params, signal: controller.signal,
          onSample: (sample) => send({ type: 'sample', id: message.id, sample }),
          ...(message.streamText ? { onText: (index: number, chunk: string) => send({ type: 'text', id: message.id, index, chunk }) } : {}),
        });
        send({ type: 'group', id: message.id, samples });
      } catch (error) {
        send({ type: 'group-failed', id: message.id, error: describeError(error) });
      } finally {
        running.delete(message.id);
      }
      return;
    }
    case 'abort':
      running.get(message.id)?.abort();
      return;
    case 'close':
      for (const controller of running.values()) controller.abort();
      await engine?.close();
      send({ type: 'closed' });
      process.disconnect?.();
      return;
  }
}

process.on('message', (message) => void handle(message as ToHost));
// The app went away (closed, crashed, killed): a model host without it only holds the GPU.
process.on('disconnect', () => process.exit(0));
