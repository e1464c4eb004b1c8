import { SCHEMA_VERSION } from '../../db/migrations/index.ts';
import type { HandlerGroup } from '../router.ts';
import { APP_VERSION } from '../version.ts';

export const workspaceHandlers: HandlerGroup<'health.get' | 'workspace.info' | 'workspace.stats' | 'runs.list' | 'prompts.list'> = {
  'health.get': () => ({ ok: true, version: APP_VERSION, schemaVersion: SCHEMA_VERSION }),
  'workspace.info': (_input, _ctx, backend) => ({
    path: backend.workspace.dir,
    name: backend.workspace.name,
    schemaVersion: SCHEMA_VERSION,
    appVersion: APP_VERSION,
    mode: backend.mode,
  }),
  'workspace.stats': (_input, _ctx, { workspace: ws }) => ({
    prompts: ws.prompts.count(),
    samples: ws.samples.count(),
    // The Generate screen's list: generation runs, not imports.
    runs: ws.runs.countGenerations(),
    revisions: ws.revisions.count(),
    ...ws.stats.breakdown(),
  }),
  'runs.list': (_input, _ctx, { workspace: ws }) => ({ runs: ws.runs.list() }),
  'prompts.list': ({ afterId, limit }, _ctx, { workspace: ws }) => {
    const rows = ws.prompts.list(afterId ?? 0, limit);
    return { rows, nextAfterId: rows.length === limit ? rows[rows.length - 1]!.id : null };
  },
};
