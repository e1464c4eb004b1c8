/**
 * Exporting a dataset version as JSONL for a training stack. Items stream page by page in
 * sample-id order through the pure renderers in core/formats/export.ts into temporary files
 * that are fsynced and renamed only when everything succeeded, then the manifest is written
 * the same way. Nothing in a data file or the manifest depends on the clock, so the same
 * version, format and options give byte-identical files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/errors.ts';
import { lineRenderer, skipReason, type ExportFormatName } from '../../core/formats/export.ts';
import type { ExportManifest } from '../../core/procedures/versions.ts';
import type { Workspace } from '../../db/workspace.ts';
import { APP_VERSION } from '../version.ts';
import { AtomicFile, syncDir, type OpenWriter } from './atomic-file.ts';
import { getVersion, versionsRepo } from './commit.ts';
import { checkSplit, splitAssigner, type SplitSpec } from './split.ts';

export interface ExportRequest {
  version: string;
  format: ExportFormatName;
  /** The output file; with a split, `name.jsonl` becomes `name.train.jsonl`, `name.val.jsonl`… */
  out: string;
  split?: SplitSpec | undefined;
  seed?: string | undefined;
  system?: string | undefined;
  specialTokens?: { start: string; end: string } | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: (p: { rows: number; total: number; bytes: number }) => void;
  /** For tests: how temporary files are opened. */
  openWriter?: OpenWriter;
}

export interface ExportResult {
  manifest: ExportManifest;
  paths: string[];
  manifestPath: string;
}

const PAGE = 1000;

/** The files an export writes, named from `out`. */
export function exportPaths(out: string, splitNames: readonly string[]): { data: Map<string, string>; manifest: string } {
  const resolved = path.resolve(out);
  const stem = resolved.endsWith('.jsonl') ? resolved.slice(0, -'.jsonl'.length) : resolved;
  const data = new Map<string, string>();
  if (splitNames.length === 0) data.set('train', resolved);
  else for (const name of ['train', ...[...splitNames].sort()]) data.set(name, `${stem}.${name}.jsonl`);
  return { data, manifest: `${stem}.manifest.json` };
}

function checkOutputFolder(dir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new AppError('invalid_input', `The output folder ${dir} does not exist; create it first.`, { field: 'out' });
  }
  if (!stat.isDirectory()) throw new AppError('invalid_input', `${dir} is not a folder.`, { field: 'out' });
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new AppError('invalid_input', `The output folder ${dir} is not writable; nothing was exported.`, { field: 'out' });
  }
}

export async function exportVersion(ws: Workspace, request: ExportRequest): Promise<ExportResult> {
  const version = getVersion(ws, request.version);
  const repo = versionsRepo(ws);
  const seed = request.seed ?? '0';
  const split = request.split && Object.keys(request.split).length ? request.split : undefined;
  if (split) checkSplit(split);
  const specialTokens = request.format === 'r1-special' ? (request.specialTokens ?? null) : null;
  const renderOptions = { system: request.system ?? null, ...(specialTokens ? { specialTokens } : {}) };
  const paths = exportPaths(request.out, split ? Object.keys(split) : []);
  checkOutputFolder(path.dirname(paths.manifest));

  const files = new Map<string, AtomicFile>();
  for (const [name, file] of paths.data) files.set(name, new AtomicFile(file));
  const manifestFile = new AtomicFile(paths.manifest);
  const renamed: string[] = [];
  const render = lineRenderer(request.format, renderOptions);
  const assign = splitAssigner(split, seed);
  const splitOfPrompt = new Map<number, string>();
  const counts = { items: 0, exported: 0, skipped: {} as Record<string, number>, bySplit: {} as Record<string, number>, prompts: new Set<number>() };
  const records = new Map<string, number>();
  try {
    for (const file of files.values()) await file.open(request.openWriter);
    let after = 0;
    let lastReport = 0;
    for (;;) {
      if (request.signal?.aborted) throw new AppError('cancelled', 'Export cancelled; nothing was written.');
      const page = repo.itemTexts(version.id, after, PAGE);
      if (page.length === 0) break;
      after = page[page.length - 1]!.sample_id;
      for (const item of page) {
        counts.items++;
        const skip = skipReason(item);
        if (skip) {
          counts.skipped[skip] = (counts.skipped[skip] ?? 0) + 1;
          continue;
        }
        let side = splitOfPrompt.get(item.prompt_id);
        if (side === undefined) splitOfPrompt.set(item.prompt_id, (side = assign(item.prompt)));
        await files.get(side)!.write(render(item));
        records.set(side, (records.get(side) ?? 0) + 1);
        counts.exported++;
        counts.prompts.add(item.prompt_id);
      }
      const now = Date.now();
      if (request.onProgress && now - lastReport > 100) {
        lastReport = now;
        request.onProgress({ rows: counts.items, total: version.items, bytes: [...files.values()].reduce((n, f) => n + f.bytes, 0) });
      }
    }
    const fileEntries: ExportManifest['files'] = [];
    for (const [name, file] of files) {
      const sha256 = await file.finish();
      fileEntries.push({ name: path.basename(file.finalPath), split: name, records: records.get(name) ?? 0, bytes: file.bytes, sha256 });
      counts.bySplit[name] = records.get(name) ?? 0;
    }
    const manifest: ExportManifest = {
      manifestVersion: 1,
      app: { name: 'coldstart', version: APP_VERSION },
      version: { name: version.name, contentSha256: version.content_sha256, createdAt: version.created_at, message: version.message },
      format: request.format,
      filters: { include: version.include, skip: ['empty_prompt', 'empty_summary'] },
      options: { seed, split: split ?? null, system: request.system ?? null, specialTokens },
      counts: { items: counts.items, exported: counts.exported, prompts: counts.prompts.size, skipped: counts.skipped, bySplit: counts.bySplit },
      files: fileEntries,
    };
    await manifestFile.open(request.openWriter);
    await manifestFile.write(`${JSON.stringify(manifest, null, 2)}\n`);
    await manifestFile.finish();
    // Data first, manifest last: a manifest on disk always describes files that are complete.
    for (const file of [...files.values(), manifestFile]) {
      await file.rename();
      renamed.push(file.finalPath);
    }
    await syncDir(path.dirname(paths.manifest));
    request.onProgress?.({ rows: counts.items, total: version.items, bytes: fileEntries.reduce((n, f) => n + f.bytes, 0) });
    return { manifest, paths: [...paths.data.values()], manifestPath: paths.manifest };
  } catch (error) {
    await Promise.all([...files.values(), manifestFile].map((f) => f.discard()));
    // A failure between renames (rare: renames in one folder) must not leave a partial set.
    await Promise.all(renamed.map((p) => fs.promises.rm(p, { force: true }).catch(() => {})));
    if (error instanceof AppError) throw error;
    throw new AppError('internal', `Export of ${version.name} failed; nothing was written under ${paths.data.values().next().value}: ${(error as Error).message}`);
  }
}
