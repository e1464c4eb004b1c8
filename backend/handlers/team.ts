import type { teamProcedures } from '../../core/procedures/team.ts';
import { AppError } from '../../core/errors.ts';
import { generateToken, hashToken } from '../auth.ts';
import type { HandlerGroup } from '../router.ts';
import { computeAgreement, findDisagreements } from '../team/agreement.ts';
import { assignBatch, createBatch, nextItem } from '../team/assignment.ts';
import { buildDashboard } from '../team/dashboard.ts';
import { audit, teamOf } from '../team/repos.ts';
import { reviewsOf } from './review.ts';

export const teamHandlers: HandlerGroup<keyof typeof teamProcedures> = {
  'annotators.list': (_input, _ctx, { workspace: ws }) => ({ annotators: teamOf(ws).annotators.list() }),

  'annotators.add': ({ name, role }, ctx, { workspace: ws }) => {
    const token = generateToken();
    const annotator = ws.transaction(() => {
      const row = teamOf(ws).annotators.add(name, role, hashToken(token));
      audit(ws, ctx.actor, 'annotator.add', `annotator:${name}`, { role });
      return row;
    });
    return { annotator, token };
  },

  'annotators.revoke': ({ name }, ctx, { workspace: ws }) => {
    if (ctx.actor.name === name && ctx.actor.id !== null) throw new AppError('invalid_input', 'You cannot revoke your own token; ask another lead, or use the CLI on the server.');
    const annotator = ws.transaction(() => {
      const row = teamOf(ws).annotators.revoke(name);
      audit(ws, ctx.actor, 'annotator.revoke', `annotator:${name}`);
      return row;
    });
    return { annotator };
  },

  'team.me': (_input, ctx) => ({ id: ctx.actor.id, name: ctx.actor.name, role: ctx.actor.role }),

  'batches.create': (input, ctx, backend) => {
    const batch = createBatch(backend.workspace, ctx.actor, input);
    backend.events.emit('samples.changed', { reason: 'batch' });
    return { batch };
  },

  'batches.assign': ({ name, annotators }, ctx, backend) => {
    const batch = assignBatch(backend.workspace, ctx.actor, name, annotators);
    backend.events.emit('samples.changed', { reason: 'batch' });
    return { batch };
  },

  'batches.list': (_input, _ctx, { workspace: ws }) => ({ batches: teamOf(ws).assignments.batches() }),

  'queue.next': ({ minutes }, ctx, { workspace: ws }) => nextItem(ws, ctx.actor, minutes),

  'team.agreement': (_input, _ctx, { workspace: ws }) => {
    const team = teamOf(ws);
    const names = new Map(team.annotators.list().map((a) => [a.id, a.name]));
    const { pairs, fleiss } = computeAgreement(team.stats.latestDecisions(), (id) => (id === null ? 'local' : (names.get(id) ?? `#${id}`)));
    return { pairs, fleiss };
  },

  'team.disagreements': ({ includeAdjudicated, limit }, _ctx, { workspace: ws }) => {
    const team = teamOf(ws);
    const names = new Map(team.annotators.list().map((a) => [a.id, a.name]));
    const all = findDisagreements(team.stats.latestDecisions(), team.stats.adjudications(), (id) => (id === null ? 'local' : (names.get(id) ?? `#${id}`)));
    return { disagreements: all.filter((d) => includeAdjudicated || d.adjudicated === null).slice(0, limit) };
  },

  'team.adjudicate': ({ sampleId, revisionId, decision, reasons }, ctx, backend) => {
    const ws = backend.workspace;
    const review = ws.transaction(() => {
      const row = reviewsOf(ws).record({ sampleId, annotatorId: ctx.actor.id, revisionId, decision, reasons, seconds: null, adjudication: true });
      audit(ws, ctx.actor, 'review.adjudicate', `sample:${sampleId}`, { reviewId: row.id, revisionId, decision });
      return row;
    });
    backend.events.emit('samples.changed', { sampleIds: [sampleId], reason: 'adjudication' });
    return { review };
  },

  'team.dashboard': (_input, _ctx, { workspace: ws }) => buildDashboard(ws),

  'audit.list': ({ afterId, limit }, _ctx, { workspace: ws }) => ({
    entries: teamOf(ws).audit.list(afterId, limit).map(({ actorId: _id, ...entry }) => entry),
  }),
};
