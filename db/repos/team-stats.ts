import type { Db } from '../connection.ts';

/** One annotator's latest own decision about a sample (adjudications excluded). */
export interface LatestDecision {
  annotatorId: number | null;
  sampleId: number;
  decision: 'accepted' | 'rejected' | 'needs_rewrite';
  reviewId: number;
}

export interface CountBy {
  annotatorId: number | null;
  key: string;
  n: number;
}

/** Read-only queries behind the team dashboard and agreement. Annotator id null is the local desktop user. */
export class TeamStatsRepo {
  private readonly latestStmt;
  private readonly perDayStmt;
  private readonly secondsStmt;
  private readonly revisionsStmt;
  private readonly flagsBeforeStmt;
  private readonly flagsAfterStmt;
  private readonly flagsBeforeAllStmt;
  private readonly flagsAfterAllStmt;
  private readonly adjudicatedStmt;

  constructor(db: Db) {
    this.latestStmt = db.prepare<[], { annotator_id: number | null; sample_id: number; decision: LatestDecision['decision']; id: number }>(
      `SELECT annotator_id, sample_id, decision, id FROM (
         SELECT annotator_id, sample_id, decision, id, row_number() OVER (PARTITION BY annotator_id, sample_id ORDER BY id DESC) AS rn
         FROM reviews WHERE adjudication = 0)
       WHERE rn = 1 ORDER BY sample_id, annotator_id`,
    );
    this.perDayStmt = db.prepare<[], { annotator_id: number | null; k: string; n: number }>(
      'SELECT annotator_id, substr(created_at, 1, 10) AS k, count(*) AS n FROM reviews WHERE adjudication = 0 GROUP BY annotator_id, k ORDER BY k',
    );
    this.secondsStmt = db.prepare<[], { annotator_id: number | null; seconds: number }>(
      'SELECT annotator_id, seconds FROM reviews WHERE adjudication = 0 AND seconds IS NOT NULL',
    );
    this.revisionsStmt = db.prepare<[], { annotator_id: number | null; n: number }>('SELECT author_id AS annotator_id, count(*) AS n FROM revisions GROUP BY author_id');
    const curated = '(SELECT DISTINCT annotator_id, sample_id FROM reviews WHERE adjudication = 0)';
    this.flagsBeforeStmt = db.prepare<[], { annotator_id: number | null; k: string; n: number }>(
      `SELECT c.annotator_id, f.code AS k, count(DISTINCT f.sample_id) AS n FROM ${curated} c
       JOIN flags f ON f.sample_id = c.sample_id AND f.revision_id IS NULL GROUP BY c.annotator_id, f.code`,
    );
    // After curation: the current text of curated samples that were kept (a rejected sample leaves the dataset).
    this.flagsAfterStmt = db.prepare<[], { annotator_id: number | null; k: string; n: number }>(
      `SELECT c.annotator_id, f.code AS k, count(DISTINCT f.sample_id) AS n FROM ${curated} c
       JOIN samples s ON s.id = c.sample_id AND s.status != 'rejected'
       JOIN flags f ON f.sample_id = s.id AND f.revision_id IS s.current_revision_id GROUP BY c.annotator_id, f.code`,
    );
    const curatedSamples = '(SELECT DISTINCT sample_id FROM reviews)';
    this.flagsBeforeAllStmt = db.prepare<[], { k: string; n: number }>(
      `SELECT f.code AS k, count(DISTINCT f.sample_id) AS n FROM ${curatedSamples} c JOIN flags f ON f.sample_id = c.sample_id AND f.revision_id IS NULL GROUP BY f.code`,
    );
    this.flagsAfterAllStmt = db.prepare<[], { k: string; n: number }>(
      `SELECT f.code AS k, count(DISTINCT f.sample_id) AS n FROM ${curatedSamples} c
       JOIN samples s ON s.id = c.sample_id AND s.status != 'rejected'
       JOIN flags f ON f.sample_id = s.id AND f.revision_id IS s.current_revision_id GROUP BY f.code`,
    );
    this.adjudicatedStmt = db.prepare<[], { sample_id: number; decision: LatestDecision['decision'] }>(
      `SELECT sample_id, decision FROM (SELECT sample_id, decision, row_number() OVER (PARTITION BY sample_id ORDER BY id DESC) AS rn FROM reviews WHERE adjudication = 1) WHERE rn = 1`,
    );
  }

  latestDecisions(): LatestDecision[] {
    return this.latestStmt.all().map((r) => ({ annotatorId: r.annotator_id, sampleId: r.sample_id, decision: r.decision, reviewId: r.id }));
  }

  reviewsPerDay(): CountBy[] {
    return this.perDayStmt.all().map((r) => ({ annotatorId: r.annotator_id, key: r.k, n: r.n }));
  }

  reviewSeconds(): Array<{ annotatorId: number | null; seconds: number }> {
    return this.secondsStmt.all().map((r) => ({ annotatorId: r.annotator_id, seconds: r.seconds }));
  }

  revisionsByAuthor(): Array<{ annotatorId: number | null; n: number }> {
    return this.revisionsStmt.all().map((r) => ({ annotatorId: r.annotator_id, n: r.n }));
  }

  flags(): { before: CountBy[]; after: CountBy[]; beforeAll: Record<string, number>; afterAll: Record<string, number> } {
    const by = (rows: Array<{ annotator_id: number | null; k: string; n: number }>) => rows.map((r) => ({ annotatorId: r.annotator_id, key: r.k, n: r.n }));
    const rec = (rows: Array<{ k: string; n: number }>) => Object.fromEntries(rows.map((r) => [r.k, r.n]));
    return { before: by(this.flagsBeforeStmt.all()), after: by(this.flagsAfterStmt.all()), beforeAll: rec(this.flagsBeforeAllStmt.all()), afterAll: rec(this.flagsAfterAllStmt.all()) };
  }

  /** The latest adjudicated decision per sample. */
  adjudications(): Map<number, LatestDecision['decision']> {
    return new Map(this.adjudicatedStmt.all().map((r) => [r.sample_id, r.decision]));
  }
}
