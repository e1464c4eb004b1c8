import type { Db } from '../connection.ts';
import { nowIso } from './util.ts';

export interface AuditEntry {
  id: number;
  at: string;
  actorId: number | null;
  actor: string | null;
  action: string;
  target: string | null;
  details: unknown;
}

interface Raw {
  id: number;
  at: string;
  actor_id: number | null;
  actor: string | null;
  action: string;
  target: string | null;
  details: string | null;
}

const toEntry = (r: Raw): AuditEntry => ({ id: r.id, at: r.at, actorId: r.actor_id, actor: r.actor, action: r.action, target: r.target, details: r.details == null ? null : JSON.parse(r.details) });

/**
 * The append-only audit log: who did what to which target. Callers write the entry inside
 * the same transaction as the change itself, so the log and the data cannot disagree.
 */
export class AuditRepo {
  private readonly insertStmt;
  private readonly listStmt;
  private readonly byActionStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare('INSERT INTO audit_log (at, actor_id, action, target, details) VALUES (?, ?, ?, ?, ?)');
    const select = 'SELECT l.id, l.at, l.actor_id, a.name AS actor, l.action, l.target, l.details FROM audit_log l LEFT JOIN annotators a ON a.id = l.actor_id';
    this.listStmt = db.prepare<[number, number], Raw>(`${select} WHERE l.id > ? ORDER BY l.id LIMIT ?`);
    this.byActionStmt = db.prepare<[string], Raw>(`${select} WHERE l.action = ? ORDER BY l.id`);
  }

  record(actorId: number | null, action: string, target: string | null, details: unknown = null): number {
    return Number(this.insertStmt.run(nowIso(), actorId, action, target, details == null ? null : JSON.stringify(details)).lastInsertRowid);
  }

  list(afterId = 0, limit = 1000): AuditEntry[] {
    return this.listStmt.all(afterId, limit).map(toEntry);
  }

  byAction(action: string): AuditEntry[] {
    return this.byActionStmt.all(action).map(toEntry);
  }
}
