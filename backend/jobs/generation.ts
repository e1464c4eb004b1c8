/**
 * Generation runs as background jobs. Each finished sample is written at once, in its own
 * short transaction with its verdict and flags, so a crash (even kill -9) loses only the
 * samples in flight, and `resume` generates exactly the (prompt, index) pairs still missing:
 * the UNIQUE (run, prompt, index) key makes a duplicate impossible.
 */
import path from 'node:path';
import { AppError, toAppError } from '../../core/errors.ts';
import { defaultTopK, type EngineConfigValue, type RunStart } from '../../core/procedures/generation.ts';
import { buildPrompt, type TemplateChoice } from '../../core/templates.ts';
import { verifySample } from '../../core/verify/index.ts';
import { GenerationRepo } from '../../db/repos/generation.ts';
import type { Backend } from '../backend.ts';
import type { Actor } from '../router.ts';
import type { Engine, GeneratedSample, SamplingParams } from '../llm/engine.ts';
import { createEngine, resolveModelPath } from '../llm/factory.ts';
import { sampleSeed } from './seeds.ts';
import { audit } from '../team/repos.ts';

interface StoredConfig {
  engine: EngineConfigValue;
  template: TemplateChoice;
  instruction?: string | null;
  /** topK is always stored resolved, so the run records what was applied. */
  sampling: RunStart['sampling'];
}

const PROGRESS_INTERVAL_MS = 100;
const LIVE_TAIL = 240;

export class GenerationService {
  private readonly active = new Map<number, { controller: AbortController; done: Promise<void> }>();
  readonly repo: GenerationRepo;

  constructor(
    private readonly backend: Backend,
    private readonly options: { allowAbsolutePaths: boolean },
  ) {
    this.repo = new GenerationRepo(backend.workspace.db);
    // A run left "running" by a process that died is interrupted, ready to resume.
    this.repo.markInterrupted();
  }

  get modelsDir(): string {
    return path.join(this.backend.workspace.dir, 'models');
  }

  async start(input: RunStart, actor: Actor): Promise<{ runId: number; total: number }> {
    const ws = this.backend.workspace;
    let promptIds: number[];
    if (input.prompts === 'all') promptIds = this.repo.allPromptIds();
    else if (input.prompts === 'unsampled') promptIds = this.repo.unsampledPromptIds();
    else {
      promptIds = [...new Set(input.prompts)];
      const unknown = promptIds.filter((id) => !ws.prompts.get(id));
      if (unknown.length) throw new AppError('invalid_input', `No prompt with id ${unknown.slice(0, 5).join(', ')}.`, { field: 'prompts' });
    }
    if (promptIds.length === 0) {
      throw new AppError('invalid_input', input.prompts === 'unsampled' ? 'Every prompt already has samples: choose "all" or import more prompts.' : 'The workspace has no prompts: import some first.', { field: 'prompts' });
    }
    if (typeof input.template === 'object') buildPrompt({ template: input.template, prompt: 'check' });
    const modelFacts = await this.checkEngine(input.engine);
    const sampling = { ...input.sampling, topK: input.sampling.topK ?? defaultTopK(input.engine.engine) };
    const config: StoredConfig = { engine: input.engine, template: input.template, sampling, ...(input.instruction !== undefined ? { instruction: input.instruction } : {}) };
    const total = promptIds.length * input.group;
    const runId = ws.transaction(() => {
      const id = ws.runs.create({
        name: input.name ?? `${input.engine.model.split('/').pop()} ×${input.group}`,
        engine: input.engine.engine,
        status: 'queued',
        groupSize: input.group,
        model: modelFacts,
        template: JSON.stringify(input.template),
        params: config,
        total,
        createdBy: actor.id,
      });
      this.repo.addPrompts(id, promptIds);
      audit(ws, actor, 'run.start', `run:${id}`, { engine: input.engine.engine, model: input.engine.model, prompts: promptIds.length, group: input.group });
      return id;
    });
    this.launch(runId);
    return { runId, total };
  }

