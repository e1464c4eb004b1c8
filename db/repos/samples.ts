import type { Db } from '../connection.ts';
import type { SampleRow } from '../../core/contract.ts';
import { AppError } from '../../core/errors.ts';
import { sliceBody, traceSpans } from '../../core/trace.ts';
import { nowIso, StatementCache } from './util.ts';
import { searchClause, SearchRepo } from './search.ts';

const SEARCH_CATCH_UP_MS = 150;

export interface NewSample {
  runId: number;
  promptId: number;
  groupIndex: number;
  completion: string;
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  durationMs: number | null;
  verdict: 'correct' | 'incorrect' | 'unverifiable';
  extractedAnswer: string | null;
  language: string | null;
  contentHash: string;
}

export interface SampleListQuery {
  filter: { status?: string; verdict?: string; flag?: string; runId?: number; language?: string; promptId?: number; clean?: boolean; assignee?: string; search?: string };
  sort: { field: 'updated' | 'id' | 'length' | 'consistency'; dir: 'asc' | 'desc' };
  cursor: string | null;
  limit: number;
  withTotal: boolean;
}

interface ListRow {
  id: number;
  prompt_id: number;
  prompt_preview: string;
  run_id: number;
  run_name: string;
  group_index: number;
  verdict: SampleRow['verdict'];
  status: SampleRow['status'];
  flag_codes: string;
  flag_errors: number;
  language: string | null;
  lang_consistency: number | null;
  length: number;
  finish_reason: string | null;
  assignee: string | null;
  updated_at: string;
}

interface BodyRow {
  completion: string;
  reasoning_at: number;
  reasoning_len: number;
  summary_at: number;
  summary_len: number;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  extracted_answer: string | null;
  current_revision_id: number | null;
}

const SORT_COLUMN = { updated: 's.updated_at', id: 's.id', length: 's.length', consistency: 'coalesce(s.lang_consistency, -1)' } as const;

const toRow = (r: ListRow): SampleRow => ({
  id: r.id,
  promptId: r.prompt_id,
  promptPreview: r.prompt_preview,
  runId: r.run_id,
  runName: r.run_name,
  groupIndex: r.group_index,
  verdict: r.verdict,
  status: r.status,
  flagCodes: r.flag_codes ? r.flag_codes.split(' ') : [],
  flagErrors: r.flag_errors,
  language: r.language,
  langConsistency: r.lang_consistency,
  length: r.length,
  finishReason: r.finish_reason,
  assignee: r.assignee,
  updatedAt: r.updated_at,
});

// The looked-up names are subqueries, not joins, so `samples` always drives the query and a
// page walks the sort index: with joins the planner may start from the one-row `runs`
// table and sort every sample of the run instead.
const SELECT_ROW = `SELECT s.id, s.prompt_id, (SELECT substr(p.text, 1, 240) FROM prompts p WHERE p.id = s.prompt_id) AS prompt_preview,
  s.run_id, (SELECT r.name FROM runs r WHERE r.id = s.run_id) AS run_name, s.group_index,
  s.verdict, s.status, s.flag_codes, s.flag_errors, s.language, s.lang_consistency, s.length, s.finish_reason,
  (SELECT a.name FROM annotators a WHERE a.id = s.assignee_id) AS assignee, s.updated_at
  FROM samples s`;

function encodeCursor(value: unknown, id: number): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string | number, number] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'number') return parsed as [string | number, number];
  } catch {
    // fall through to the error below
  }
  throw new AppError('invalid_input', 'The page cursor is not one this server issued; start again from the first page.', { field: 'cursor' });
}

export class SamplesRepo {
  private readonly statements: StatementCache;
  private readonly insertSample;
  private readonly insertBody;
  private readonly maxIndexStmt;
  private readonly getRowStmt;
  private readonly getDetailStmt;
  private readonly countStmt;

  readonly search: SearchRepo;

