import type { reviewProcedures } from '../../core/procedures/review.ts';
import { AppError } from '../../core/errors.ts';
import { ReviewsRepo } from '../../db/repos/reviews.ts';
import type { Workspace } from '../../db/workspace.ts';
import type { HandlerGroup } from '../router.ts';
import { completeOnReview } from '../team/assignment.ts';
import { audit } from '../team/repos.ts';

const BULK_CAP = 10_000;
const repos = new WeakMap<Workspace, ReviewsRepo>();
export const reviewsOf = (ws: Workspace): ReviewsRepo => {
  let repo = repos.get(ws);
  if (!repo) repos.set(ws, (repo = new ReviewsRepo(ws.db)));
  return repo;
};

export const reviewHandlers: HandlerGroup<keyof typeof reviewProcedures> = {
  'samples.review': ({ sampleId, revisionId, decision, reasons, seconds }, ctx, backend) => {
    const ws = backend.workspace;
    const review = ws.transaction(() => {
      const row = reviewsOf(ws).record({ sampleId, annotatorId: ctx.actor.id, revisionId, decision, reasons, seconds: seconds ?? null });
      audit(ws, ctx.actor, 'review', `sample:${sampleId}`, { reviewId: row.id, revisionId, decision });
      completeOnReview(ws, ctx.actor, sampleId);
      return row;
    });
    backend.events.emit('samples.changed', { sampleIds: [sampleId], reason: 'review' });
    return { review };
  },

  'samples.bulkReview': ({ target, decision, reasons }, ctx, backend) => {
    const ws = backend.workspace;
    const ids = 'ids' in target ? target.ids : ws.samples.idsMatching(target.filter, BULK_CAP + 1);
    if (ids.length > BULK_CAP) throw new AppError('invalid_input', `That filter matches more than ${BULK_CAP} samples; narrow it down first.`);
    const repo = reviewsOf(ws);
    // Each sample is reviewed as it stands now: a bulk decision is about the current text.
    const updated = ws.transaction(() => {
      let n = 0;
      for (const id of ids) {
        const body = ws.samples.body(id);
        if (!body) continue;
        const row = repo.record({ sampleId: id, annotatorId: ctx.actor.id, revisionId: body.current_revision_id, decision, reasons, seconds: null });
        audit(ws, ctx.actor, 'review', `sample:${id}`, { reviewId: row.id, revisionId: body.current_revision_id, decision, bulk: true });
        completeOnReview(ws, ctx.actor, id);
        n++;
      }
      return n;
    });
    backend.events.emit('samples.changed', { reason: 'bulk-review' });
    return { updated };
  },

  'samples.group': ({ id }, _ctx, backend) => {
    const rows = backend.workspace.samples.groupOf(id);
    if (rows.length === 0) throw new AppError('not_found', `Sample ${id} does not exist.`);
    return { rows };
  },

  'samples.reviews': ({ id }, _ctx, backend) => ({ reviews: reviewsOf(backend.workspace).forSample(id) }),
};
