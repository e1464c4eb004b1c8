import type { Db } from '../connection.ts';
import { nowIso } from './util.ts';

export interface RunConfigRow {
  id: number;
  name: string;
  engine: 'llama' | 'openai' | 'import';
  model: string | null;
  template: string | null;
  params: string;
  group_size: number;
  status: string;
  total: number;
  completed: number;
}

/** The write side of generation runs: which prompts a run covers, what is missing, status. */
export class GenerationRepo {
  private readonly addPromptStmt;
  private readonly runPromptsStmt;
  private readonly doneIndicesStmt;
  private readonly configStmt;
  private readonly statusStmt;
  private readonly progressStmt;
  private readonly interruptStmt;
  private readonly allPromptIdsStmt;
  private readonly unsampledPromptIdsStmt;
  private readonly countDoneStmt;
  private readonly modelStmt;

  constructor(private readonly db: Db) {
    this.addPromptStmt = db.prepare('INSERT OR IGNORE INTO run_prompts (run_id, prompt_id, position) VALUES (?, ?, ?)');
    this.runPromptsStmt = db.prepare<[number], { prompt_id: number }>('SELECT prompt_id FROM run_prompts WHERE run_id = ? ORDER BY position');
    this.doneIndicesStmt = db.prepare<[number, number], { group_index: number }>('SELECT group_index FROM samples WHERE run_id = ? AND prompt_id = ?');
    this.configStmt = db.prepare<[number], RunConfigRow>('SELECT id, name, engine, model, template, params, group_size, status, total, completed FROM runs WHERE id = ?');
    this.statusStmt = db.prepare('UPDATE runs SET status = @status, error = @error, finished_at = @finishedAt, started_at = coalesce(@startedAt, started_at) WHERE id = @id');
    this.progressStmt = db.prepare('UPDATE runs SET completed = ? WHERE id = ?');
    this.interruptStmt = db.prepare("UPDATE runs SET status = 'interrupted' WHERE status IN ('running', 'queued') AND engine <> 'import'");
    this.allPromptIdsStmt = db.prepare<[], { id: number }>('SELECT id FROM prompts ORDER BY id');
    this.unsampledPromptIdsStmt = db.prepare<[], { id: number }>('SELECT p.id FROM prompts p WHERE NOT EXISTS (SELECT 1 FROM samples s WHERE s.prompt_id = p.id) ORDER BY p.id');
    this.countDoneStmt = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM samples WHERE run_id = ?');
    this.modelStmt = db.prepare('UPDATE runs SET model = ? WHERE id = ?');
  }

  addPrompts(runId: number, promptIds: readonly number[]): void {
    this.db.transaction(() => promptIds.forEach((id, position) => this.addPromptStmt.run(runId, id, position)))();
  }

  promptIds(runId: number): number[] {
    return this.runPromptsStmt.all(runId).map((r) => r.prompt_id);
  }

  allPromptIds(): number[] {
    return this.allPromptIdsStmt.all().map((r) => r.id);
  }

  unsampledPromptIds(): number[] {
    return this.unsampledPromptIdsStmt.all().map((r) => r.id);
  }

  doneIndices(runId: number, promptId: number): Set<number> {
    return new Set(this.doneIndicesStmt.all(runId, promptId).map((r) => r.group_index));
  }

  countDone(runId: number): number {
    return this.countDoneStmt.get(runId)!.n;
  }

  config(runId: number): RunConfigRow | undefined {
    return this.configStmt.get(runId);
  }

  setStatus(id: number, status: string, error: string | null = null): void {
    const finished = ['done', 'failed', 'cancelled', 'interrupted'].includes(status);
    this.statusStmt.run({ id, status, error, finishedAt: finished ? nowIso() : null, startedAt: status === 'running' ? nowIso() : null });
  }

  setModelInfo(id: number, model: unknown): void {
    this.modelStmt.run(JSON.stringify(model), id);
  }

  verdictCounts(runId: number): Record<string, number> {
    const rows = this.db.prepare('SELECT verdict AS k, count(*) AS n FROM samples WHERE run_id = ? GROUP BY verdict').all(runId) as Array<{ k: string; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.k, r.n]));
  }

  setCompleted(id: number, completed: number): void {
    this.progressStmt.run(completed, id);
  }

  /** At start-up: runs a crashed process left "running" are interrupted, ready to resume. */
  markInterrupted(): number {
    return this.interruptStmt.run().changes;
  }
}