  resume(runId: number): { runId: number; missing: number } {
    const run = this.repo.config(runId);
    if (!run || run.engine === 'import') throw new AppError('not_found', `No generation run ${runId}.`);
    if (this.active.has(runId)) throw new AppError('conflict', `Run ${runId} is already running.`);
    if (run.status === 'done') return { runId, missing: 0 };
    const missing = run.total - this.repo.countDone(runId);
    this.launch(runId);
    return { runId, missing };
  }

  cancel(runId: number): boolean {
    const job = this.active.get(runId);
    if (!job) return false;
    job.controller.abort(new AppError('cancelled', `Run ${runId} cancelled.`));
    return true;
  }

  /** Resolves when the run's current job ends (immediately when none is active). */
  async wait(runId: number): Promise<void> {
    await this.active.get(runId)?.done;
  }

  async stopAll(): Promise<void> {
    for (const id of this.active.keys()) this.cancel(id);
    await Promise.all([...this.active.values()].map((j) => j.done));
  }

  private async checkEngine(engine: EngineConfigValue): Promise<unknown> {
    if (engine.engine === 'openai') return { engine: 'openai', endpoint: new URL(engine.baseUrl).origin, model: engine.model };
    const file = resolveModelPath(this.modelsDir, engine.model, this.options.allowAbsolutePaths);
    const { validateGguf } = await import('../llm/gguf-validate.ts');
    const header = await validateGguf(file);
    return { engine: 'llama', path: file, bytes: header.fileSize, architecture: header.architecture ?? null, quantisation: header.quantisation ?? null, parameters: header.parameterCount ?? null, contextLength: header.contextLength ?? null };
  }

  private launch(runId: number): void {
    const controller = new AbortController();
    const done = this.execute(runId, controller.signal).finally(() => this.active.delete(runId));
    this.active.set(runId, { controller, done });
  }

