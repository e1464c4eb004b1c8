/**
 * Builds the engine a run asks for. A loaded GGUF model is kept and reused by later runs
 * with the same settings: loading takes seconds to minutes and one model fills the GPU.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EngineConfigValue } from '../../core/procedures/generation.ts';
import { AppError } from '../../core/errors.ts';
import type { Engine } from './engine.ts';

let cached: { key: string; engine: Promise<Engine> } | null = null;

/** Where a run's model lives: a bare file name is looked up in the workspace's models folder. */
export function resolveModelPath(modelsDir: string, model: string, allowAbsolute: boolean): string {
  if (path.isAbsolute(model)) {
    if (!allowAbsolute) throw new AppError('invalid_input', 'Name a model file from the models folder; paths are accepted only from the desktop app and the CLI.');
    return model;
  }
  if (model !== path.basename(model) || model.startsWith('.')) throw new AppError('invalid_input', `"${model}" is not a file name in the models folder.`);
  const file = path.join(modelsDir, model);
  if (!fs.existsSync(file)) throw new AppError('not_found', `No model "${model}" in ${modelsDir}.`);
  return file;
}

export async function createEngine(config: EngineConfigValue, modelsDir: string, options: { allowAbsolutePaths: boolean; group: number; signal?: AbortSignal; onLoadProgress?: (fraction: number) => void }): Promise<Engine> {
  if (config.engine === 'openai') {
    const { OpenAiEngine } = await import('./openai-engine.ts');
    return new OpenAiEngine({ baseUrl: config.baseUrl, model: config.model, ...(config.apiKeyEnv ? { apiKeyEnv: config.apiKeyEnv } : {}), concurrency: config.concurrency });
  }
  const modelPath = resolveModelPath(modelsDir, config.model, options.allowAbsolutePaths);
  // The KV cache grows with the number of sequences: size the context for this run's group.
  const key = JSON.stringify({ modelPath, gpu: config.gpu, contextSize: config.contextSize, threads: config.threads, group: options.group });
  if (cached?.key === key) {
    // A model process that crashed (or was killed) is loaded again rather than reused.
    const engine = await cached.engine.catch(() => null);
    if (engine && engine.alive !== false) return engine;
  }
  if (cached) {
    const old = cached.engine;
    cached = null;
    await (await old.catch(() => null))?.close();
  }
  // The model lives in a process of its own (llama-host.ts says why).
  const { LlamaProcessEngine } = await import('./llama-process.ts');
  const engine: Promise<Engine> = LlamaProcessEngine.load({
    modelPath,
    gpu: config.gpu === 'off' ? false : 'auto',
    maxSequences: options.group,
    ...(config.contextSize ? { contextSize: config.contextSize } : {}),
    ...(config.threads ? { threads: config.threads } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onLoadProgress ? { onProgress: options.onLoadProgress } : {}),
  });
  cached = { key, engine };
  engine.catch(() => {
    if (cached?.engine === engine) cached = null;
  });
  return engine;
}

/** Engines stay loaded between runs; a closing backend releases them. */
export async function releaseEngines(): Promise<void> {
  const current = cached;
  cached = null;
  await (await current?.engine.catch(() => null))?.close();
}
