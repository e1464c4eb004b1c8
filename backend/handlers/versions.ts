import fs from 'node:fs';
import path from 'node:path';
import type { versionsProcedures } from '../../core/procedures/versions.ts';
import type { HandlerGroup } from '../router.ts';
import { audit } from '../team/repos.ts';
import { commitVersion, getVersion, listVersions, toVersionView } from '../versions/commit.ts';
import { checkSelection, checkSummary } from '../versions/dedup.ts';
import { diffVersions } from '../versions/diff.ts';
import { exportVersion } from '../versions/export.ts';

export const versionsHandlers: HandlerGroup<keyof typeof versionsProcedures> = {
  'versions.list': (_input, _ctx, { workspace }) => ({ versions: listVersions(workspace) }),

  'versions.show': ({ name }, _ctx, { workspace }) => toVersionView(getVersion(workspace, name)),

  'versions.commit': ({ message, name, include, check, evalPrompts }, ctx, { workspace, events }) => {
    const report = check ? checkSelection(workspace, { include, evalPrompts }) : null;
    // The audit row commits with the version or not at all.
    const version = workspace.transaction(() => {
      const committed = commitVersion(workspace, { message, name, include, authorId: ctx.actor.id, ...(report ? { checks: checkSummary(report) } : {}) });
      audit(workspace, ctx.actor, 'version.commit', `version:${committed.name}`, { items: committed.items, sha256: committed.contentSha256 });
      return committed;
    });
    events.emit('versions.committed', { name: version.name, items: version.items });
    return { version, report };
  },

  'versions.diff': ({ from, to, textDiffLimit }, _ctx, { workspace }) => diffVersions(workspace, from, to, textDiffLimit),

  'versions.check': ({ include, evalPrompts, nearThreshold }, _ctx, { workspace }) => checkSelection(workspace, { include, evalPrompts, nearThreshold }),

  // Over the team server a client never names a server path: exports land in the workspace's exports folder.
  'versions.export': async ({ name, format, split, seed, system, specialTokens }, ctx, { workspace, events }) => {
    const version = getVersion(workspace, name);
    const dir = path.join(workspace.dir, 'exports');
    await fs.promises.mkdir(dir, { recursive: true });
    const suffix = split ? `-seed${seed.replace(/[^\w.-]+/g, '_')}` : '';
    return exportVersion(workspace, {
      version: version.name,
      format,
      out: path.join(dir, `${version.name}-${format}${suffix}.jsonl`),
      split,
      seed,
      system,
      specialTokens,
      signal: ctx.signal,
      onProgress: (p) => events.emit('export.progress', { version: version.name, format, ...p, done: false }),
    }).then((result) => {
      events.emit('export.progress', { version: version.name, format, rows: result.manifest.counts.items, total: version.items, bytes: result.manifest.files.reduce((n, f) => n + f.bytes, 0), done: true });
      return result;
    });
  },
};
