import crypto from 'node:crypto';
import { AppError } from '../../core/errors.ts';
import type { VersionStats, VersionView } from '../../core/procedures/versions.ts';
import { parseStats, VersionsRepo, type Include, type ItemText, type VersionRow } from '../../db/repos/versions.ts';
import type { Workspace } from '../../db/workspace.ts';
import { computeStats } from './stats.ts';

const repos = new WeakMap<Workspace, VersionsRepo>();

/** The versions repo of a workspace, prepared once per open workspace. */
export function versionsRepo(ws: Workspace): VersionsRepo {
  let repo = repos.get(ws);
  if (!repo) {
    repo = new VersionsRepo(ws.db);
    repos.set(ws, repo);
  }
  return repo;
}

/**
 * The canonical serialisation of one item, hashed into a version's content sha256: each
 * field prefixed by its length in UTF-16 code units (unambiguous, and cheaper than JSON
 * escaping 100k traces). It holds the text an export is built from and no ids, so the hash
 * names content: two workspaces holding the same prompts and texts in the same order
 * commit the same hash.
 */
export function canonicalItem(item: Pick<ItemText, 'prompt' | 'reasoning' | 'summary'>): string {
  return `${item.prompt.length}:${item.prompt}${item.reasoning.length}:${item.reasoning}${item.summary.length}:${item.summary}`;
}

export function toVersionView(row: VersionRow): VersionView {
  return {
    id: row.id,
    name: row.name,
    parent: row.parent_name,
    message: row.message,
    author: row.author,
    include: row.include,
    items: row.items,
    contentSha256: row.content_sha256,
    createdAt: row.created_at,
    stats: parseStats<VersionStats>(row, computeStats([])),
  };
}

export function getVersion(ws: Workspace, name: string): VersionRow {
  const row = versionsRepo(ws).byName(name);
  if (!row) {
    const known = versionsRepo(ws).list().map((v) => v.name);
    throw new AppError('not_found', `There is no dataset version "${name}"${known.length ? `; versions: ${known.slice(0, 10).join(', ')}` : '; commit one first'}.`, { name });
  }
  return row;
}

export function nextVersionName(existing: readonly string[]): string {
  let max = 0;
  for (const name of existing) {
    const m = /^v(\d+)$/.exec(name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `v${max + 1}`;
}

export interface CommitOptions {
  message: string;
  name?: string | undefined;
  include?: Include;
  authorId: number | null;
  /** Counts from a dedup/decontamination check run just before, recorded with the stats. */
  checks?: VersionStats['checks'];
}

/**
 * Pins the current revision (or the raw output) of every selected sample into a new,
 * immutable version. Selection, stats, content hash and the inserts run in one immediate
 * transaction, so a save landing mid-commit is either wholly in or wholly out.
 */
export function commitVersion(ws: Workspace, options: CommitOptions): VersionView {
  const repo = versionsRepo(ws);
  const include = options.include ?? 'accepted';
  const name = ws.transaction(() => {
    const rows = repo.selectionRows(include);
    if (rows.length === 0) {
      throw new AppError('invalid_input', `Nothing to commit: no samples match --include ${include}${include === 'accepted' ? ' (accept some samples, or use --include clean or all)' : ''}.`);
    }
    const names = repo.names();
    const name = options.name ?? nextVersionName(names);
    if (names.includes(name)) throw new AppError('conflict', `A version named "${name}" already exists; versions are immutable, pick another name.`, { name });
    const hash = crypto.createHash('sha256');
    let hashed = 0;
    for (const item of repo.iterateSelectionTexts(include)) {
      hash.update(canonicalItem(item));
      hashed++;
    }
    // Same transaction, same WHERE: a mismatch means a sample lost its body, which the schema forbids.
    if (hashed !== rows.length) throw new AppError('internal', `Commit aborted: ${rows.length} samples selected but ${hashed} bodies found.`);
    const stats = computeStats(rows);
    if (options.checks) stats.checks = options.checks;
    repo.insert({
      name,
      parentId: repo.latest()?.id ?? null,
      message: options.message.trim(),
      authorId: options.authorId,
      include,
      stats,
      contentSha256: hash.digest('hex'),
    });
    return name;
  });
  return toVersionView(repo.byName(name)!);
}

export function listVersions(ws: Workspace): VersionView[] {
  return versionsRepo(ws).list().map(toVersionView);
}
