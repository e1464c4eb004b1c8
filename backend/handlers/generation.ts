import fs from 'node:fs';
import path from 'node:path';
import type { generationProcedures } from '../../core/procedures/generation.ts';
import { AppError } from '../../core/errors.ts';
import type { HandlerGroup } from '../router.ts';

export const generationHandlers: HandlerGroup<keyof typeof generationProcedures> = {
  'runs.start': (input, ctx, backend) => backend.generation.start(input, ctx.actor),
  'runs.resume': ({ runId }, _ctx, backend) => backend.generation.resume(runId),
  'runs.cancel': ({ runId }, _ctx, backend) => ({ cancelled: backend.generation.cancel(runId) }),
  'runs.get': ({ runId }, _ctx, backend) => {
    const run = backend.generation.repo.config(runId);
    if (!run) throw new AppError('not_found', `No run ${runId}.`);
    const listed = backend.workspace.runs.get(runId)!;
    const verdicts = backend.generation.repo.verdictCounts(runId);
    const model = run.model ? (JSON.parse(run.model) as Record<string, unknown>) : null;
    const checked = (verdicts.correct ?? 0) + (verdicts.incorrect ?? 0);
    return {
      id: run.id,
      name: run.name,
      engine: run.engine,
      status: run.status,
      groupSize: run.group_size,
      total: run.total,
      completed: backend.generation.repo.countDone(runId),
      error: listed.error,
      config: JSON.parse(run.params),
      engineInfo: model?.engineInfo ?? null,
      passRate: checked === 0 ? null : (verdicts.correct ?? 0) / checked,
      verdicts,
    };
  },
  'models.list': async (_input, _ctx, backend) => {
    const folder = backend.generation.modelsDir;
    const files = fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.toLowerCase().endsWith('.gguf')).sort() : [];
    const { readGgufHeader } = await import('../llm/gguf.ts');
    const models = await Promise.all(
      files.map(async (file) => {
        const full = path.join(folder, file);
        const bytes = fs.statSync(full).size;
        try {
          const h = await readGgufHeader(full);
          return { file, bytes, architecture: h.architecture ?? null, quantisation: h.quantisation ?? null, contextLength: h.contextLength ?? null, error: null };
        } catch (error) {
          return { file, bytes, architecture: null, quantisation: null, contextLength: null, error: (error as Error).message };
        }
      }),
    );
    return { folder, models };
  },
};
