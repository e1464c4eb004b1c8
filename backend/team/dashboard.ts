/** The numbers a lead watches: per annotator and overall, computed from reviews, revisions, assignments and flags. */
import type { ProcedureOutput } from '../../core/contract.ts';
import type { Workspace } from '../../db/workspace.ts';
import { annotatorAgreement, computeAgreement, findDisagreements } from './agreement.ts';
import { teamOf } from './repos.ts';

export type Dashboard = ProcedureOutput<'team.dashboard'>;
type Member = Dashboard['members'][number];

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const LOCAL = 'local';

export function buildDashboard(ws: Workspace, at = new Date()): Dashboard {
  const team = teamOf(ws);
  const people = team.annotators.list();
  const nameById = new Map(people.map((p) => [p.id, p.name]));
  const nameOf = (id: number | null) => (id === null ? LOCAL : (nameById.get(id) ?? `#${id}`));
  const key = (id: number | null) => (id === null ? 'local' : String(id));

  const latest = team.stats.latestDecisions();
  const perDay = team.stats.reviewsPerDay();
  const seconds = team.stats.reviewSeconds();
  const revisions = team.stats.revisionsByAuthor();
  const flags = team.stats.flags();
  const agreement = computeAgreement(latest, nameOf);
  const disagreements = findDisagreements(latest, team.stats.adjudications(), nameOf);

  const blank = (annotator: string, role: Member['role']): Member => ({
    annotator,
    role,
    reviewed: 0,
    accepted: 0,
    rejected: 0,
    needsRewrite: 0,
    rewritten: 0,
    acceptanceRate: null,
    medianSeconds: null,
    perDay: [],
    queueRemaining: 0,
    flagsBefore: {},
    flagsAfter: {},
    agreement: null,
  });
  const members = new Map<string, Member>();
  for (const p of people) members.set(key(p.id), { ...blank(p.name, p.role), queueRemaining: p.revokedAt ? 0 : team.assignments.remaining(p.id, at) });
  // The local desktop user appears only once they have done something.
  const member = (id: number | null): Member => {
    let m = members.get(key(id));
    if (!m) members.set(key(id), (m = blank(nameOf(id), id === null ? 'lead' : null)));
    return m;
  };

  for (const d of latest) {
    const m = member(d.annotatorId);
    m.reviewed++;
    if (d.decision === 'accepted') m.accepted++;
    else if (d.decision === 'rejected') m.rejected++;
    else m.needsRewrite++;
  }
  for (const r of revisions) member(r.annotatorId).rewritten += r.n;
  for (const d of perDay) member(d.annotatorId).perDay.push({ day: d.key, reviewed: d.n });
  const secondsBy = new Map<string, number[]>();
  for (const s of seconds) {
    const list = secondsBy.get(key(s.annotatorId)) ?? [];
    list.push(s.seconds);
    secondsBy.set(key(s.annotatorId), list);
  }
  for (const [k, list] of secondsBy) members.get(k)!.medianSeconds ??= median(list);
  for (const f of flags.before) member(f.annotatorId).flagsBefore[f.key] = f.n;
  for (const f of flags.after) member(f.annotatorId).flagsAfter[f.key] = f.n;
  for (const m of members.values()) {
    m.acceptanceRate = m.reviewed ? m.accepted / m.reviewed : null;
    m.agreement = annotatorAgreement(m.annotator, agreement.pairs);
  }

  const list = [...members.values()];
  const sum = (pick: (m: Member) => number) => list.reduce((n, m) => n + pick(m), 0);
  const days = new Map<string, number>();
  for (const d of perDay) days.set(d.key, (days.get(d.key) ?? 0) + d.n);
  const reviewed = sum((m) => m.reviewed);
  const accepted = sum((m) => m.accepted);
  return {
    members: list,
    overall: {
      reviewed,
      accepted,
      rejected: sum((m) => m.rejected),
      needsRewrite: sum((m) => m.needsRewrite),
      rewritten: sum((m) => m.rewritten),
      acceptanceRate: reviewed ? accepted / reviewed : null,
      medianSeconds: median(seconds.map((s) => s.seconds)),
      perDay: [...days].sort((a, b) => a[0].localeCompare(b[0])).map(([day, n]) => ({ day, reviewed: n })),
      queueRemaining: team.assignments.batches().reduce((n, b) => n + b.open + b.reserved, 0),
      flagsBefore: flags.beforeAll,
      flagsAfter: flags.afterAll,
      fleiss: agreement.fleiss.kappa,
      overlapItems: team.assignments.overlapSampleIds().length,
      disagreements: disagreements.filter((d) => d.adjudicated === null).length,
    },
    agreement,
    generatedAt: at.toISOString(),
  };
}
