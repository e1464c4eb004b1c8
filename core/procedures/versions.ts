/** Procedures of the versions domain; core/contract.ts spreads them into the one contract. */
import { z } from 'zod';
import { EXPORT_FORMATS } from '../formats/export.ts';
import { emptyInput, procedure } from '../procedure.ts';

export const Include = z.enum(['accepted', 'clean', 'all']);
export const ExportFormat = z.enum(EXPORT_FORMATS);
export const VersionName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a version name is 1–64 letters, digits, ".", "_" or "-"');

const counts = z.record(z.string(), z.number().int());

export const VersionStatsDto = z.object({
  samples: z.number().int(),
  prompts: z.number().int(),
  byTask: counts,
  byLanguage: counts,
  byVerdict: counts,
  /** Samples carrying each flag code. */
  byFlag: counts,
  tokens: z.object({
    /** How token counts were estimated (no tokenizer is bundled): "chars/4". */
    estimate: z.string(),
    total: z.number().int(),
    min: z.number().int(),
    mean: z.number().int(),
    p50: z.number().int(),
    p90: z.number().int(),
    p99: z.number().int(),
    max: z.number().int(),
    histogram: z.array(z.object({ from: z.number().int(), to: z.number().int().nullable(), count: z.number().int() })),
  }),
  /** Present when the commit ran the dedup/decontamination check: what it found (nothing is dropped). */
  checks: z.object({ exactDuplicates: z.number().int(), nearDuplicates: z.number().int(), contaminated: z.number().int() }).optional(),
});

export const VersionDto = z.object({
  id: z.number().int(),
  name: z.string(),
  parent: z.string().nullable(),
  message: z.string(),
  /** null: the local desktop user. */
  author: z.string().nullable(),
  include: Include,
  items: z.number().int(),
  contentSha256: z.string(),
  createdAt: z.string(),
  stats: VersionStatsDto,
});

export const DiffLineDto = z.object({ op: z.enum([' ', '-', '+']), text: z.string() });
export const DiffHunkDto = z.object({ fromStart: z.number().int(), fromLines: z.number().int(), toStart: z.number().int(), toLines: z.number().int(), lines: z.array(DiffLineDto) });

export const VersionDiffDto = z.object({
  from: z.string(),
  to: z.string(),
  added: z.array(z.number().int()),
  removed: z.array(z.number().int()),
  changed: z.array(z.object({ sampleId: z.number().int(), fromRevisionId: z.number().int().nullable(), toRevisionId: z.number().int().nullable() })),
  /** Line diffs of the first `textDiffLimit` changed samples. */
  textDiffs: z.array(z.object({ sampleId: z.number().int(), hunks: z.array(DiffHunkDto) })),
});

export const CheckReportDto = z.object({
  include: Include,
  samples: z.number().int(),
  exact: z.object({
    /** Samples in a group beyond the first of it: what exact dedup would remove. */
    duplicateSamples: z.number().int(),
    groups: z.array(z.object({ hash: z.string(), sampleIds: z.array(z.number().int()) })),
  }),
  near: z.object({
    method: z.string(),
    threshold: z.number(),
    pairCount: z.number().int(),
    /** Samples in a near-duplicate cluster beyond the first of it. */
    duplicateSamples: z.number().int(),
    pairs: z.array(z.object({ a: z.number().int(), b: z.number().int(), similarity: z.number() })),
  }),
  contamination: z.object({
    ngram: z.number().int(),
    evalPrompts: z.number().int(),
    sampleCount: z.number().int(),
    hits: z.array(z.object({ sampleId: z.number().int(), promptId: z.number().int(), evalIndex: z.number().int(), ngram: z.string() })),
  }),
  /** Lists above stop at this many entries; the counts are always complete. */
  listLimit: z.number().int(),
});

export const ExportOptionsDto = z
  .object({
    format: ExportFormat,
    /** e.g. {val: 0.05}: each named share of prompts goes to its own file, the rest to "train". */
    split: z.record(z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/), z.number().gt(0).lt(1)).optional(),
    seed: z.string().max(200).default('0'),
    system: z.string().max(100_000).optional(),
    specialTokens: z.object({ start: z.string().min(1).max(100), end: z.string().min(1).max(100) }).optional(),
  })
  .strict();

