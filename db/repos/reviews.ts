import type { Db } from '../connection.ts';
import { AppError } from '../../core/errors.ts';
import { nowIso } from './util.ts';

export type Decision = 'accepted' | 'rejected' | 'needs_rewrite';

export interface ReviewRow {
  id: number;
  sampleId: number;
  annotator: string | null;
  revisionId: number | null;
  decision: Decision;
  reasons: string[];
  seconds: number | null;
  adjudication: boolean;
  createdAt: string;
}

interface RawReview {
  id: number;
  sample_id: number;
  annotator: string | null;
  revision_id: number | null;
  decision: Decision;
  reasons: string;
  seconds: number | null;
  adjudication: number;
  created_at: string;
}

const toReview = (r: RawReview): ReviewRow => ({
  id: r.id,
  sampleId: r.sample_id,
  annotator: r.annotator,
  revisionId: r.revision_id,
  decision: r.decision,
  reasons: JSON.parse(r.reasons) as string[],
  seconds: r.seconds,
  adjudication: r.adjudication === 1,
  createdAt: r.created_at,
});

export class ReviewsRepo {
  private readonly currentStmt;
  private readonly insertStmt;
  private readonly statusStmt;
  private readonly getStmt;
  private readonly bySampleStmt;

  constructor(private readonly db: Db) {
    this.currentStmt = db.prepare<[number], { current_revision_id: number | null }>('SELECT current_revision_id FROM samples WHERE id = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO reviews (sample_id, annotator_id, revision_id, decision, reasons, seconds, adjudication, created_at)
       VALUES (@sampleId, @annotatorId, @revisionId, @decision, @reasons, @seconds, @adjudication, @now)`,
    );
    this.statusStmt = db.prepare('UPDATE samples SET status = ?, updated_at = ? WHERE id = ?');
    const select = `SELECT r.id, r.sample_id, a.name AS annotator, r.revision_id, r.decision, r.reasons, r.seconds, r.adjudication, r.created_at
      FROM reviews r LEFT JOIN annotators a ON a.id = r.annotator_id`;
    this.getStmt = db.prepare<[number], RawReview>(`${select} WHERE r.id = ?`);
    this.bySampleStmt = db.prepare<[number], RawReview>(`${select} WHERE r.sample_id = ? ORDER BY r.id DESC`);
  }

  /**
   * Records a decision about the text the reviewer saw (`revisionId`, null = raw output).
   * If the text changed since, the decision is about something else: a conflict.
   */
  record(review: { sampleId: number; annotatorId: number | null; revisionId: number | null; decision: Decision; reasons: string[]; seconds: number | null; adjudication?: boolean }): ReviewRow {
    return this.db
      .transaction((): ReviewRow => {
        const current = this.currentStmt.get(review.sampleId);
        if (!current) throw new AppError('not_found', `Sample ${review.sampleId} does not exist.`);
        if (current.current_revision_id !== review.revisionId) {
          throw new AppError('conflict', `Sample ${review.sampleId} was edited since you opened it; review the current text.`, {
            sampleId: review.sampleId,
            reviewedRevisionId: review.revisionId,
            currentRevisionId: current.current_revision_id,
          });
        }
        const now = nowIso();
        const info = this.insertStmt.run({ ...review, reasons: JSON.stringify(review.reasons), adjudication: review.adjudication ? 1 : 0, now });
        this.statusStmt.run(review.decision, now, review.sampleId);
        return toReview(this.getStmt.get(Number(info.lastInsertRowid))!);
      })
      .immediate();
  }

  forSample(sampleId: number): ReviewRow[] {
    return this.bySampleStmt.all(sampleId).map(toReview);
  }
}
