/**
 * `coldstart version commit|list|show|diff`, `coldstart export` and `coldstart dedup`.
 * Backend modules load on use, so `--help` and usage errors answer at once.
 */
import type { Command } from 'commander';
import type { EventEmitter } from 'node:events';
import type { CheckReport, VersionDiff, VersionView } from '../../core/procedures/versions.ts';
import { EXPORT_FORMATS, isExportFormat } from '../../core/formats/export.ts';
import { formatBytes, printJson, progressBar, UsageError, withBackend, type GlobalOptions } from './common.ts';

const INCLUDES = ['accepted', 'clean', 'all'] as const;
type IncludeName = (typeof INCLUDES)[number];

function include(value: string | undefined): IncludeName {
  const v = value ?? 'accepted';
  if (!(INCLUDES as readonly string[]).includes(v)) throw new UsageError(`--include must be accepted, clean or all, got "${v}"`);
  return v as IncludeName;
}

const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || '-';

export function describeVersion(v: VersionView): string {
  const t = v.stats.tokens;
  const lines = [
    `${v.name}  ${v.items} samples, ${v.stats.prompts} prompts  (include ${v.include})`,
    `  message:  ${v.message}`,
    `  parent:   ${v.parent ?? '-'}    author: ${v.author ?? 'local'}    created: ${v.createdAt}`,
    `  sha256:   ${v.contentSha256}`,
    `  task:     ${counts(v.stats.byTask)}`,
    `  language: ${counts(v.stats.byLanguage)}`,
    `  verdict:  ${counts(v.stats.byVerdict)}`,
    `  flags:    ${counts(v.stats.byFlag)}`,
    `  tokens (${t.estimate}, estimated): mean ${t.mean}, p50 ${t.p50}, p90 ${t.p90}, p99 ${t.p99}, max ${t.max}, total ${t.total}`,
  ];
  if (v.stats.checks) lines.push(`  checks:   exact duplicates ${v.stats.checks.exactDuplicates}, near duplicates ${v.stats.checks.nearDuplicates}, contaminated ${v.stats.checks.contaminated}`);
  return lines.join('\n');
}

export function describeReport(r: CheckReport, shown = 10): string {
  const lines = [`Checked ${r.samples} samples (include ${r.include}). Nothing was removed; reject samples to leave them out of a version.`];
  lines.push(`Exact duplicates: ${r.exact.duplicateSamples} samples in ${r.exact.groups.length} groups`);
  for (const g of r.exact.groups.slice(0, shown)) lines.push(`  samples ${g.sampleIds.join(', ')}`);
  lines.push(`Near duplicates (${r.near.method}, similarity ≥ ${r.near.threshold}): ${r.near.pairCount} pairs, ${r.near.duplicateSamples} samples beyond the first of their cluster`);
  for (const p of r.near.pairs.slice(0, shown)) lines.push(`  samples ${p.a} ~ ${p.b}  (${p.similarity})`);
  if (r.contamination.evalPrompts === 0) lines.push('Contamination: not checked (pass --eval FILE of evaluation prompts)');
  else {
    lines.push(`Contamination (${r.contamination.ngram}-gram overlap with ${r.contamination.evalPrompts} evaluation prompts): ${r.contamination.sampleCount} samples`);
    for (const h of r.contamination.hits.slice(0, shown)) lines.push(`  sample ${h.sampleId} (prompt ${h.promptId}) ~ eval #${h.evalIndex + 1}: "${h.ngram}"`);
  }
  return lines.join('\n');
}

export function describeDiff(d: VersionDiff): string {
  const lines = [`${d.from} → ${d.to}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed`];
  const ids = (list: number[]) => (list.length > 20 ? `${list.slice(0, 20).join(', ')}, … (${list.length - 20} more)` : list.join(', '));
  if (d.added.length) lines.push(`  added:   ${ids(d.added)}`);
  if (d.removed.length) lines.push(`  removed: ${ids(d.removed)}`);
  for (const t of d.textDiffs) {
    lines.push(`--- sample ${t.sampleId} (${d.from})`, `+++ sample ${t.sampleId} (${d.to})`);
    for (const h of t.hunks) {
      lines.push(`@@ -${h.fromStart},${h.fromLines} +${h.toStart},${h.toLines} @@`);
      for (const l of h.lines) lines.push(`${l.op}${l.text}`);
    }
  }
  if (d.changed.length > d.textDiffs.length) lines.push(`(${d.changed.length - d.textDiffs.length} more changed samples; raise --limit to see their diffs)`);
  return lines.join('\n');
}

