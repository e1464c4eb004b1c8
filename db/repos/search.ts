import type { Db } from '../connection.ts';

/**
 * The sample search index (migration 5). Filling it is deferred: `catchUp` indexes samples
 * whose current text is not indexed yet, in short batches, so a search covers a growing
 * share of the workspace while imports stay fast. Until it has caught up, a search matches
 * only the samples indexed so far; `coverage` says how far that is.
 */
/** After a pass found nothing to index, new revisions and imports wait this long to become searchable. */
const QUIET_MS = 5000;

export class SearchRepo {
  private readonly pendingStmt;
  private readonly textStmt;
  private readonly deleteStmt;
  private readonly insertStmt;
  private readonly markStmt;
  private readonly countStmt;
  private readonly indexedStmt;
  private quietUntil = 0;
  private resumeAfter = 0;

  constructor(private readonly db: Db) {
    // A sample needs (re)indexing when it was never indexed or has a newer revision than the one indexed.
    this.pendingStmt = db.prepare<[number, number], { id: number }>(
      `SELECT s.id FROM samples s LEFT JOIN search_indexed si ON si.sample_id = s.id
       WHERE s.id > ? AND (si.sample_id IS NULL OR si.revision_id IS NOT s.current_revision_id) ORDER BY s.id LIMIT ?`,
    );
    this.textStmt = db.prepare<[number], { prompt: string; body: string; revision_id: number | null }>(
      `SELECT p.text AS prompt, coalesce(r.completion, b.completion) AS body, s.current_revision_id AS revision_id
       FROM samples s JOIN prompts p ON p.id = s.prompt_id JOIN sample_bodies b ON b.sample_id = s.id
       LEFT JOIN revisions r ON r.id = s.current_revision_id WHERE s.id = ?`,
    );
    this.deleteStmt = db.prepare('DELETE FROM sample_search WHERE rowid = ?');
    this.insertStmt = db.prepare('INSERT INTO sample_search (rowid, prompt, body) VALUES (?, ?, ?)');
    this.markStmt = db.prepare('INSERT INTO search_indexed (sample_id, revision_id) VALUES (?, ?) ON CONFLICT (sample_id) DO UPDATE SET revision_id = excluded.revision_id');
    this.countStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM samples');
    this.indexedStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM search_indexed si JOIN samples s ON s.id = si.sample_id WHERE si.revision_id IS s.current_revision_id');
  }

  /** Indexes pending samples for at most `budgetMs` (batches of `batch` in one transaction each); returns how many. */
  catchUp(budgetMs: number, batch = 200): number {
    // Finding nothing pending still scans every sample: once caught up, look again only now and then.
    if (performance.now() < this.quietUntil) return 0;
    const began = performance.now();
    let done = 0;
    // Resume where the last call stopped: starting from 0 each time would rescan the indexed prefix (quadratic).
    let after = this.resumeAfter;
    while (performance.now() - began < budgetMs) {
      const ids = this.pendingStmt.all(after, batch).map((r) => r.id);
      if (ids.length === 0) {
        if (after === 0) break;
        after = 0; // wrap around once for revisions of samples behind the cursor
        continue;
      }
      this.db.transaction(() => {
        for (const id of ids) {
          const row = this.textStmt.get(id);
          if (!row) continue;
          this.deleteStmt.run(id);
          this.insertStmt.run(id, row.prompt, row.body);
          this.markStmt.run(id, row.revision_id);
        }
      })();
      done += ids.length;
      after = ids[ids.length - 1]!;
    }
    this.resumeAfter = after;
    if (done === 0) this.quietUntil = performance.now() + QUIET_MS;
    return done;
  }

  /** Something changed (an import, a save): the next search looks for unindexed text again. */
  invalidate(): void {
    this.quietUntil = 0;
    this.resumeAfter = 0;
  }

  coverage(): { indexed: number; total: number } {
    return { indexed: this.indexedStmt.get()!.n, total: this.countStmt.get()!.n };
  }
}

/**
 * SQL (and its parameter) matching samples whose prompt or current text contains `query`.
 * Three characters or more use the trigram index as a quoted phrase; shorter queries (a
 * two-character Chinese word) fall back to LIKE over the same table, which scans it.
 */
export function searchClause(query: string): { sql: string; param: string } {
  const q = query.trim();
  if ([...q].length >= 3) return { sql: 's.id IN (SELECT rowid FROM sample_search WHERE sample_search MATCH @search)', param: `"${q.replace(/"/g, '""')}"` };
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return { sql: "s.id IN (SELECT rowid FROM sample_search WHERE prompt LIKE @search ESCAPE '\\' OR body LIKE @search ESCAPE '\\')", param: like };
}
