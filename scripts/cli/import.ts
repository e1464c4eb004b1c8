import type { Command } from 'commander';
import type { FileFormat } from '../../backend/import/readers.ts';
import type { ImportResult } from '../../core/contract.ts';
import { formatBytes, printJson, progressBar, UsageError, workspaceDir, type GlobalOptions } from './common.ts';

function parseMap(values: string[] | undefined): Record<string, string> | undefined {
  if (!values?.length) return undefined;
  const map: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0 || eq === value.length - 1) throw new UsageError(`--map expects from=to, got "${value}"`);
    map[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return map;
}

interface ImportFlags extends GlobalOptions {
  format?: FileFormat;
  map?: string[];
  skipInvalid?: boolean;
}

export async function runImport(kind: 'prompts' | 'traces', file: string, options: ImportFlags): Promise<ImportResult> {
  if (options.format && !['jsonl', 'csv', 'parquet'].includes(options.format)) throw new UsageError(`--format must be jsonl, csv or parquet, got "${options.format}"`);
  const map = parseMap(options.map);
  // Loaded on use, so `--help` and usage errors answer at once.
  const { Backend } = await import('../../backend/backend.ts');
  const { importFile } = await import('../../backend/import/importer.ts');
  const backend = Backend.open(workspaceDir(options));
  const bar = progressBar(options, `import ${kind}`, 'bytes');
  try {
    const result = await importFile(backend.workspace, {
      kind,
      filePath: file,
      ...(options.format ? { format: options.format } : {}),
      ...(map ? { map } : {}),
      skipInvalid: Boolean(options.skipInvalid),
      onProgress: (p) => bar.update(p.bytes, p.totalBytes, { detail: `${p.rows} rows, ${formatBytes(p.bytes)}` }),
    });
    bar.stop();
    // Flag what came in before returning, so `stats` and flag filters see it at once.
    if (result.inserted > 0 && kind === 'traces') {
      const flagBar = progressBar(options, 'flag', 'samples');
      const off = backend.events.subscribe((m) => {
        if (m.event === 'flagging.progress') flagBar.update(m.data.done, m.data.total);
      });
      await backend.flagger.schedule();
      off();
      flagBar.stop();
    }
    if (options.json) printJson(result);
    else {
      const parts = [`${result.inserted} ${kind === 'prompts' ? 'prompts' : 'samples'} imported`, `${result.duplicates} already present`];
      if (kind === 'traces') parts.push(`${result.promptsCreated} new prompts`);
      if (result.rejected) parts.push(`${result.rejected} rejected`);
      console.log(`${result.fileName}: ${result.rowsRead} rows read; ${parts.join(', ')}.`);
      if (result.reportPath) console.log(`Rejected rows, with line numbers and reasons: ${result.reportPath}`);
    }
    return result;
  } finally {
    bar.stop();
    backend.close();
  }
}

export function registerImport(program: Command, globals: () => GlobalOptions): void {
  const importCmd = program.command('import').description('import prompts or traces from JSONL, CSV or Parquet (streaming; all rows or none unless --skip-invalid)');
  for (const kind of ['prompts', 'traces'] as const) {
    importCmd
      .command(`${kind} <file>`)
      .description(
        kind === 'prompts'
          ? 'import prompts: fields prompt|question|problem|instruction, answer|final_answer|reference_answer|solution, optional id, task, language'
          : 'import traces: {prompt, completion}, {messages:[...]}, {prompt, reasoning_content, content} or OpenR1 rows with generations[]',
      )
      .option('--format <format>', 'jsonl, csv or parquet (default: from the file extension)')
      .option('--map <from=to...>', 'rename a field before reading it, e.g. --map query=prompt')
      .option('--skip-invalid', 'import the valid rows and write a report of every rejected line')
      .action(async (file: string, opts: ImportFlags) => {
        await runImport(kind, file, { ...globals(), ...opts });
      });
  }
}
