import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { Backend } from '../../backend/backend.ts';
import { printJson, UsageError, workspaceDir, type GlobalOptions } from './common.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RENDERER_DIST = path.join(REPO_ROOT, 'dist', 'renderer');
export const DEMO_DIR = path.join(REPO_ROOT, 'demo');

/** Fills a workspace with the demo prompts and traces, once (re-running adds nothing). */
export async function loadDemo(backend: Backend): Promise<{ prompts: number; samples: number }> {
  const { importFile } = await import('../../backend/import/importer.ts');
  const prompts = await importFile(backend.workspace, { kind: 'prompts', filePath: path.join(DEMO_DIR, 'prompts.jsonl') });
  const traces = await importFile(backend.workspace, { kind: 'traces', filePath: path.join(DEMO_DIR, 'traces.jsonl') });
  await backend.flagger.schedule();
  return { prompts: prompts.inserted, samples: traces.inserted };
}

export function registerWorkspaceCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('init')
    .description('create a workspace (a folder with one SQLite file) or upgrade an existing one')
    .option('--demo', 'fill it with the demo prompts and traces')
    .action(async (opts: { demo?: boolean }) => {
      const g = globals();
      const { Backend } = await import('../../backend/backend.ts');
      const backend = Backend.open(workspaceDir(g));
      try {
        const demo = opts.demo ? await loadDemo(backend) : null;
        if (g.json) printJson({ workspace: backend.workspace.dir, demo });
        else {
          console.log(`Workspace ready at ${backend.workspace.dir}`);
          if (demo) console.log(`Demo data: ${demo.prompts} prompts, ${demo.samples} samples.`);
        }
      } finally {
        backend.close();
      }
    });

  program
    .command('serve')
    .description('serve the API and the UI over HTTP (binds 127.0.0.1 unless --host says otherwise)')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '7420')
    .action(async (opts: { host: string; port: string }) => {
      const g = globals();
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${opts.port}"`);
      const { Backend } = await import('../../backend/backend.ts');
      const { serve } = await import('../../backend/http.ts');
      const { createAuthenticator, annotatorsOf, isLoopback } = await import('../../backend/auth.ts');
      const loopback = isLoopback(opts.host);
      const dir = workspaceDir(g);
      const probe = Backend.open(dir);
      const annotators = annotatorsOf(probe.workspace).activeCount();
      probe.close();
      // Without annotators every caller would be the lead: only the person at this machine may be that.
      if (!loopback && annotators === 0) {
        throw new UsageError(`refusing to serve on ${opts.host}: the workspace has no annotators, so anyone who reaches the server would act as its lead. Add one first (coldstart annotator add NAME --role lead), or bind 127.0.0.1.`);
      }
      const backend = Backend.open(dir, { mode: annotators > 0 || !loopback ? 'team' : 'local' });
      void backend.flagger.schedule();
      const authenticate = createAuthenticator(backend.workspace, { allowLocal: loopback });
      const running = await serve(backend, { host: opts.host, port, authenticate, staticDir: fs.existsSync(RENDERER_DIST) ? RENDERER_DIST : null });
      if (g.json) printJson({ url: running.url });
      else {
        console.log(`Coldstart is serving ${backend.workspace.dir}`);
        console.log(`  UI and API: ${running.url}/   health: ${running.url}/api/health`);
        if (!fs.existsSync(RENDERER_DIST)) console.log('  (the UI is not built yet: `npm run build` builds it; the API works without it)');
      }
      const stop = async () => {
        await running.close();
        backend.close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });

  program
    .command('stats')
    .description('counts of prompts, samples, runs and revisions, by status, verdict and flag')
    .action(async () => {
      const g = globals();
      const { Backend } = await import('../../backend/backend.ts');
      const backend = Backend.open(workspaceDir(g), { open: { create: false } });
      try {
        const stats = await backend.router.call('workspace.stats', {}, { actor: { id: null, name: 'cli', role: 'lead' } });
        if (g.json) printJson(stats);
        else printStats(stats as Awaited<ReturnType<typeof backend.workspace.stats.breakdown>> & Record<string, number>);
      } finally {
        backend.close();
      }
    });
}

function printStats(stats: Record<string, unknown>): void {
  const s = stats as { prompts: number; samples: number; runs: number; revisions: number; unflagged: number; byStatus: Record<string, number>; byVerdict: Record<string, number>; byFlag: Record<string, number> };
  console.log(`prompts    ${s.prompts}`);
  console.log(`samples    ${s.samples}   (not yet flagged: ${s.unflagged})`);
  console.log(`runs       ${s.runs}`);
  console.log(`revisions  ${s.revisions}`);
  const section = (title: string, record: Record<string, number>) => {
    const entries = Object.entries(record).sort((a, b) => b[1] - a[1]);
    console.log(`\n${title}`);
    if (entries.length === 0) console.log('  (none)');
    for (const [key, n] of entries) console.log(`  ${key.padEnd(20)} ${n}`);
  };
  section('by status', s.byStatus);
  section('by verdict', s.byVerdict);
  section('samples with flag', s.byFlag);
}
