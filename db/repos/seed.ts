import type { Db } from '../connection.ts';

/**
 * Direct writes that the review and flag flows normally make, for tests and benchmarks that
 * need a workspace in a given state quickly (hundreds of thousands of rows, one statement each).
 */
export class SeedRepo {
  private readonly statusStmt;
  private readonly flagsStmt;

  constructor(db: Db) {
    this.statusStmt = db.prepare<[string, number]>('UPDATE samples SET status = ? WHERE id = ?');
    this.flagsStmt = db.prepare<[string, number, number]>('UPDATE samples SET flag_codes = ?, flag_errors = ? WHERE id = ?');
  }

  setStatus(sampleId: number, status: 'new' | 'accepted' | 'rejected' | 'needs_rewrite'): void {
    this.statusStmt.run(status, sampleId);
  }

  setFlagSummary(sampleId: number, codes: readonly string[], errors: number): void {
    this.flagsStmt.run(codes.join(' '), errors, sampleId);
  }
}
