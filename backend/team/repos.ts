import { AssignmentsRepo } from '../../db/repos/assignments.ts';
import { AuditRepo } from '../../db/repos/audit.ts';
import { TeamStatsRepo } from '../../db/repos/team-stats.ts';
import type { AnnotatorsRepo } from '../../db/repos/annotators.ts';
import type { Workspace } from '../../db/workspace.ts';
import { annotatorsOf } from '../auth.ts';
import type { Actor } from '../router.ts';

export interface TeamRepos {
  annotators: AnnotatorsRepo;
  assignments: AssignmentsRepo;
  audit: AuditRepo;
  stats: TeamStatsRepo;
}

const cache = new WeakMap<Workspace, TeamRepos>();

/** The team repositories of a workspace, prepared once per open workspace. */
export function teamOf(ws: Workspace): TeamRepos {
  let repos = cache.get(ws);
  if (!repos) {
    repos = { annotators: annotatorsOf(ws), assignments: new AssignmentsRepo(ws.db), audit: new AuditRepo(ws.db), stats: new TeamStatsRepo(ws.db) };
    cache.set(ws, repos);
  }
  return repos;
}

/**
 * Appends an audit entry attributed to `actor`. Call it inside the transaction of the change
 * it describes, so a crash can never leave a change without its entry or the reverse.
 * Actions in use: revision.save, review, review.adjudicate, batch.create, batch.assign,
 * assignment.reserve, assignment.done, annotator.add, annotator.revoke, version.commit.
 */
export function audit(ws: Workspace, actor: Actor, action: string, target: string | null, details: unknown = null): void {
  teamOf(ws).audit.record(actor.id, action, target, details);
}
