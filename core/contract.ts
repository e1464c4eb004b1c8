/**
 * The one contract between the renderer (or any client) and the backend. Every procedure
 * and event is declared here with zod schemas; the Electron IPC and HTTP transports both
 * route through the same router, and the backend's handler map is typed from these keys,
 * so a procedure without a handler does not compile.
 */
import { z } from 'zod';
import { emptyInput, procedure } from './procedure.ts';
import { assistEvents, assistProcedures } from './procedures/assist.ts';
import { flagsEvents, flagsProcedures } from './procedures/flags.ts';
import { generationEvents, generationProcedures } from './procedures/generation.ts';
import { reviewEvents, reviewProcedures } from './procedures/review.ts';
import { teamEvents, teamProcedures } from './procedures/team.ts';
import { versionsEvents, versionsProcedures } from './procedures/versions.ts';

export * from './dtos.ts';
import { FlagDto, ImportFormat, ImportKind, ImportResultDto, PromptDto, RevisionDto, RunDto, SampleDetailDto, SampleFilter, SampleRowDto, SampleSortField, SampleStatus, StatsDto } from './dtos.ts';

const empty = emptyInput;

export const contract = {
  'health.get': procedure({
    input: empty,
    output: z.object({ ok: z.boolean(), version: z.string(), schemaVersion: z.number().int() }),
    access: 'public',
    summary: 'Liveness, app version and workspace schema version.',
  }),
  'workspace.info': procedure({
    input: empty,
    output: z.object({ path: z.string(), name: z.string(), schemaVersion: z.number().int(), appVersion: z.string(), mode: z.enum(['local', 'team']) }),
    access: 'annotator',
    summary: 'Where the workspace lives and how it is served.',
  }),
  'workspace.stats': procedure({
    input: empty,
    output: StatsDto,
    access: 'annotator',
    summary: 'Counts of prompts, samples, runs and revisions, by status, verdict and flag code.',
  }),
  'prompts.list': procedure({
    input: z.object({ afterId: z.number().int().optional(), limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    output: z.object({ rows: z.array(PromptDto), nextAfterId: z.number().int().nullable() }),
    access: 'annotator',
    summary: 'Prompts in id order, keyset-paginated by id.',
  }),
  'samples.list': procedure({
    input: z
      .object({
        filter: SampleFilter.default({}),
        sort: z.object({ field: SampleSortField, dir: z.enum(['asc', 'desc']) }).default({ field: 'id', dir: 'asc' }),
        cursor: z.string().nullable().default(null),
        limit: z.number().int().min(1).max(500).default(100),
        withTotal: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ rows: z.array(SampleRowDto), nextCursor: z.string().nullable(), total: z.number().int().nullable() }),
    access: 'annotator',
    summary: 'One page of samples, filtered and sorted on the server; pass `nextCursor` back for the next page.',
  }),
  'samples.get': procedure({
    input: z.object({ id: z.number().int() }).strict(),
    output: SampleDetailDto,
    access: 'annotator',
    summary: 'A sample with its prompt, raw output, current revision and flags.',
  }),
  'samples.history': procedure({
    input: z.object({ id: z.number().int() }).strict(),
    output: z.object({ revisions: z.array(RevisionDto) }),
    access: 'annotator',
    summary: 'Every revision of a sample, newest first.',
  }),
  'samples.saveRevision': procedure({
    input: z
      .object({
        sampleId: z.number().int(),
        /** The revision the edit started from; null when editing the raw output. A stale base is a conflict (409). */
        baseRevisionId: z.number().int().nullable(),
        completion: z.string().max(5_000_000),
        note: z.string().max(2000).optional(),
      })
      .strict(),
    output: z.object({ revision: RevisionDto, flags: z.array(FlagDto) }),
    access: 'annotator',
    summary: 'Appends a revision; fails with `conflict` if someone saved since `baseRevisionId`.',
  }),
  'runs.list': procedure({
    input: empty,
    output: z.object({ runs: z.array(RunDto) }),
    access: 'annotator',
    summary: 'Generation runs and trace imports, newest first.',
  }),
  'imports.run': procedure({
    input: z
      .object({
        kind: ImportKind,
        /** An id returned by the upload endpoint; a client never names a server path. */
        uploadId: z.string().regex(/^[a-f0-9]{32}$/),
        fileName: z.string().min(1).max(255),
        format: ImportFormat.optional(),
        map: z.record(z.string(), z.string()).optional(),
        skipInvalid: z.boolean().default(false),
      })
      .strict(),
    output: ImportResultDto,
    access: 'annotator',
    summary: 'Imports an uploaded JSONL, CSV or Parquet file of prompts or traces (all rows or none, unless skipInvalid).',
  }),
  ...flagsProcedures,
  ...generationProcedures,
  ...reviewProcedures,
  ...versionsProcedures,
  ...teamProcedures,
  ...assistProcedures,
} as const;

export type Contract = typeof contract;
export type ProcedureName = keyof Contract;
export type ProcedureInput<P extends ProcedureName> = z.input<Contract[P]['input']>;
export type ParsedInput<P extends ProcedureName> = z.output<Contract[P]['input']>;
export type ProcedureOutput<P extends ProcedureName> = z.output<Contract[P]['output']>;

export const events = {
  'import.progress': z.object({ importId: z.string(), fileName: z.string(), rows: z.number().int(), bytes: z.number(), totalBytes: z.number(), done: z.boolean() }),
  'samples.changed': z.object({ sampleIds: z.array(z.number().int()).optional(), reason: z.string() }),
  'flagging.progress': z.object({ done: z.number().int(), total: z.number().int() }),
  ...flagsEvents,
  ...generationEvents,
  ...reviewEvents,
  ...versionsEvents,
  ...teamEvents,
  ...assistEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
/** A discriminated union: narrowing on `event` types `data`. */
export type EventMessage = { [E in EventName]: { event: E; data: EventPayload<E> } }[EventName];

export function isProcedureName(name: string): name is ProcedureName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export type SampleRow = z.output<typeof SampleRowDto>;
export type SampleDetail = z.output<typeof SampleDetailDto>;
export type Prompt = z.output<typeof PromptDto>;
export type Revision = z.output<typeof RevisionDto>;
export type Run = z.output<typeof RunDto>;
export type ImportResult = z.output<typeof ImportResultDto>;
export type Stats = z.output<typeof StatsDto>;
export type FlagView = z.output<typeof FlagDto>;
