import type { Db } from '../connection.ts';
import { sliceBody } from '../../core/trace.ts';
import { nowIso, parseJson } from './util.ts';

export type Include = 'accepted' | 'clean' | 'all';

/** Which samples a commit takes; the text is the current revision or, unedited, the raw output. */
const INCLUDE_WHERE: Record<Include, string> = {
  accepted: "s.status = 'accepted'",
  clean: "s.status <> 'rejected' AND s.flag_errors = 0",
  all: "s.status <> 'rejected'",
};

/** The small columns of a selected sample: enough for the stats, without the trace body. */
export interface SelectionRow {
  sample_id: number;
  revision_id: number | null;
  prompt_id: number;
  task: string;
  language: string | null;
  verdict: string;
  flag_codes: string;
  length: number;
}

/**
 * One item with its text, as a commit hashes it and an export writes it. The full completion
 * is left out: converting it to a JS string too would double what a 100k-sample export reads.
 */
export interface ItemText {
  sample_id: number;
  revision_id: number | null;
  prompt_id: number;
  prompt: string;
  reasoning: string;
  summary: string;
}

export interface VersionRow {
  id: number;
  name: string;
  parent_id: number | null;
  parent_name: string | null;
  message: string;
  author_id: number | null;
  author: string | null;
  include: Include;
  stats: string;
  content_sha256: string;
  created_at: string;
  items: number;
}

export interface NewVersion {
  name: string;
  parentId: number | null;
  message: string;
  authorId: number | null;
  include: Include;
  stats: unknown;
  contentSha256: string;
}

// Unedited samples keep their reasoning and summary as spans of the raw completion.
const TEXT_COLUMNS = `p.text AS prompt, r.reasoning AS rev_reasoning, r.summary AS rev_summary,
  CASE WHEN r.id IS NULL THEN b.completion END AS completion, b.reasoning_at, b.reasoning_len, b.summary_at, b.summary_len`;

type RawItemText = Omit<ItemText, 'reasoning' | 'summary'> & {
  rev_reasoning: string | null;
  rev_summary: string | null;
  completion: string | null;
  reasoning_at: number;
  reasoning_len: number;
  summary_at: number;
  summary_len: number;
};

function toItemText(row: RawItemText): ItemText {
  const { rev_reasoning, rev_summary, completion, reasoning_at, reasoning_len, summary_at, summary_len, ...rest } = row;
  if (completion === null) return { ...rest, reasoning: rev_reasoning ?? '', summary: rev_summary ?? '' };
  return { ...rest, ...sliceBody({ completion, reasoning_at, reasoning_len, summary_at, summary_len }) };
}

const SELECT_VERSION = `SELECT v.id, v.name, v.parent_id, pv.name AS parent_name, v.message, v.author_id, a.name AS author, v.include,
  v.stats, v.content_sha256, v.created_at, (SELECT count(*) FROM dataset_version_items i WHERE i.version_id = v.id) AS items
  FROM dataset_versions v LEFT JOIN dataset_versions pv ON pv.id = v.parent_id LEFT JOIN annotators a ON a.id = v.author_id`;

export class VersionsRepo {
  private readonly selection;
  private readonly selectionTexts;
  private readonly insertItems;
  private readonly insertStmt;
  private readonly byNameStmt;
  private readonly listStmt;
  private readonly latestStmt;
  private readonly namesStmt;
  private readonly itemsStmt;
  private readonly itemTextsStmt;
  private readonly textOfStmt;