  private async execute(runId: number, signal: AbortSignal): Promise<void> {
    const ws = this.backend.workspace;
    const events = this.backend.events;
    const run = this.repo.config(runId)!;
    const config = JSON.parse(run.params) as StoredConfig;
    const group = run.group_size;
    let done = this.repo.countDone(runId);
    let failures = 0;
    let firstFailure: string | null = null;
    let tokens = 0;
    const started = Date.now();
    const live = new Map<string, { promptId: number; index: number; tail: string }>();
    let lastEmit = 0;

    const emit = (status: string, error: string | null = null, force = false) => {
      const now = Date.now();
      if (!force && now - lastEmit < PROGRESS_INTERVAL_MS) return;
      lastEmit = now;
      const seconds = (now - started) / 1000;
      const rate = seconds > 0 ? tokens / seconds : 0;
      const samplesPerSecond = seconds > 0 ? (done - doneAtStart) / seconds : 0;
      events.emit('run.progress', {
        runId,
        status,
        done,
        total: run.total,
        tokensPerSecond: Math.round(rate * 10) / 10,
        etaSeconds: samplesPerSecond > 0 ? Math.round((run.total - done) / samplesPerSecond) : null,
        live: [...live.values()],
        error,
      });
    };
    const doneAtStart = done;

    this.repo.setStatus(runId, 'running');
    emit('running', null, true);
    let engine: Engine;
    try {
      engine = await createEngine(config.engine, this.modelsDir, { allowAbsolutePaths: this.options.allowAbsolutePaths, group, signal });
      const facts = JSON.parse(run.model ?? '{}') as Record<string, unknown>;
      this.repo.setModelInfo(runId, { ...facts, engineInfo: engine.info() });
    } catch (error) {
      const e = toAppError(error);
      this.repo.setStatus(runId, signal.aborted ? 'cancelled' : 'failed', e.message);
      emit(signal.aborted ? 'cancelled' : 'failed', e.message, true);
      return;
    }

    const params: SamplingParams = { temperature: config.sampling.temperature, topP: config.sampling.topP, topK: config.sampling.topK ?? defaultTopK(config.engine.engine), minP: config.sampling.minP, maxTokens: config.sampling.maxTokens };
    const store = (promptId: number, promptText: string, referenceAnswer: string | null, task: 'math' | 'code' | 'logic' | 'general', language: string | null, sample: GeneratedSample) => {
      live.delete(`${promptId}:${sample.index}`);
      if (sample.finishReason === 'abort' || sample.finishReason === 'error') {
        if (sample.finishReason === 'error') {
          failures++;
          firstFailure ??= sample.error ?? 'generation failed';
        }
        return;
      }
      tokens += sample.completionTokens;
      const verdict = verifySample({ completion: sample.completion, referenceAnswer, task, prefilledThink: config.template === 'chat' });
      ws.transaction(() => {
        const id = ws.samples.insert({
          runId,
          promptId,
          groupIndex: sample.index,
          completion: sample.completion,
          finishReason: sample.finishReason,
          promptTokens: sample.promptTokens,
          completionTokens: sample.completionTokens,
          durationMs: Math.round(sample.durationMs),
          verdict: verdict.verdict,
          extractedAnswer: verdict.extracted,
          language,
          // Generated samples are identified by their slot, not their text: two greedy
          // samples may be identical and both belong in the run.
          contentHash: `run:${runId}:${promptId}:${sample.index}`,
        });
        if (id !== null) {
          this.backend.flagger.flagText(id, null, sample.completion);
          done++;
          this.repo.setCompleted(runId, done);
        }
      });
      events.emit('samples.changed', { reason: 'generation' });
      emit('running');
    };

    const promptIds = this.repo.promptIds(runId);
    const parallelGroups = config.engine.engine === 'openai' ? Math.max(1, Math.floor(config.engine.concurrency / group)) : 1;
    let next = 0;
    const worker = async () => {
      while (!signal.aborted) {
        const promptId = promptIds[next++];
        if (promptId === undefined) return;
        const have = this.repo.doneIndices(runId, promptId);
        const missing = Array.from({ length: group }, (_, i) => i).filter((i) => !have.has(i));
        if (missing.length === 0) continue;
        const prompt = ws.prompts.get(promptId)!;
        const enginePrompt = buildPrompt({ template: config.template, prompt: prompt.text, task: prompt.task, ...(config.instruction !== undefined ? { instruction: config.instruction } : {}) });
        try {
          await engine.generateGroup({
            prompt: enginePrompt,
            samples: missing.map((index) => ({ index, seed: sampleSeed(config.sampling.seed, prompt.text, index) })),
            params,
            signal,
            onText: (index, chunk) => {
              const key = `${promptId}:${index}`;
              const entry = live.get(key) ?? { promptId, index, tail: '' };
              entry.tail = (entry.tail + chunk).slice(-LIVE_TAIL);
              live.set(key, entry);
              emit('running');
            },
            onSample: (s) => store(prompt.id, prompt.text, prompt.referenceAnswer, prompt.task, prompt.language, s),
          });
        } catch (error) {
          if (signal.aborted) return;
          failures += missing.length;
          firstFailure ??= failureMessage(error);
          // An engine-wide failure (endpoint down, model gone) would fail every prompt alike.
          if (isFatal(error)) throw error;
        }
      }
    };

    try {
      await Promise.all(Array.from({ length: parallelGroups }, worker));
      const status = signal.aborted ? 'cancelled' : failures > 0 ? 'failed' : 'done';
      const error = failures > 0 ? `${failures} sample(s) failed; resume the run to retry them. First error: ${firstFailure}` : null;
      this.repo.setStatus(runId, status, error);
      emit(status, error, true);
    } catch (error) {
      const message = failureMessage(error);
      try {
        this.repo.setStatus(runId, 'failed', message);
      } catch {
        // A full disk can refuse even this; the run then reads as interrupted on the next start.
      }
      emit('failed', message, true);
    }
  }
}

function failureMessage(error: unknown): string {
  if ((error as { code?: string }).code === 'SQLITE_FULL') return 'The disk is full: the samples finished so far are kept; free some space and resume the run.';
  return toAppError(error).message;
}

function isFatal(error: unknown): boolean {
  const { kind, code } = error as { kind?: string; code?: string };
  // A full disk fails every later sample too: stop, keep what is stored, resume when there is room.
  return kind === 'unreachable' || kind === 'auth' || kind === 'crashed' || code === 'SQLITE_FULL';
}