function parseNumber(value: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`${name} must be a number from ${min} to ${max}, got "${value}"`);
  return n;
}

async function evalPromptsFrom(file: string | undefined): Promise<string[] | undefined> {
  if (!file) return undefined;
  const { readEvalPrompts } = await import('../../backend/versions/dedup.ts');
  return readEvalPrompts(file);
}

/**
 * The root program's `-V, --version` would swallow `export --version NAME`: commander reads
 * program options after a subcommand's name too. When `export` comes before the flag, the
 * root lets it pass; the name then reaches `export` as its first argument.
 */
function shareVersionFlag(program: Command): void {
  // Command is an EventEmitter at runtime; its typings leave that out.
  const emitter = program as unknown as EventEmitter;
  const listeners = emitter.listeners('option:version') as ((...args: unknown[]) => void)[];
  if (listeners.length === 0) return;
  emitter.removeAllListeners('option:version');
  emitter.on('option:version', (...args: unknown[]) => {
    const raw = (program as unknown as { rawArgs?: string[] }).rawArgs ?? [];
    const at = raw.indexOf('export');
    if (at !== -1 && at < raw.indexOf('--version')) return;
    for (const listener of listeners) listener(...args);
  });
}

export function registerVersions(program: Command, globals: () => GlobalOptions): void {
  const version = program.command('version').alias('versions').description('commit, list, show and diff immutable dataset versions');

  version
    .command('commit')
    .description('snapshot the current text of the selected samples into a new immutable version')
    .requiredOption('-m, --message <message>', 'what this version is for')
    .option('--name <name>', 'version name (default v1, v2, …)')
    .option('--include <which>', 'accepted (default), clean (no error flags, not rejected) or all (not rejected)')
    .option('--check', 'run the dedup/decontamination check first, print it and record its counts (drops nothing)')
    .option('--eval <file>', 'with --check: evaluation prompts (JSONL, JSON or one per line) to check for 8-gram overlap')
    .action(async (opts: { message: string; name?: string; include?: string; check?: boolean; eval?: string }) => {
      const g = globals();
      const which = include(opts.include);
      if (opts.eval && !opts.check) throw new UsageError('--eval needs --check');
      if (opts.name !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(opts.name)) throw new UsageError(`--name must be 1–64 letters, digits, ".", "_" or "-", got "${opts.name}"`);
      const evalPrompts = await evalPromptsFrom(opts.eval);
      await withBackend(g, async (backend) => {
        const result = (await backend.router.call('versions.commit', { message: opts.message, include: which, check: Boolean(opts.check), ...(opts.name ? { name: opts.name } : {}), ...(evalPrompts ? { evalPrompts } : {}) }, { actor: { id: null, name: 'local', role: 'lead' } })) as {
          version: VersionView;
          report: CheckReport | null;
        };
        if (g.json) return printJson(result);
        if (result.report) console.log(`${describeReport(result.report)}\n`);
        console.log(`Committed ${describeVersion(result.version)}`);
      });
    });

  version
    .command('list')
    .description('versions, newest first')
    .action(async () => {
      const g = globals();
      await withBackend(g, async (backend) => {
        const { listVersions } = await import('../../backend/versions/commit.ts');
        const versions = listVersions(backend.workspace);
        if (g.json) return printJson({ versions });
        if (versions.length === 0) return console.log('No versions yet: `coldstart version commit -m MESSAGE` makes one.');
        for (const v of versions) console.log(`${v.name.padEnd(12)} ${String(v.items).padStart(7)} samples  ${v.createdAt}  ${v.author ?? 'local'}  ${v.message}`);
      });
    });

  version
    .command('show <name>')
    .description('a version: parent, author, message, stats, content sha256')
    .action(async (name: string) => {
      const g = globals();
      await withBackend(g, async (backend) => {
        const { getVersion, toVersionView } = await import('../../backend/versions/commit.ts');
        const v = toVersionView(getVersion(backend.workspace, name));
        if (g.json) printJson(v);
        else console.log(describeVersion(v));
      });
    });

  version
    .command('diff <from> <to>')
    .description('samples added, removed and changed between two versions, with line diffs')
    .option('--limit <n>', 'line diffs for at most this many changed samples', '20')
    .action(async (from: string, to: string, opts: { limit: string }) => {
      const g = globals();
      const limit = parseNumber(opts.limit, '--limit', 0, 100_000, 20);
      await withBackend(g, async (backend) => {
        const { diffVersions } = await import('../../backend/versions/diff.ts');
        const d = diffVersions(backend.workspace, from, to, limit);
        if (g.json) printJson(d);
        else console.log(describeDiff(d));
      });
    });

  shareVersionFlag(program);
  program
    .command('export [version]')
    .description(`write a version as JSONL for training, with a manifest (formats: ${EXPORT_FORMATS.join(', ')})`)
    .option('--version <name>', 'the dataset version (or give it as the first argument)')
    .requiredOption('--format <format>', EXPORT_FORMATS.join(' | '))
    .requiredOption('--out <file>', 'output file, e.g. data.jsonl (with --split: data.train.jsonl, data.val.jsonl)')
    .option('--split <spec>', 'hold out a share of prompts, e.g. val=0.05 or val=0.05,test=0.05')
    .option('--seed <seed>', 'seed of the split', '0')
    .option('--system <text>', 'system prompt for every record')
    .option('--special-token <token>', 'r1-special: the token before the reasoning', '|special_token|')
    .option('--special-token-end <token>', 'r1-special: the token between reasoning and summary (default: the same)')
    .action(async (positional: string | undefined, opts: { version?: string; format: string; out: string; split?: string; seed: string; system?: string; specialToken: string; specialTokenEnd?: string }) => {
      const g = globals();
      const versionName = opts.version ?? positional;
      if (!versionName) throw new UsageError('export needs --version NAME');
      if (opts.version && positional && opts.version !== positional) throw new UsageError(`two versions given: "${positional}" and --version "${opts.version}"`);
      if (!isExportFormat(opts.format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${opts.format}"`);
      const format = opts.format;
      const { parseSplit } = await import('../../backend/versions/split.ts');
      let split: Record<string, number> | undefined;
      try {
        split = opts.split ? parseSplit(opts.split) : undefined;
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      await withBackend(g, async (backend) => {
        const { exportVersion } = await import('../../backend/versions/export.ts');
        const bar = progressBar(g, 'export', 'samples');
        const started = performance.now();
        try {
          const result = await exportVersion(backend.workspace, {
            version: versionName,
            format,
            out: opts.out,
            split,
            seed: opts.seed,
            system: opts.system,
            specialTokens: format === 'r1-special' ? { start: opts.specialToken, end: opts.specialTokenEnd ?? opts.specialToken } : undefined,
            onProgress: (p) => bar.update(p.rows, p.total, { detail: formatBytes(p.bytes) }),
          });
          bar.stop();
          if (g.json) return printJson(result);
          const m = result.manifest;
          const seconds = (performance.now() - started) / 1000;
          console.log(`Exported ${m.counts.exported} of ${m.counts.items} samples of ${m.version.name} as ${format} in ${seconds.toFixed(1)} s:`);
          for (const f of m.files) console.log(`  ${f.name}  ${f.records} records, ${formatBytes(f.bytes)}, sha256 ${f.sha256}`);
          const skipped = Object.entries(m.counts.skipped);
          if (skipped.length) console.log(`Skipped (no valid record possible): ${skipped.map(([k, n]) => `${k} ${n}`).join(', ')}`);
          console.log(`Manifest: ${result.manifestPath}`);
        } finally {
          bar.stop();
        }
      });
    });

  program
    .command('dedup')
    .description('report exact and near-duplicate samples and overlap with evaluation prompts (drops nothing)')
    .option('--include <which>', 'accepted (default), clean or all: the selection a commit would take')
    .option('--eval <file>', 'evaluation prompts (JSONL, JSON or one per line) to check for 8-gram overlap')
    .option('--threshold <similarity>', 'near-duplicate similarity, 0.5–1', '0.8')
    .action(async (opts: { include?: string; eval?: string; threshold: string }) => {
      const g = globals();
      const which = include(opts.include);
      const threshold = parseNumber(opts.threshold, '--threshold', 0.5, 1, 0.8);
      const evalPrompts = await evalPromptsFrom(opts.eval);
      await withBackend(g, async (backend) => {
        const { checkSelection } = await import('../../backend/versions/dedup.ts');
        const report = checkSelection(backend.workspace, { include: which, evalPrompts, nearThreshold: threshold });
        if (g.json) printJson(report);
        else console.log(describeReport(report));
      });
    });
}
