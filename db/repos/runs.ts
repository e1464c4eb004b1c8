import type { Db } from '../connection.ts';
import type { Run } from '../../core/contract.ts';
import { nowIso } from './util.ts';

interface RunRow {
  id: number;
  name: string;
  engine: Run['engine'];
  status: Run['status'];
  group_size: number;
  total: number;
  completed: number;
  source: string | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

const toRun = (r: RunRow): Run => ({
  id: r.id,
  name: r.name,
  engine: r.engine,
  status: r.status,
  groupSize: r.group_size,
  total: r.total,
  completed: r.completed,
  source: r.source,
  error: r.error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

export interface NewRun {
  name: string;
  engine: Run['engine'];
  status: Run['status'];
  groupSize: number;
  source?: string | null;
  model?: unknown;
  template?: string | null;
  params?: unknown;
  total?: number;
  createdBy?: number | null;
}

export class RunsRepo {
  private readonly insertStmt;
  private readonly listStmt;
  private readonly getStmt;
  private readonly finishStmt;
  private readonly countStmt;
  private readonly countGenerationsStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO runs (name, engine, model, template, params, group_size, status, total, source, created_by, created_at, started_at)
       VALUES (@name, @engine, @model, @template, @params, @groupSize, @status, @total, @source, @createdBy, @now, @now)`,
    );
    this.listStmt = db.prepare<[], RunRow>('SELECT * FROM runs ORDER BY id DESC');
    this.getStmt = db.prepare<[number], RunRow>('SELECT * FROM runs WHERE id = ?');
    this.finishStmt = db.prepare('UPDATE runs SET status = @status, completed = @completed, total = @total, error = @error, finished_at = @now WHERE id = @id');
    this.countStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM runs');
    this.countGenerationsStmt = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM runs WHERE engine <> 'import'");
  }

  create(run: NewRun): number {
    const info = this.insertStmt.run({
      name: run.name,
      engine: run.engine,
      model: run.model === undefined ? null : JSON.stringify(run.model),
      template: run.template ?? null,
      params: JSON.stringify(run.params ?? {}),
      groupSize: run.groupSize,
      status: run.status,
      total: run.total ?? 0,
      source: run.source ?? null,
      createdBy: run.createdBy ?? null,
      now: nowIso(),
    });
    return Number(info.lastInsertRowid);
  }

  finish(id: number, status: Run['status'], completed: number, total: number, error: string | null = null): void {
    this.finishStmt.run({ id, status, completed, total, error, now: nowIso() });
  }

  list(): Run[] {
    return this.listStmt.all().map(toRun);
  }

  get(id: number): Run | undefined {
    const row = this.getStmt.get(id);
    return row && toRun(row);
  }

  count(): number {
    return this.countStmt.get()!.n;
  }

  /** Runs that generated samples: an import is recorded as a run too, but nobody started it on the Generate screen. */
  countGenerations(): number {
    return this.countGenerationsStmt.get()!.n;
  }
}