  constructor(private readonly db: Db) {
    this.statements = new StatementCache(db);
    this.search = new SearchRepo(db);
    this.insertSample = db.prepare(
      `INSERT INTO samples (run_id, prompt_id, group_index, finish_reason, prompt_tokens, completion_tokens, duration_ms, verdict,
         extracted_answer, length, language, content_hash, created_at, updated_at)
       VALUES (@runId, @promptId, @groupIndex, @finishReason, @promptTokens, @completionTokens, @durationMs, @verdict,
         @extractedAnswer, @length, @language, @contentHash, @now, @now)
       ON CONFLICT (content_hash) DO NOTHING`,
    );
    this.insertBody = db.prepare('INSERT INTO sample_bodies (sample_id, completion, reasoning_at, reasoning_len, summary_at, summary_len) VALUES (?, ?, ?, ?, ?, ?)');
    this.maxIndexStmt = db.prepare<[number, number], { n: number | null }>('SELECT max(group_index) AS n FROM samples WHERE run_id = ? AND prompt_id = ?');
    this.getRowStmt = db.prepare<[number], ListRow>(`${SELECT_ROW} WHERE s.id = ?`);
    this.getDetailStmt = db.prepare<[number], BodyRow>(
      `SELECT b.completion, b.reasoning_at, b.reasoning_len, b.summary_at, b.summary_len, s.prompt_tokens, s.completion_tokens, s.extracted_answer, s.current_revision_id
       FROM samples s JOIN sample_bodies b ON b.sample_id = s.id WHERE s.id = ?`,
    );
    this.countStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM samples');
  }

  /** Inserts a sample and its raw body; returns its id, or null if the same content is already stored. */
  insert(input: NewSample): number | null {
    // SQLite stores UTF-8: a lone surrogate cannot survive the trip, and would shift every
    // offset after it. Replace it (U+FFFD) first, so spans and flags line up with what is read back.
    const sample = { ...input, completion: input.completion.toWellFormed() };
    const info = this.insertSample.run({ ...sample, length: sample.completion.length, now: nowIso() });
    if (info.changes === 0) return null;
    const id = Number(info.lastInsertRowid);
    const at = traceSpans(sample.completion);
    this.insertBody.run(id, sample.completion, at.reasoningAt, at.reasoningLen, at.summaryAt, at.summaryLen);
    return id;
  }

  nextGroupIndex(runId: number, promptId: number): number {
    const n = this.maxIndexStmt.get(runId, promptId)?.n;
    return n == null ? 0 : n + 1;
  }

  row(id: number): SampleRow | undefined {
    const row = this.getRowStmt.get(id);
    return row && toRow(row);
  }

  body(id: number) {
    const row = this.getDetailStmt.get(id);
    return row && { ...row, ...sliceBody(row) };
  }

  count(): number {
    return this.countStmt.get()!.n;
  }

  list(query: SampleListQuery): { rows: SampleRow[]; nextCursor: string | null; total: number | null } {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    const f = query.filter;
    if (f.status) (where.push('s.status = @status'), (params.status = f.status));
    if (f.verdict) (where.push('s.verdict = @verdict'), (params.verdict = f.verdict));
    if (f.runId !== undefined) (where.push('s.run_id = @runId'), (params.runId = f.runId));
    if (f.promptId !== undefined) (where.push('s.prompt_id = @promptId'), (params.promptId = f.promptId));
    if (f.language) (where.push('s.language = @language'), (params.language = f.language));
    if (f.clean !== undefined) where.push(f.clean ? 's.flag_errors = 0' : 's.flag_errors > 0');
    if (f.assignee) (where.push('s.assignee_id = (SELECT id FROM annotators WHERE name = @assignee)'), (params.assignee = f.assignee));
    if (f.search) {
      // Whatever is still unindexed gets a bounded head start, so a fresh workspace finds its samples.
      this.search.catchUp(SEARCH_CATCH_UP_MS);
      const clause = searchClause(f.search);
      where.push(clause.sql);
      params.search = clause.param;
    }
    if (f.flag) {
      // Flags of the current text only: a flag fixed by a revision no longer matches.
      where.push('EXISTS (SELECT 1 FROM flags fl WHERE fl.code = @flag AND fl.sample_id = s.id AND fl.revision_id IS s.current_revision_id)');
      params.flag = f.flag;
    }
    const filterWhere = [...where];
    const column = SORT_COLUMN[query.sort.field];
    const dir = query.sort.dir === 'desc' ? 'DESC' : 'ASC';
    const cmp = dir === 'DESC' ? '<' : '>';
    if (query.cursor) {
      const [value, id] = decodeCursor(query.cursor);
      if (query.sort.field === 'id') where.push(`s.id ${cmp} @cursorId`);
      else where.push(`(${column}, s.id) ${cmp} (@cursorValue, @cursorId)`);
      params.cursorValue = value;
      params.cursorId = id;
    }
    const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const order = query.sort.field === 'id' ? `s.id ${dir}` : `${column} ${dir}, s.id ${dir}`;
    const sql = `${SELECT_ROW}${whereSql} ORDER BY ${order} LIMIT @limit`;
    const raw = this.statements.get(sql).all({ ...params, limit: query.limit + 1 }) as ListRow[];
    const hasMore = raw.length > query.limit;
    const rows = raw.slice(0, query.limit).map(toRow);
    const last = raw[query.limit - 1];
    const nextCursor = hasMore && last ? encodeCursor(sortValue(query.sort.field, last), last.id) : null;
    let total: number | null = null;
    if (query.withTotal) {
      const countSql = `SELECT count(*) AS n FROM samples s${filterWhere.length ? ` WHERE ${filterWhere.join(' AND ')}` : ''}`;
      const { cursorValue: _v, cursorId: _i, ...filterParams } = params;
      total = (this.statements.get(countSql).get(filterParams) as { n: number }).n;
    }
    return { rows, nextCursor, total };
  }

