/** Shapes shared by the contract's procedures (the domain files import these, not contract.ts, to avoid a cycle). */
import { z } from 'zod';

export const Task = z.enum(['math', 'code', 'logic', 'general']);
export const Verdict = z.enum(['correct', 'incorrect', 'unverifiable']);
export const SampleStatus = z.enum(['new', 'accepted', 'rejected', 'needs_rewrite']);
export const Severity = z.enum(['error', 'warning', 'info']);
export const Role = z.enum(['lead', 'annotator']);

export const FlagDto = z.object({
  code: z.string(),
  severity: Severity,
  start: z.number().int(),
  end: z.number().int(),
  message: z.string(),
});

export const PromptDto = z.object({
  id: z.number().int(),
  externalId: z.string().nullable(),
  text: z.string(),
  referenceAnswer: z.string().nullable(),
  task: Task,
  language: z.string().nullable(),
  source: z.string().nullable(),
  createdAt: z.string(),
});

export const SampleRowDto = z.object({
  id: z.number().int(),
  promptId: z.number().int(),
  promptPreview: z.string(),
  runId: z.number().int(),
  runName: z.string(),
  groupIndex: z.number().int(),
  verdict: Verdict,
  status: SampleStatus,
  flagCodes: z.array(z.string()),
  flagErrors: z.number().int(),
  language: z.string().nullable(),
  langConsistency: z.number().nullable(),
  length: z.number().int(),
  finishReason: z.string().nullable(),
  assignee: z.string().nullable(),
  updatedAt: z.string(),
});

export const RevisionDto = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  author: z.string().nullable(),
  completion: z.string(),
  reasoning: z.string(),
  summary: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
});

export const SampleDetailDto = z.object({
  sample: SampleRowDto,
  prompt: PromptDto,
  original: z.object({ completion: z.string(), reasoning: z.string(), summary: z.string() }),
  current: RevisionDto.nullable(),
  flags: z.array(FlagDto),
  promptTokens: z.number().int().nullable(),
  completionTokens: z.number().int().nullable(),
  extractedAnswer: z.string().nullable(),
});

export const SampleSortField = z.enum(['updated', 'id', 'length', 'consistency']);

export const SampleFilter = z
  .object({
    status: SampleStatus.optional(),
    verdict: Verdict.optional(),
    flag: z.string().min(1).optional(),
    runId: z.number().int().optional(),
    language: z.string().min(1).optional(),
    promptId: z.number().int().optional(),
    /** true: no error-severity flag on the current text; false: at least one. */
    clean: z.boolean().optional(),
    assignee: z.string().min(1).optional(),
    /** Substring of the prompt or the current text (full-text index; see db/repos/search.ts for what it covers while it catches up). */
    search: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export const RunDto = z.object({
  id: z.number().int(),
  name: z.string(),
  engine: z.enum(['llama', 'openai', 'import']),
  status: z.enum(['queued', 'running', 'interrupted', 'done', 'failed', 'cancelled']),
  groupSize: z.number().int(),
  total: z.number().int(),
  completed: z.number().int(),
  source: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const ImportKind = z.enum(['prompts', 'traces']);
export const ImportFormat = z.enum(['jsonl', 'csv', 'parquet']);

export const ImportResultDto = z.object({
  kind: ImportKind,
  fileName: z.string(),
  format: ImportFormat,
  rowsRead: z.number().int(),
  inserted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  promptsCreated: z.number().int(),
  runId: z.number().int().nullable(),
  /** Only with skipInvalid: the first rejected rows with their reasons (the full list is in the report file). */
  rejections: z.array(z.object({ line: z.number().int(), field: z.string().nullable(), reason: z.string() })),
  reportPath: z.string().nullable(),
});

export const StatsDto = z.object({
  prompts: z.number().int(),
  samples: z.number().int(),
  /** Generation runs (what the Generate screen lists); imports are not counted. */
  runs: z.number().int(),
  revisions: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
  byVerdict: z.record(z.string(), z.number().int()),
  byFlag: z.record(z.string(), z.number().int()),
  unflagged: z.number().int(),
});