  constructor(private readonly db: Db) {
    const prep = <T>(include: Include, sql: (where: string) => string) => db.prepare<[], T>(sql(INCLUDE_WHERE[include]));
    const byInclude = <T>(sql: (where: string) => string) => ({ accepted: prep<T>('accepted', sql), clean: prep<T>('clean', sql), all: prep<T>('all', sql) });
    this.selection = byInclude<SelectionRow>(
      (where) => `SELECT s.id AS sample_id, s.current_revision_id AS revision_id, s.prompt_id, p.task, s.language, s.verdict, s.flag_codes, s.length
        FROM samples s JOIN prompts p ON p.id = s.prompt_id WHERE ${where} ORDER BY s.id`,
    );
    this.selectionTexts = byInclude<ItemText>(
      (where) => `SELECT s.id AS sample_id, s.current_revision_id AS revision_id, s.prompt_id, ${TEXT_COLUMNS}
        FROM samples s JOIN prompts p ON p.id = s.prompt_id JOIN sample_bodies b ON b.sample_id = s.id
        LEFT JOIN revisions r ON r.id = s.current_revision_id WHERE ${where} ORDER BY s.id`,
    );
    this.insertItems = {
      accepted: db.prepare<[number]>(`INSERT INTO dataset_version_items (version_id, sample_id, revision_id) SELECT ?, s.id, s.current_revision_id FROM samples s WHERE ${INCLUDE_WHERE.accepted}`),
      clean: db.prepare<[number]>(`INSERT INTO dataset_version_items (version_id, sample_id, revision_id) SELECT ?, s.id, s.current_revision_id FROM samples s WHERE ${INCLUDE_WHERE.clean}`),
      all: db.prepare<[number]>(`INSERT INTO dataset_version_items (version_id, sample_id, revision_id) SELECT ?, s.id, s.current_revision_id FROM samples s WHERE ${INCLUDE_WHERE.all}`),
    };
    this.insertStmt = db.prepare(
      `INSERT INTO dataset_versions (name, parent_id, message, author_id, include, stats, content_sha256, created_at)
       VALUES (@name, @parentId, @message, @authorId, @include, @stats, @contentSha256, @createdAt)`,
    );
    this.byNameStmt = db.prepare<[string], VersionRow>(`${SELECT_VERSION} WHERE v.name = ?`);
    this.listStmt = db.prepare<[], VersionRow>(`${SELECT_VERSION} ORDER BY v.id DESC`);
    this.namesStmt = db.prepare<[], string>('SELECT name FROM dataset_versions ORDER BY id').pluck();
    this.latestStmt = db.prepare<[], { id: number; name: string }>('SELECT id, name FROM dataset_versions ORDER BY id DESC LIMIT 1');
    this.itemsStmt = db.prepare<[number], { sample_id: number; revision_id: number | null }>(
      'SELECT sample_id, revision_id FROM dataset_version_items WHERE version_id = ? ORDER BY sample_id',
    );
    this.itemTextsStmt = db.prepare<[number, number, number], ItemText>(
      `SELECT i.sample_id, i.revision_id, s.prompt_id, ${TEXT_COLUMNS}
        FROM dataset_version_items i JOIN samples s ON s.id = i.sample_id JOIN prompts p ON p.id = s.prompt_id
        JOIN sample_bodies b ON b.sample_id = i.sample_id LEFT JOIN revisions r ON r.id = i.revision_id
        WHERE i.version_id = ? AND i.sample_id > ? ORDER BY i.sample_id LIMIT ?`,
    );
    this.textOfStmt = db.prepare<[number | null, number], { completion: string }>(
      `SELECT coalesce((SELECT completion FROM revisions WHERE id = ?), b.completion) AS completion FROM sample_bodies b WHERE b.sample_id = ?`,
    );
  }

  /** The selected samples' small columns, in id order. */
  selectionRows(include: Include): SelectionRow[] {
    return this.selection[include].all();
  }

  /** Streams the selected samples' texts in id order; call inside a transaction so it matches `selectionRows`. */
  iterateSelectionTexts(include: Include): IterableIterator<ItemText> {
    const rows = this.selectionTexts[include].iterate() as IterableIterator<RawItemText>;
    return (function* () {
      for (const row of rows) yield toItemText(row);
    })();
  }

  /** Creates the version row and pins the current revision of every selected sample; returns the id. */
  insert(version: NewVersion): number {
    const info = this.insertStmt.run({ ...version, stats: JSON.stringify(version.stats), createdAt: nowIso() });
    const id = Number(info.lastInsertRowid);
    this.insertItems[version.include].run(id);
    return id;
  }

  byName(name: string): VersionRow | undefined {
    return this.byNameStmt.get(name);
  }

  list(): VersionRow[] {
    return this.listStmt.all();
  }

  names(): string[] {
    return this.namesStmt.all();
  }

  latest(): { id: number; name: string } | undefined {
    return this.latestStmt.get();
  }

  items(versionId: number): { sample_id: number; revision_id: number | null }[] {
    return this.itemsStmt.all(versionId);
  }

  /**
   * One page of a version's items with their texts, keyset-paginated by sample id. Items,
   * revisions and raw bodies are all immutable, so pages read at different times still form
   * one consistent snapshot, and no read transaction is held across an export's awaits.
   */
  itemTexts(versionId: number, afterSampleId: number, limit: number): ItemText[] {
    return (this.itemTextsStmt.all(versionId, afterSampleId, limit) as unknown as RawItemText[]).map(toItemText);
  }

  /** The completion text a version pinned for a sample (a revision, or the raw output). */
  completionOf(sampleId: number, revisionId: number | null): string {
    return this.textOfStmt.get(revisionId, sampleId)?.completion ?? '';
  }
}

export const parseStats = <T>(row: VersionRow, fallback: T): T => parseJson<T>(row.stats, fallback);
