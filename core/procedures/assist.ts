/** Model-assisted rewrite: the local model (or an endpoint) proposes a replacement for a span; the annotator accepts or rejects it as a diff. */
import { z } from 'zod';
import { procedure } from '../procedure.ts';
import { EngineConfig } from './generation.ts';

export const AssistAction = z.enum(['target-language', 'summary', 'shorten']);

export const assistProcedures = {
  'assist.rewrite': procedure({
    input: z
      .object({
        sampleId: z.number().int(),
        /** The text being edited (it may hold unsaved changes); the span is UTF-16 offsets into it. */
        text: z.string().max(5_000_000),
        start: z.number().int().min(0),
        end: z.number().int().min(0),
        action: AssistAction,
        engine: EngineConfig,
        /** Chosen by the client so it can cancel with `assist.cancel` (the HTTP request closing cancels too). */
        requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
        maxTokens: z.number().int().min(16).max(8192).default(1024),
      })
      .strict()
      .refine((v) => v.start <= v.end && v.end <= v.text.length, { message: 'start/end must lie inside the text', path: ['end'] }),
    output: z.object({
      start: z.number().int(),
      end: z.number().int(),
      original: z.string(),
      /** Untrusted model text: render as text only. */
      proposal: z.string(),
      finishReason: z.string(),
      durationMs: z.number(),
    }),
    access: 'annotator',
    summary: 'Asks the model for a rewrite of a span (into the target language, as a summary, or shorter); returns a proposal, never saves.',
  }),
  'assist.cancel': procedure({
    input: z.object({ requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
    access: 'annotator',
    summary: 'Cancels a running `assist.rewrite` by its request id.',
  }),
} as const;

export const assistEvents = {} as const;
