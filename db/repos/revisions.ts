import type { Db } from '../connection.ts';
import type { Revision } from '../../core/contract.ts';
import { AppError } from '../../core/errors.ts';
import { nowIso } from './util.ts';

interface RevisionRow {
  id: number;
  parent_id: number | null;
  author: string | null;
  completion: string;
  reasoning: string;
  summary: string;
  note: string | null;
  created_at: string;
}

const toRevision = (r: RevisionRow): Revision => ({
  id: r.id,
  parentId: r.parent_id,
  author: r.author,
  completion: r.completion,
  reasoning: r.reasoning,
  summary: r.summary,
  note: r.note,
  createdAt: r.created_at,
});

const SELECT = `SELECT v.id, v.parent_id, a.name AS author, v.completion, v.reasoning, v.summary, v.note, v.created_at
  FROM revisions v LEFT JOIN annotators a ON a.id = v.author_id`;

export interface NewRevision {
  sampleId: number;
  baseRevisionId: number | null;
  authorId: number | null;
  completion: string;
  reasoning: string;
  summary: string;
  note: string | null;
}

export class RevisionsRepo {
  private readonly currentStmt;
  private readonly insertStmt;
  private readonly pointStmt;
  private readonly getStmt;
  private readonly historyStmt;
  private readonly countStmt;

  constructor(private readonly db: Db) {
    this.currentStmt = db.prepare<[number], { current_revision_id: number | null }>('SELECT current_revision_id FROM samples WHERE id = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO revisions (sample_id, parent_id, author_id, completion, reasoning, summary, note, created_at)
       VALUES (@sampleId, @baseRevisionId, @authorId, @completion, @reasoning, @summary, @note, @now)`,
    );
    this.pointStmt = db.prepare('UPDATE samples SET current_revision_id = ?, length = ?, updated_at = ? WHERE id = ?');
    this.getStmt = db.prepare<[number], RevisionRow>(`${SELECT} WHERE v.id = ?`);
    this.historyStmt = db.prepare<[number], RevisionRow>(`${SELECT} WHERE v.sample_id = ? ORDER BY v.id DESC`);
    this.countStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM revisions');
  }

  /**
   * Appends a revision on top of `baseRevisionId`. If the sample's current revision is not
   * that base, someone else saved in between: that is a conflict carrying both versions,
   * never a silent overwrite. Runs in an immediate transaction so the check and the write
   * cannot interleave with another writer.
   */
  append(revision: NewRevision): Revision {
    return this.db
      .transaction((): Revision => {
        const current = this.currentStmt.get(revision.sampleId);
        if (!current) throw new AppError('not_found', `Sample ${revision.sampleId} does not exist.`);
        if (current.current_revision_id !== revision.baseRevisionId) {
          const theirs = current.current_revision_id == null ? null : this.get(current.current_revision_id);
          throw new AppError('conflict', `Sample ${revision.sampleId} was changed by ${theirs?.author ?? 'someone else'} since you started editing.`, {
            sampleId: revision.sampleId,
            baseRevisionId: revision.baseRevisionId,
            current: theirs,
            yours: { completion: revision.completion, note: revision.note },
          });
        }
        const info = this.insertStmt.run({ ...revision, completion: revision.completion.toWellFormed(), now: nowIso() });
        const id = Number(info.lastInsertRowid);
        this.pointStmt.run(id, revision.completion.length, nowIso(), revision.sampleId);
        return this.get(id)!;
      })
      .immediate();
  }

  get(id: number): Revision | undefined {
    const row = this.getStmt.get(id);
    return row && toRevision(row);
  }

  history(sampleId: number): Revision[] {
    return this.historyStmt.all(sampleId).map(toRevision);
  }

  count(): number {
    return this.countStmt.get()!.n;
  }
}
