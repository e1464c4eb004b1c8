/** Batches and queues: who gets which item, with every hand-out attributed in the audit log. */
import type { ProcedureOutput } from '../../core/contract.ts';
import { AppError } from '../../core/errors.ts';
import type { Workspace } from '../../db/workspace.ts';
import type { Actor } from '../router.ts';
import { audit, teamOf } from './repos.ts';

type Batch = ProcedureOutput<'batches.list'>['batches'][number];
type Filter = Parameters<Workspace['samples']['idsMatching']>[0];

function activeIds(ws: Workspace, names: readonly string[]): number[] {
  const repo = teamOf(ws).annotators;
  return [...new Set(names)].map((name) => {
    const row = repo.byName(name);
    if (!row) throw new AppError('not_found', `No annotator named "${name}".`);
    if (row.revokedAt) throw new AppError('invalid_input', `${name} was revoked and cannot be assigned work.`);
    return row.id;
  });
}

export function batchNamed(ws: Workspace, name: string): Batch {
  const batch = teamOf(ws).assignments.batches().find((b) => b.name === name);
  if (!batch) throw new AppError('not_found', `No batch named "${name}".`);
  return batch;
}

export function createBatch(ws: Workspace, actor: Actor, input: { name: string; filter: Filter; overlap: number; annotators: string[]; limit: number }): Batch {
  const memberIds = activeIds(ws, input.annotators);
  if (input.overlap > 0 && memberIds.length < 2) throw new AppError('invalid_input', 'An overlap share needs at least two annotators (overlap items go to two different people); pass overlap 0 for one.');
  const sampleIds = ws.samples.idsMatching(input.filter, input.limit);
  if (sampleIds.length === 0) throw new AppError('invalid_input', 'No samples match that filter.');
  ws.transaction(() => {
    const created = teamOf(ws).assignments.createBatch({ name: input.name, filter: input.filter, overlap: input.overlap, createdBy: actor.id, sampleIds, memberIds });
    audit(ws, actor, 'batch.create', `batch:${input.name}`, { filter: input.filter, overlap: input.overlap, annotators: input.annotators, items: created.items, overlapItems: created.overlapItems });
  });
  return batchNamed(ws, input.name);
}

export function assignBatch(ws: Workspace, actor: Actor, name: string, annotators: string[]): Batch {
  const ids = activeIds(ws, annotators);
  ws.transaction(() => {
    teamOf(ws).assignments.addMembers(name, ids);
    audit(ws, actor, 'batch.assign', `batch:${name}`, { annotators });
  });
  return batchNamed(ws, name);
}

export function nextItem(ws: Workspace, actor: Actor, minutes: number, at = new Date()): ProcedureOutput<'queue.next'> {
  if (actor.id === null) throw new AppError('invalid_input', 'The local desktop user has no queue: queues belong to annotators signed in with a token.');
  const team = teamOf(ws);
  const item = ws.transaction(() => {
    const row = team.assignments.next(actor.id!, minutes, at);
    if (row) audit(ws, actor, 'assignment.reserve', `sample:${row.sampleId}`, { assignmentId: row.id, batch: row.batch, slot: row.slot, until: row.reservedUntil });
    return row;
  });
  return {
    item: item ? { assignmentId: item.id, batch: item.batch, sampleId: item.sampleId, slot: item.slot, reservedUntil: item.reservedUntil! } : null,
    remaining: team.assignments.remaining(actor.id, at),
  };
}

/** Called inside the review's transaction: the reviewer's reserved slot of the sample is done. */
export function completeOnReview(ws: Workspace, actor: Actor, sampleId: number): void {
  if (actor.id === null) return;
  const done = teamOf(ws).assignments.complete(sampleId, actor.id);
  if (done > 0) audit(ws, actor, 'assignment.done', `sample:${sampleId}`, { slots: done });
}
