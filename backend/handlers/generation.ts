import type { generationProcedures } from '../../core/procedures/generation.ts';
import type { Run } from '../../core/contract.ts';
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
    const verdicts = backend.generation.repo.verdictCounts(runId);
    const model = run.model ? (JSON.parse(run.model) as Record<string, unknown>) : null;
    return {
      ...overviewOf(backend.workspace.runs.get(runId)!, verdicts),
      // Counted live: the stored count lags while a run is writing.
      completed: backend.generation.repo.countDone(runId),
      config: JSON.parse(run.params),
      engineInfo: model?.engineInfo ?? null,
      verdicts,
    };
  },
  'runs.overview': (_input, _ctx, backend) => ({
    runs: backend.workspace.runs
      .list()
      .filter((r) => r.engine !== 'import')
      .map((r) => overviewOf(r, backend.generation.repo.verdictCounts(r.id))),
  }),
  'models.list': async (_input, _ctx, backend) => {
    const folder = backend.generation.modelsDir;
    return { folder, models: await listModels(folder) };
  },
  'models.download': ({ uri }, _ctx, backend) => ({ downloadId: backend.downloads.start(uri.trim()) }),
  'models.cancelDownload': ({ downloadId }, _ctx, backend) => ({ cancelled: backend.downloads.cancel(downloadId) }),
  'models.add': ({ path: source }, _ctx, backend) => addModel(backend.generation.modelsDir, source, backend.allowAbsolutePaths),
};



/** A run as the runs list shows it; the pass rate counts only samples a rule could check. */
function overviewOf(run: Run, verdicts: Record<string, number>) {
  const checked = (verdicts.correct ?? 0) + (verdicts.incorrect ?? 0);
  return {
    id: run.id,
    name: run.name,
    engine: run.engine,
    status: run.status,
    groupSize: run.groupSize,
    total: run.total,
    completed: run.completed,
    passRate: checked === 0 ? null : (verdicts.correct ?? 0) / checked,
    error: run.error,
    createdAt: run.createdAt,
  };
}
