/** Reviewing samples: decisions (one at a time or in bulk), the rest of a sample's group, review history. */
import { z } from 'zod';
import { procedure } from '../procedure.ts';
import { SampleFilter, SampleRowDto } from '../dtos.ts';

export const Decision = z.enum(['accepted', 'rejected', 'needs_rewrite']);

export const ReviewDto = z.object({
  id: z.number().int(),
  sampleId: z.number().int(),
  annotator: z.string().nullable(),
  revisionId: z.number().int().nullable(),
  decision: Decision,
  reasons: z.array(z.string()),
  seconds: z.number().nullable(),
  adjudication: z.boolean(),
  createdAt: z.string(),
});

/** A decision about one sample's text, as annotators and (adjudicating) leads make it. */
export const DecisionInput = z.object({
  sampleId: z.number().int(),
  /** The revision the reviewer looked at (null: the raw output); a newer one is a conflict (409). */
  revisionId: z.number().int().nullable(),
  decision: Decision,
  reasons: z.array(z.string().min(1).max(200)).max(20).default([]),
});

export const reviewProcedures = {
  'samples.review': procedure({
    input: DecisionInput.extend({ seconds: z.number().min(0).max(86_400).optional() }).strict(),
    output: z.object({ review: ReviewDto }),
    access: 'annotator',
    summary: 'Records an accept / reject / needs-rewrite decision about the text the reviewer saw.',
  }),
  'samples.bulkReview': procedure({
    input: z
      .object({
        target: z.union([z.object({ ids: z.array(z.number().int()).min(1).max(10_000) }).strict(), z.object({ filter: SampleFilter }).strict()]),
        decision: Decision,
        reasons: z.array(z.string().min(1).max(200)).max(20).default([]),
      })
      .strict(),
    output: z.object({ updated: z.number().int() }),
    access: 'annotator',
    summary: 'Applies one decision to many samples: explicit ids, or every sample matching a filter (e.g. clean and correct).',
  }),
  'samples.group': procedure({
    input: z.object({ id: z.number().int() }).strict(),
    output: z.object({ rows: z.array(SampleRowDto) }),
    access: 'annotator',
    summary: 'Every sample of the same run and prompt (the GRPO group), for picking the best of a group.',
  }),
  'samples.reviews': procedure({
    input: z.object({ id: z.number().int() }).strict(),
    output: z.object({ reviews: z.array(ReviewDto) }),
    access: 'annotator',
    summary: 'Every review decision about a sample, newest first.',
  }),
} as const;

export const reviewEvents = {} as const;
