import type { generationProcedures } from '../../core/procedures/generation.ts';
import { AppError } from '../../core/errors.ts';
import { addModel, listModels } from '../llm/model-files.ts';
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
      createdAt: listed.createdAt,
      config: JSON.parse(run.params),
      engineInfo: model?.engineInfo ?? null,
      passRate: checked === 0 ? null : (verdicts.correct ?? 0) / checked,
      verdicts,
    };
  },
  'runs.overview': (_input, _ctx, backend) => {
    const runs = backend.workspace.runs.list().filter((r) => r.engine !== 'import');
    return {
      runs: runs.map((r) => {
        const verdicts = backend.generation.repo.verdictCounts(r.id);
        const checked = (verdicts.correct ?? 0) + (verdicts.incorrect ?? 0);
        return {
          id: r.id,
          name: r.name,
          engine: r.engine,
          status: r.status,
          groupSize: r.groupSize,
          total: r.total,
          completed: r.completed,
          passRate: checked === 0 ? null : (verdicts.correct ?? 0) / checked,
          error: r.error,
          createdAt: r.createdAt,
        };
      }),
    };
  },
  'models.list': async (_input, _ctx, backend) => {
    const folder = backend.generation.modelsDir;
    return { folder, models: await listModels(folder) };
  },
  'models.download': ({ uri }, _ctx, backend) => ({ downloadId: backend.downloads.start(uri.trim()) }),
  'models.cancelDownload': ({ downloadId }, _ctx, backend) => ({ cancelled: backend.downloads.cancel(downloadId) }),
  'models.add': ({ path: source }, _ctx, backend) => addModel(backend.generation.modelsDir, source, backend.allowAbsolutePaths),
};


