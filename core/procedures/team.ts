/** Team curation: annotators and tokens, batches and queues, agreement, adjudication, the dashboard, the audit log. */
import { z } from 'zod';
import { procedure } from '../procedure.ts';
import { Role, SampleFilter } from '../dtos.ts';
import { Decision, DecisionInput, ReviewDto } from './review.ts';

export const AnnotatorDto = z.object({ id: z.number().int(), name: z.string(), role: Role, createdAt: z.string(), revokedAt: z.string().nullable() });

const AnnotatorName = z.string().trim().min(1).max(64).regex(/^[\p{L}\p{N}._ -]+$/u, 'letters, digits, space, dot, dash or underscore');

export const BatchDto = z.object({
  id: z.number().int(),
  name: z.string(),
  overlap: z.number(),
  filter: z.record(z.string(), z.unknown()),
  members: z.array(z.string()),
  items: z.number().int(),
  slots: z.number().int(),
  open: z.number().int(),
  reserved: z.number().int(),
  done: z.number().int(),
  createdAt: z.string(),
});

export const QueueItemDto = z.object({ assignmentId: z.number().int(), batch: z.string(), sampleId: z.number().int(), slot: z.number().int(), reservedUntil: z.string() });

export const PairAgreementDto = z.object({ a: z.string(), b: z.string(), items: z.number().int(), observed: z.number(), kappa: z.number().nullable() });

export const AgreementDto = z.object({
  pairs: z.array(PairAgreementDto),
  fleiss: z.object({ items: z.number().int(), ratings: z.number().int(), kappa: z.number().nullable() }),
});

const Counts = z.record(z.string(), z.number().int());

export const MemberStatsDto = z.object({
  annotator: z.string(),
  role: Role.nullable(),
  reviewed: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  needsRewrite: z.number().int(),
  rewritten: z.number().int(),
  acceptanceRate: z.number().nullable(),
  medianSeconds: z.number().nullable(),
  perDay: z.array(z.object({ day: z.string(), reviewed: z.number().int() })),
  queueRemaining: z.number().int(),
  flagsBefore: Counts,
  flagsAfter: Counts,
  /** Mean pairwise Cohen's kappa with the others, weighted by shared items; null if undefined. */
  agreement: z.number().nullable(),
});

export const DashboardDto = z.object({
  members: z.array(MemberStatsDto),
  overall: MemberStatsDto.omit({ annotator: true, role: true, agreement: true }).extend({ fleiss: z.number().nullable(), overlapItems: z.number().int(), disagreements: z.number().int() }),
  agreement: AgreementDto,
  generatedAt: z.string(),
});

export const DisagreementDto = z.object({
  sampleId: z.number().int(),
  decisions: z.array(z.object({ annotator: z.string(), decision: Decision, reviewId: z.number().int() })),
  adjudicated: Decision.nullable(),
});

export const AuditEntryDto = z.object({ id: z.number().int(), at: z.string(), actor: z.string().nullable(), action: z.string(), target: z.string().nullable(), details: z.unknown() });

export const teamProcedures = {
  'annotators.list': procedure({
    input: z.object({}).strict(),
    output: z.object({ annotators: z.array(AnnotatorDto) }),
    access: 'lead',
    summary: 'Every annotator with role and revocation time (tokens are never returned).',
  }),
  'annotators.add': procedure({
    input: z.object({ name: AnnotatorName, role: Role.default('annotator') }).strict(),
    output: z.object({ annotator: AnnotatorDto, token: z.string() }),
    access: 'lead',
    summary: 'Adds an annotator and returns their bearer token, once; only its sha256 is stored.',
  }),
  'annotators.revoke': procedure({
    input: z.object({ name: AnnotatorName }).strict(),
    output: z.object({ annotator: AnnotatorDto }),
    access: 'lead',
    summary: 'Revokes an annotator: their token stops working at once; their work stays attributed.',
  }),
  'team.me': procedure({
    input: z.object({}).strict(),
    output: z.object({ id: z.number().int().nullable(), name: z.string(), role: Role }),
    access: 'annotator',
    summary: 'Who the caller is (the local desktop user is a lead with id null).',
  }),
  'batches.create': procedure({
    input: z
      .object({
        name: z.string().trim().min(1).max(100),
        filter: SampleFilter.default({}),
        /** Share of items that get a second slot for a second annotator (agreement). */
        overlap: z.number().min(0).max(1).default(0.1),
        annotators: z.array(AnnotatorName).min(1).max(500),
        limit: z.number().int().min(1).max(100_000).default(10_000),
      })
      .strict(),
    output: z.object({ batch: BatchDto }),
    access: 'lead',
    summary: 'Creates a batch from the samples matching a filter and assigns it to annotators, with an overlap share for agreement.',
  }),
  'batches.assign': procedure({
    input: z.object({ name: z.string().min(1), annotators: z.array(AnnotatorName).min(1).max(500) }).strict(),
    output: z.object({ batch: BatchDto }),
    access: 'lead',
    summary: 'Adds annotators to a batch; they start drawing from its pool.',
  }),
  'batches.list': procedure({
    input: z.object({}).strict(),
    output: z.object({ batches: z.array(BatchDto) }),
    access: 'annotator',
    summary: 'Batches with members and open / reserved / done counts.',
  }),
  'queue.next': procedure({
    input: z.object({ minutes: z.number().int().min(1).max(24 * 60).default(30) }).strict(),
    output: z.object({ item: QueueItemDto.nullable(), remaining: z.number().int() }),
    access: 'annotator',
    summary: "The caller's current item: the one already reserved (a reload gets the same), else the next free one, reserved for `minutes`.",
  }),
  'team.agreement': procedure({
    input: z.object({}).strict(),
    output: AgreementDto,
    access: 'annotator',
    summary: "Cohen's kappa per annotator pair and Fleiss' kappa overall on accept vs not-accept, over items two or more annotators decided.",
  }),
  'team.disagreements': procedure({
    input: z.object({ includeAdjudicated: z.boolean().default(false), limit: z.number().int().min(1).max(5000).default(500) }).strict(),
    output: z.object({ disagreements: z.array(DisagreementDto) }),
    access: 'lead',
    summary: 'Items where annotators decided differently, for a lead to adjudicate.',
  }),
  'team.adjudicate': procedure({
    input: DecisionInput.strict(),
    output: z.object({ review: ReviewDto }),
    access: 'lead',
    summary: "Records the lead's final decision as an adjudication, kept apart from the annotators' own decisions.",
  }),
  'team.dashboard': procedure({
    input: z.object({}).strict(),
    output: DashboardDto,
    access: 'annotator',
    summary: 'Per annotator and overall: reviewed, accepted, rejected, rewritten, throughput per day, median seconds, queue, flags before / after, acceptance, agreement.',
  }),
  'audit.list': procedure({
    input: z.object({ afterId: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(5000).default(1000) }).strict(),
    output: z.object({ entries: z.array(AuditEntryDto) }),
    access: 'lead',
    summary: 'The audit log in id order, from `afterId` on.',
  }),
} as const;

export const teamEvents = {} as const;
