import type { VersionDiff } from '../../core/procedures/versions.ts';
import type { Workspace } from '../../db/workspace.ts';
import { getVersion, versionsRepo } from './commit.ts';
import { diffHunks } from './line-diff.ts';

/** Samples added, removed and re-pinned to another revision between two versions. */
export function diffVersions(ws: Workspace, fromName: string, toName: string, textDiffLimit = 20): VersionDiff {
  const repo = versionsRepo(ws);
  const from = getVersion(ws, fromName);
  const to = getVersion(ws, toName);
  const before = new Map(repo.items(from.id).map((i) => [i.sample_id, i.revision_id]));
  const added: number[] = [];
  const changed: VersionDiff['changed'] = [];
  for (const item of repo.items(to.id)) {
    if (!before.has(item.sample_id)) added.push(item.sample_id);
    else if (before.get(item.sample_id) !== item.revision_id) changed.push({ sampleId: item.sample_id, fromRevisionId: before.get(item.sample_id)!, toRevisionId: item.revision_id });
    before.delete(item.sample_id);
  }
  const removed = [...before.keys()];
  const textDiffs = changed.slice(0, textDiffLimit).map((c) => ({
    sampleId: c.sampleId,
    hunks: diffHunks(repo.completionOf(c.sampleId, c.fromRevisionId), repo.completionOf(c.sampleId, c.toRevisionId)),
  }));
  return { from: from.name, to: to.name, added, removed, changed, textDiffs };
}
