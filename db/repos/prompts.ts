import type { Db } from '../connection.ts';
import type { Prompt } from '../../core/contract.ts';
import { nowIso } from './util.ts';

export interface NewPrompt {
  externalId: string | null;
  text: string;
  referenceAnswer: string | null;
  task: 'math' | 'code' | 'logic' | 'general';
  language: string | null;
  source: string | null;
  meta: Record<string, unknown> | null;
  textHash: string;
}

interface PromptRow {
  id: number;
  external_id: string | null;
  text: string;
  reference_answer: string | null;
  task: Prompt['task'];
  language: string | null;
  source: string | null;
  created_at: string;
}

const toPrompt = (r: PromptRow): Prompt => ({
  id: r.id,
  externalId: r.external_id,
  text: r.text,
  referenceAnswer: r.reference_answer,
  task: r.task,
  language: r.language,
  source: r.source,
  createdAt: r.created_at,
});

export class PromptsRepo {
  private readonly insertStmt;
  private readonly byHashStmt;
  private readonly byIdStmt;
  private readonly byExternalStmt;
  private readonly listStmt;
  private readonly countStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO prompts (external_id, text, reference_answer, task, language, source, meta, text_hash, created_at)
       VALUES (@externalId, @text, @referenceAnswer, @task, @language, @source, @meta, @textHash, @createdAt)
       ON CONFLICT (text_hash) DO NOTHING`,
    );
    this.byHashStmt = db.prepare<[string], { id: number }>('SELECT id FROM prompts WHERE text_hash = ?');
    this.byIdStmt = db.prepare<[number], PromptRow>('SELECT * FROM prompts WHERE id = ?');
    this.byExternalStmt = db.prepare<[string], { id: number }>('SELECT id FROM prompts WHERE external_id = ? ORDER BY id LIMIT 1');
    this.listStmt = db.prepare<[number, number], PromptRow>('SELECT * FROM prompts WHERE id > ? ORDER BY id LIMIT ?');
    this.countStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM prompts');
  }

  /** Inserts the prompt unless the same text exists; returns the id either way. */
  upsert(prompt: NewPrompt): { id: number; created: boolean } {
    const info = this.insertStmt.run({ ...prompt, meta: prompt.meta ? JSON.stringify(prompt.meta) : null, createdAt: nowIso() });
    if (info.changes === 1) return { id: Number(info.lastInsertRowid), created: true };
    return { id: this.byHashStmt.get(prompt.textHash)!.id, created: false };
  }

  idByHash(textHash: string): number | undefined {
    return this.byHashStmt.get(textHash)?.id;
  }

  idByExternalId(externalId: string): number | undefined {
    return this.byExternalStmt.get(externalId)?.id;
  }

  get(id: number): Prompt | undefined {
    const row = this.byIdStmt.get(id);
    return row && toPrompt(row);
  }

  list(afterId: number, limit: number): Prompt[] {
    return this.listStmt.all(afterId, limit).map(toPrompt);
  }

  count(): number {
    return this.countStmt.get()!.n;
  }
}
