import { AppError } from '../../core/errors.ts';
import { splitTrace } from '../../core/trace.ts';
import type { HandlerGroup } from '../router.ts';
import { audit } from '../team/repos.ts';

export const sampleHandlers: HandlerGroup<'samples.list' | 'samples.get' | 'samples.history' | 'samples.saveRevision'> = {
  'samples.list': (input, _ctx, { workspace: ws }) => ws.samples.list(input),

  'samples.get': ({ id }, _ctx, { workspace: ws }) => {
    const sample = ws.samples.row(id);
    const body = ws.samples.body(id);
    if (!sample || !body) throw new AppError('not_found', `Sample ${id} does not exist.`);
    const prompt = ws.prompts.get(sample.promptId)!;
    const current = body.current_revision_id == null ? null : (ws.revisions.get(body.current_revision_id) ?? null);
    return {
      sample,
      prompt,
      original: { completion: body.completion, reasoning: body.reasoning, summary: body.summary },
      current,
      flags: ws.samples.flagsOf(id, body.current_revision_id),
      promptTokens: body.prompt_tokens,
      completionTokens: body.completion_tokens,
      extractedAnswer: body.extracted_answer,
    };
  },

  'samples.history': ({ id }, _ctx, { workspace: ws }) => {
    if (!ws.samples.row(id)) throw new AppError('not_found', `Sample ${id} does not exist.`);
    return { revisions: ws.revisions.history(id) };
  },

  'samples.saveRevision': ({ sampleId, baseRevisionId, completion, note }, ctx, backend) => {
    const split = splitTrace(completion);
    const ws = backend.workspace;
    // The audit entry commits with the revision or not at all (the load test compares the two).
    const revision = ws.transaction(() => {
      const saved = ws.revisions.append({
        sampleId,
        baseRevisionId,
        authorId: ctx.actor.id,
        completion,
        reasoning: split.reasoning,
        summary: split.summary,
        note: note ?? null,
      });
      audit(ws, ctx.actor, 'revision.save', `sample:${sampleId}`, { revisionId: saved.id, parentId: baseRevisionId });
      return saved;
    });
    const flags = backend.flagger.flagRevision(sampleId, revision.id, completion);
    backend.events.emit('samples.changed', { sampleIds: [sampleId], reason: 'revision' });
    return { revision, flags };
  },
};
