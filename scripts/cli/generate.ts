import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { RunStart } from '../../core/procedures/generation.ts';
import type { Backend } from '../../backend/backend.ts';
import { LOCAL_ACTOR } from '../../backend/router.ts';
import { printJson, progressBar, UsageError, workspaceDir, type GlobalOptions } from './common.ts';

interface GenerateFlags {
  model?: string;
  engine: string;
  endpoint?: string;
  apiKeyEnv?: string;
  prompts: string;
  group: string;
  maxTokens: string;
  temperature: string;
  topP: string;
  topK?: string;
  minP: string;
  seed: string;
  template: string;
  instruction?: string;
  name?: string;
  resume?: string;
  gpu?: boolean;
  contextSize?: string;
  threads?: string;
}

function number(value: string, flag: string, integer = false): number {
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) throw new UsageError(`${flag} expects ${integer ? 'an integer' : 'a number'}, got "${value}"`);
  return n;
}

async function promptSelection(backend: Backend, spec: string): Promise<RunStart['prompts']> {
  if (spec === 'all' || spec === 'unsampled') return spec;
  if (!fs.existsSync(spec)) throw new UsageError(`--prompts must be all, unsampled or a file of prompts; "${spec}" does not exist`);
  // A file: import its prompts (adding nothing already there), then sample exactly those.
  const { importFile, sha256 } = await import('../../backend/import/importer.ts');
  const { readRecords, detectFormat } = await import('../../backend/import/readers.ts');
  const { asObject, toPromptRecord } = await import('../../core/formats/records.ts');
  await importFile(backend.workspace, { kind: 'prompts', filePath: spec });
  const ids: number[] = [];
  for await (const record of readRecords(spec, detectFormat(spec), path.basename(spec))) {
    const id = backend.workspace.prompts.idByHash(sha256(toPromptRecord(asObject(record.value), { source: null }).text));
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

async function resolveModel(backend: Backend, model: string, json: boolean): Promise<string> {
  if (!/^(hf:|https?:\/\/)/.test(model)) return path.resolve(model);
  const { downloadModel } = await import('../../backend/llm/download.ts');
  const bar = progressBar({ json }, 'download', 'bytes');
  const file = await downloadModel({ uri: model, dir: backend.generation.modelsDir, onProgress: (done, total) => bar.update(done, total) });
  bar.stop();
  return file;
}

async function followRun(backend: Backend, runId: number, json: boolean): Promise<void> {
  const bar = progressBar({ json }, `run ${runId}`, 'samples');
  const off = backend.events.subscribe((m) => {
    if (m.event === 'run.progress' && m.data.runId === runId) {
      const eta = m.data.etaSeconds == null ? '' : `, ETA ${Math.round(m.data.etaSeconds)} s`;
      bar.update(m.data.done, m.data.total, { detail: `${m.data.tokensPerSecond} tok/s${eta}` });
    }
  });
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nCancelling: finished samples are kept; resume with `coldstart generate --resume ' + runId + '`. Ctrl-C again to quit at once.\n');
    backend.generation.cancel(runId);
  };
  process.on('SIGINT', onSigint);
  try {
    await backend.generation.wait(runId);
  } finally {
    process.off('SIGINT', onSigint);
    off();
    bar.stop();
  }
  const run = (await backend.router.call('runs.get', { runId }, { actor: LOCAL_ACTOR })) as { status: string; completed: number; total: number; error: string | null; passRate: number | null; engineInfo: unknown };
  if (json) printJson(run);
  else {
    const pass = run.passRate == null ? 'no verifiable answers' : `pass rate ${(run.passRate * 100).toFixed(1)} %`;
    console.log(`Run ${runId}: ${run.status}, ${run.completed}/${run.total} samples, ${pass}.`);
    if (run.error) console.log(run.error);
  }
  if (run.status !== 'done') process.exitCode = 1;
}

export function registerGenerate(program: Command, globals: () => GlobalOptions): void {
  program
    .command('generate')
    .description('sample G completions per prompt from a local GGUF model or an OpenAI-compatible endpoint, verify and store them as they finish')
    .option('--model <path|hf:user/repo:quant|url>', 'GGUF file, Hugging Face URI or URL (llama), or the model name (openai)')
    .option('--engine <engine>', 'llama (local GGUF) or openai (OpenAI-compatible endpoint)', 'llama')
    .option('--endpoint <url>', 'base URL of the OpenAI-compatible server, e.g. http://127.0.0.1:8000')
    .option('--api-key-env <NAME>', 'environment variable that holds the endpoint API key')
    .option('--prompts <all|unsampled|FILE>', 'which prompts to sample', 'unsampled')
    .option('--group <n>', 'samples per prompt (1-64)', '8')
    .option('--max-tokens <n>', 'tokens per sample', '4096')
    .option('--temperature <t>', 'sampling temperature; 0 is greedy', '0.6')
    .option('--top-p <p>', 'nucleus sampling', '0.95')
    .option('--top-k <k>', 'top-k, 0 = off (default: 40 for local models, whose off is slow; off for endpoints)')
    .option('--min-p <p>', 'min-p (0 = off)', '0')
    .option('--seed <s>', 'run seed; each sample gets a seed derived from it, its prompt and its index', '0')
    .option('--template <r1-zero|chat|FILE>', 'R1-Zero template, the model\'s chat template, or a file with {prompt}', 'chat')
    .option('--instruction <text>', 'instruction appended to each prompt (default: per task, e.g. \\boxed{} for math)')
    .option('--name <name>', 'run name')
    .option('--no-gpu', 'run on the CPU even if a GPU is available')
    .option('--context-size <n>', 'tokens per sequence (prompt + completion)')
    .option('--threads <n>', 'CPU threads (default: the cores actually available)')
    .option('--resume <run>', 'resume a run: generate exactly its missing samples')
    .action(async (opts: GenerateFlags) => {
      const g = globals();
      const { Backend } = await import('../../backend/backend.ts');
      const backend = Backend.open(workspaceDir(g));
      try {
        if (opts.resume) {
          const runId = number(opts.resume, '--resume', true);
          const { missing } = backend.generation.resume(runId);
          if (!g.json) console.log(`Resuming run ${runId}: ${missing} samples missing.`);
          await followRun(backend, runId, Boolean(g.json));
          return;
        }
        if (!opts.model) throw new UsageError('--model is required (or --resume RUN)');
        if (opts.engine !== 'llama' && opts.engine !== 'openai') throw new UsageError(`--engine must be llama or openai, got "${opts.engine}"`);
        if (opts.engine === 'openai' && !opts.endpoint) throw new UsageError('--engine openai needs --endpoint URL');
        const template: RunStart['template'] =
          opts.template === 'r1-zero' || opts.template === 'chat'
            ? opts.template
            : fs.existsSync(opts.template)
              ? { custom: fs.readFileSync(opts.template, 'utf8') }
              : (() => {
                  throw new UsageError(`--template must be r1-zero, chat or a file containing {prompt}; "${opts.template}" does not exist`);
                })();
        const engine: RunStart['engine'] =
          opts.engine === 'openai'
            ? { engine: 'openai', baseUrl: opts.endpoint!, model: opts.model, concurrency: 8, ...(opts.apiKeyEnv ? { apiKeyEnv: opts.apiKeyEnv } : {}) }
            : {
                engine: 'llama',
                model: await resolveModel(backend, opts.model, Boolean(g.json)),
                gpu: opts.gpu === false ? 'off' : 'auto',
                ...(opts.contextSize ? { contextSize: number(opts.contextSize, '--context-size', true) } : {}),
                ...(opts.threads ? { threads: number(opts.threads, '--threads', true) } : {}),
              };
        const input = {
          engine,
          prompts: await promptSelection(backend, opts.prompts),
          group: number(opts.group, '--group', true),
          template,
          sampling: {
            temperature: number(opts.temperature, '--temperature'),
            topP: number(opts.topP, '--top-p'),
            ...(opts.topK !== undefined ? { topK: number(opts.topK, '--top-k', true) } : {}),
            minP: number(opts.minP, '--min-p'),
            maxTokens: number(opts.maxTokens, '--max-tokens', true),
            seed: number(opts.seed, '--seed', true),
          },
          ...(opts.instruction !== undefined ? { instruction: opts.instruction } : {}),
          ...(opts.name ? { name: opts.name } : {}),
        };
        const { runId, total } = (await backend.router.call('runs.start', input, { actor: LOCAL_ACTOR })) as { runId: number; total: number };
        if (!g.json) console.log(`Run ${runId}: ${total} samples to generate.`);
        await followRun(backend, runId, Boolean(g.json));
      } finally {
        await backend.shutdown();
      }
    });

  program
    .command('runs')
    .description('list generation runs and imports')
    .action(async () => {
      const g = globals();
      const { Backend } = await import('../../backend/backend.ts');
      const backend = Backend.open(workspaceDir(g), { open: { create: false } });
      try {
        backend.generation; // marks runs a dead process left running as interrupted
        const runs = backend.workspace.runs.list();
        if (g.json) return printJson(runs);
        if (runs.length === 0) return console.log('No runs yet.');
        for (const r of runs) console.log(`${String(r.id).padStart(4)}  ${r.status.padEnd(11)} ${`${r.completed}/${r.total}`.padEnd(11)} ${r.engine.padEnd(7)} ${r.name}${r.error ? `  (${r.error.slice(0, 80)})` : ''}`);
      } finally {
        backend.close();
      }
    });
}
