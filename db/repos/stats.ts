import type { Db } from '../connection.ts';

export class StatsRepo {
  private readonly byStatus;
  private readonly byVerdict;
  private readonly byFlag;
  private readonly unflagged;

  constructor(db: Db) {
    this.byStatus = db.prepare<[], { k: string; n: number }>('SELECT status AS k, count(*) AS n FROM samples GROUP BY status');
    this.byVerdict = db.prepare<[], { k: string; n: number }>('SELECT verdict AS k, count(*) AS n FROM samples GROUP BY verdict');
    // Flags of each sample's current text only.
    this.byFlag = db.prepare<[], { k: string; n: number }>(
      `SELECT f.code AS k, count(DISTINCT f.sample_id) AS n FROM flags f JOIN samples s ON s.id = f.sample_id
       WHERE f.revision_id IS s.current_revision_id GROUP BY f.code`,
    );
    this.unflagged = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM samples WHERE flagged_version IS NULL');
  }

  breakdown() {
    const toRecord = (rows: Array<{ k: string; n: number }>) => Object.fromEntries(rows.map((r) => [r.k, r.n]));
    return {
      byStatus: toRecord(this.byStatus.all()),
      byVerdict: toRecord(this.byVerdict.all()),
      byFlag: toRecord(this.byFlag.all()),
      unflagged: this.unflagged.get()!.n,
    };
  }
}