  /** Ids of every sample matching a filter, for bulk actions (capped, in id order). */
  idsMatching(filter: SampleListQuery['filter'], cap: number): number[] {
    const rows = this.list({ filter, sort: { field: 'id', dir: 'asc' }, cursor: null, limit: cap, withTotal: false }).rows;
    return rows.map((r) => r.id);
  }

  /** The other samples of the same run and prompt (its GRPO group). */
  groupOf(sampleId: number): SampleRow[] {
    const row = this.row(sampleId);
    if (!row) return [];
    return this.list({ filter: { runId: row.runId, promptId: row.promptId }, sort: { field: 'id', dir: 'asc' }, cursor: null, limit: 64, withTotal: false }).rows;
  }

  /** Replaces the stored flags of the sample's current text and the summary columns the table shows. */
  writeFlags(
    sampleId: number,
    revisionId: number | null,
    flags: ReadonlyArray<{ code: string; severity: string; start: number; end: number; message: string }>,
    scores: { language: string | null; consistency: number | null },
    detectorVersion: string,
  ): void {
    const del = this.statements.get('DELETE FROM flags WHERE sample_id = ? AND revision_id IS ?');
    const ins = this.statements.get(
      'INSERT INTO flags (sample_id, revision_id, code, severity, start, end, message, detector_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    del.run(sampleId, revisionId);
    for (const flag of flags) ins.run(sampleId, revisionId, flag.code, flag.severity, flag.start, flag.end, flag.message, detectorVersion);
    const codes = [...new Set(flags.map((fl) => fl.code))].sort().join(' ');
    const errors = flags.filter((fl) => fl.severity === 'error').length;
    this.statements
      .get('UPDATE samples SET flag_codes = ?, flag_errors = ?, lang_consistency = ?, language = coalesce(?, language), flagged_version = ? WHERE id = ?')
      .run(codes, errors, scores.consistency, scores.language, detectorVersion, sampleId);
  }

  flagsOf(sampleId: number, revisionId: number | null) {
    return this.statements
      .get('SELECT code, severity, start, end, message FROM flags WHERE sample_id = ? AND revision_id IS ? ORDER BY start, id')
      .all(sampleId, revisionId) as Array<{ code: string; severity: 'error' | 'warning' | 'info'; start: number; end: number; message: string }>;
  }

  countNeedingFlags(detectorVersion: string): number {
    return (this.statements.get('SELECT count(*) AS n FROM samples WHERE flagged_version IS NULL OR flagged_version <> ?').get(detectorVersion) as { n: number }).n;
  }

  /** Samples whose flags are missing or came from another detector version, for the background flagger. */
  needingFlags(detectorVersion: string, afterId: number, limit: number): number[] {
    return (
      this.statements
        .get('SELECT id FROM samples WHERE id > ? AND (flagged_version IS NULL OR flagged_version <> ?) ORDER BY id LIMIT ?')
        .all(afterId, detectorVersion, limit) as Array<{ id: number }>
    ).map((r) => r.id);
  }
}

function sortValue(field: SampleListQuery['sort']['field'], row: ListRow): string | number {
  switch (field) {
    case 'updated':
      return row.updated_at;
    case 'length':
      return row.length;
    case 'consistency':
      return row.lang_consistency ?? -1;
    case 'id':
      return row.id;
  }
}