export const ExportManifestDto = z.object({
  manifestVersion: z.literal(1),
  app: z.object({ name: z.string(), version: z.string() }),
  version: z.object({ name: z.string(), contentSha256: z.string(), createdAt: z.string(), message: z.string() }),
  format: ExportFormat,
  filters: z.object({ include: Include, skip: z.array(z.string()) }),
  options: z.object({ seed: z.string(), split: z.record(z.string(), z.number()).nullable(), system: z.string().nullable(), specialTokens: z.object({ start: z.string(), end: z.string() }).nullable() }),
  counts: z.object({ items: z.number().int(), exported: z.number().int(), prompts: z.number().int(), skipped: counts, bySplit: counts }),
  files: z.array(z.object({ name: z.string(), split: z.string(), records: z.number().int(), bytes: z.number().int(), sha256: z.string() })),
});

export const versionsProcedures = {
  'versions.list': procedure({
    input: emptyInput,
    output: z.object({ versions: z.array(VersionDto) }),
    access: 'annotator',
    summary: 'Dataset versions, newest first, with their stats.',
  }),
  'versions.show': procedure({
    input: z.object({ name: z.string().min(1) }).strict(),
    output: VersionDto,
    access: 'annotator',
    summary: 'One dataset version: parent, author, message, stats and content sha256.',
  }),
  'versions.commit': procedure({
    input: z
      .object({
        message: z.string().trim().min(1).max(2000),
        name: VersionName.optional(),
        include: Include.default('accepted'),
        /** Run the dedup/decontamination check first and record its counts in the version's stats. */
        check: z.boolean().default(false),
        evalPrompts: z.array(z.string()).max(200_000).optional(),
      })
      .strict(),
    output: z.object({ version: VersionDto, report: CheckReportDto.nullable() }),
    access: 'lead',
    summary: 'Snapshots the current text of the selected samples into an immutable dataset version.',
  }),
  'versions.diff': procedure({
    input: z.object({ from: z.string().min(1), to: z.string().min(1), textDiffLimit: z.number().int().min(0).max(500).default(20) }).strict(),
    output: VersionDiffDto,
    access: 'annotator',
    summary: 'Samples added, removed and changed between two versions, with line diffs of changed texts.',
  }),
  'versions.check': procedure({
    input: z
      .object({
        include: Include.default('accepted'),
        evalPrompts: z.array(z.string()).max(200_000).optional(),
        nearThreshold: z.number().min(0.5).max(1).default(0.8),
      })
      .strict(),
    output: CheckReportDto,
    access: 'annotator',
    summary: 'Exact and near-duplicate report over the selection, and 8-gram overlap with evaluation prompts; drops nothing.',
  }),
  'versions.export': procedure({
    input: ExportOptionsDto.extend({ name: z.string().min(1) }).strict(),
    output: z.object({ manifest: ExportManifestDto, paths: z.array(z.string()), manifestPath: z.string() }),
    access: 'lead',
    summary: 'Exports a version as JSONL into the workspace exports folder, with a manifest; byte-identical for the same options.',
  }),
} as const;

export const versionsEvents = {
  'versions.committed': z.object({ name: z.string(), items: z.number().int() }),
  'export.progress': z.object({ version: z.string(), format: ExportFormat, rows: z.number().int(), total: z.number().int(), bytes: z.number(), done: z.boolean() }),
} as const;

export type VersionStats = z.output<typeof VersionStatsDto>;
export type VersionView = z.output<typeof VersionDto>;
export type VersionDiff = z.output<typeof VersionDiffDto>;
export type CheckReport = z.output<typeof CheckReportDto>;
export type ExportManifest = z.output<typeof ExportManifestDto>;
export type ExportOptions = z.input<typeof ExportOptionsDto>;
export type DiffHunk = z.output<typeof DiffHunkDto>;
