/** Generation runs: R1-Zero sample groups from a local GGUF or an OpenAI-compatible endpoint. */
import { z } from 'zod';
import { emptyInput, procedure } from '../procedure.ts';

export const EngineConfig = z.discriminatedUnion('engine', [
  z
    .object({
      engine: z.literal('llama'),
      /** A GGUF file name inside the workspace's models folder, or (CLI/desktop only) an absolute path. */
      model: z.string().min(1),
      gpu: z.enum(['auto', 'off']).default('auto'),
      contextSize: z.number().int().min(64).max(131072).optional(),
      threads: z.number().int().min(1).max(256).optional(),
    })
    .strict(),
  z
    .object({
      engine: z.literal('openai'),
      baseUrl: z.string().url(),
      model: z.string().min(1),
      /** Name of the environment variable that holds the API key; never the key itself. */
      apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
      concurrency: z.number().int().min(1).max(256).default(8),
    })
    .strict(),
]);

export const SamplingInput = z
  .object({
    /** 0 is greedy. Defaults from the R1 paper: 0.6 / 0.95. */
    temperature: z.number().min(0).max(2).default(0.6),
    topP: z.number().gt(0).max(1).default(0.95),
    /**
     * 0 is off. Omitted: the engine's default, stored with the run (see defaultTopK): local GGUF
     * models get 40, since node-llama-cpp has no cheap "off" (its top-k 0 sorts the whole
     * vocabulary on every token, ~30x slower sampling at 152k tokens); endpoints get off.
     */
    topK: z.number().int().min(0).max(1000).optional(),
    minP: z.number().min(0).max(1).default(0),
    maxTokens: z.number().int().min(1).max(131072).default(4096),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  })
  .strict();

/** Top-k used when a run does not set one: llama.cpp's own default locally, off on endpoints. */
export function defaultTopK(engine: 'llama' | 'openai'): number {
  return engine === 'llama' ? 40 : 0;
}

export const RunStartInput = z
  .object({
    name: z.string().max(200).optional(),
    engine: EngineConfig,
    /** `all`, `unsampled` (prompts without any sample), or explicit prompt ids. */
    prompts: z.union([z.enum(['all', 'unsampled']), z.array(z.number().int()).min(1)]).default('unsampled'),
    group: z.number().int().min(1).max(64).default(8),
    sampling: SamplingInput.default({ temperature: 0.6, topP: 0.95, minP: 0, maxTokens: 4096, seed: 0 }),
    /** `r1-zero`, `chat` (the model's own template), or a custom template containing {prompt}. */
    template: z.union([z.enum(['r1-zero', 'chat']), z.object({ custom: z.string().min(1) }).strict()]).default('chat'),
    /** Per-task instruction appended to the prompt; omitted: the task's default; null: none. */
    instruction: z.string().max(2000).nullable().optional(),
  })
  .strict();

export const ModelFileDto = z.object({
  file: z.string(),
  bytes: z.number(),
  name: z.string().nullable(),
  architecture: z.string().nullable(),
  parameters: z.number().nullable(),
  quantisation: z.string().nullable(),
  contextLength: z.number().nullable(),
  /** `r1`: the chat template prefills or emits <think> the DeepSeek-R1 way; `other`: some other template; `none`: no template in the file. */
  chatTemplate: z.enum(['r1', 'other', 'none']),
  error: z.string().nullable(),
});

export const RunOverviewDto = z.object({
  id: z.number().int(),
  name: z.string(),
  engine: z.string(),
  status: z.string(),
  groupSize: z.number().int(),
  total: z.number().int(),
  completed: z.number().int(),
  passRate: z.number().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
});

/** One run in full: the overview plus its settings, what the engine ran on, and verdict counts. */
export const RunDetailDto = RunOverviewDto.extend({
  config: z.unknown(),
  engineInfo: z.unknown().nullable(),
  verdicts: z.record(z.string(), z.number().int()),
});

export const generationProcedures = {
  'runs.start': procedure({
    input: RunStartInput,
    output: z.object({ runId: z.number().int(), total: z.number().int() }),
    access: 'lead',
    summary: 'Starts a generation run in the background; progress comes as run.progress events.',
  }),
  'runs.resume': procedure({
    input: z.object({ runId: z.number().int() }).strict(),
    output: z.object({ runId: z.number().int(), missing: z.number().int() }),
    access: 'lead',
    summary: 'Resumes an interrupted, failed or cancelled run: generates exactly the missing (prompt, index) pairs.',
  }),
  'runs.cancel': procedure({
    input: z.object({ runId: z.number().int() }).strict(),
    output: z.object({ cancelled: z.boolean() }),
    access: 'lead',
    summary: 'Cancels a running generation; finished samples stay.',
  }),
  'runs.get': procedure({
    input: z.object({ runId: z.number().int() }).strict(),
    output: RunDetailDto,
    access: 'annotator',
    summary: 'A run with its settings, engine facts, progress and pass rate.',
  }),
  'runs.overview': procedure({
    input: emptyInput,
    output: z.object({ runs: z.array(RunOverviewDto) }),
    access: 'annotator',
    summary: 'Generation runs (not imports), newest first, each with its progress and pass rate.',
  }),
  'models.list': procedure({
    input: emptyInput,
    output: z.object({ folder: z.string(), models: z.array(ModelFileDto) }),
    access: 'annotator',
    summary: "GGUF files in the workspace's models folder, with facts read from their headers.",
  }),
  'models.download': procedure({
    input: z.object({ uri: z.string().min(1).max(2000) }).strict(),
    output: z.object({ downloadId: z.string() }),
    access: 'lead',
    summary: 'Downloads a GGUF (URL or hf:user/repo:quant) into the models folder in the background; model.download events report progress; the same URI again resumes a partial download.',
  }),
  'models.cancelDownload': procedure({
    input: z.object({ downloadId: z.string() }).strict(),
    output: z.object({ cancelled: z.boolean() }),
    access: 'lead',
    summary: 'Stops a download, keeping the partial file so the same URI resumes it.',
  }),
  'models.add': procedure({
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: ModelFileDto,
    access: 'lead',
    summary: 'Copies a GGUF file given by absolute path into the models folder after checking its header (desktop app and CLI only).',
  }),
} as const;

export const generationEvents = {
  'run.progress': z.object({
    runId: z.number().int(),
    status: z.string(),
    done: z.number().int(),
    total: z.number().int(),
    tokensPerSecond: z.number(),
    etaSeconds: z.number().nullable(),
    /** The tail of each sequence's text as it streams. */
    live: z.array(z.object({ promptId: z.number().int(), index: z.number().int(), tail: z.string() })),
    error: z.string().nullable(),
  }),
  'model.download': z.object({
    downloadId: z.string(),
    uri: z.string(),
    status: z.enum(['downloading', 'done', 'failed', 'cancelled']),
    downloadedBytes: z.number(),
    totalBytes: z.number(),
    /** The file name in the models folder, once known. */
    file: z.string().nullable(),
    error: z.string().nullable(),
  }),
} as const;

export type ModelFile = z.output<typeof ModelFileDto>;
export type RunStart = z.output<typeof RunStartInput>;
export type EngineConfigValue = z.output<typeof EngineConfig>;
