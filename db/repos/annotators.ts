import type { Db } from '../connection.ts';
import { AppError } from '../../core/errors.ts';
import { nowIso } from './util.ts';

export type Role = 'lead' | 'annotator';

export interface AnnotatorRow {
  id: number;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
}

interface Raw {
  id: number;
  name: string;
  role: Role;
  token_hash: string | null;
  created_at: string;
  revoked_at: string | null;
}

const toRow = (r: Raw): AnnotatorRow => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at, revokedAt: r.revoked_at });

/** Annotators and their token hashes. The token itself is never stored or returned. */
export class AnnotatorsRepo {
  private readonly insertStmt;
  private readonly listStmt;
  private readonly byNameStmt;
  private readonly byIdStmt;
  private readonly byHashStmt;
  private readonly revokeStmt;
  private readonly activeCountStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare('INSERT INTO annotators (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)');
    this.listStmt = db.prepare<[], Raw>('SELECT * FROM annotators ORDER BY id');
    this.byNameStmt = db.prepare<[string], Raw>('SELECT * FROM annotators WHERE name = ?');
    this.byIdStmt = db.prepare<[number], Raw>('SELECT * FROM annotators WHERE id = ?');
    this.byHashStmt = db.prepare<[string], Raw>('SELECT * FROM annotators WHERE token_hash = ? AND revoked_at IS NULL');
    // Revoking clears the hash too, so a leaked database no longer matches the old token at all.
    this.revokeStmt = db.prepare('UPDATE annotators SET revoked_at = ?, token_hash = NULL WHERE id = ? AND revoked_at IS NULL');
    this.activeCountStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM annotators WHERE revoked_at IS NULL');
  }

  add(name: string, role: Role, tokenHash: string): AnnotatorRow {
    if (this.byNameStmt.get(name)) throw new AppError('conflict', `An annotator named "${name}" already exists (names stay reserved after revoking, for the audit trail).`);
    const info = this.insertStmt.run(name, role, tokenHash, nowIso());
    return toRow(this.byIdStmt.get(Number(info.lastInsertRowid))!);
  }

  list(): AnnotatorRow[] {
    return this.listStmt.all().map(toRow);
  }

  byName(name: string): AnnotatorRow | undefined {
    const r = this.byNameStmt.get(name);
    return r && toRow(r);
  }

  byId(id: number): AnnotatorRow | undefined {
    const r = this.byIdStmt.get(id);
    return r && toRow(r);
  }

  /** The active annotator whose stored hash equals `tokenHash`, with that stored hash for a constant-time recheck. */
  byTokenHash(tokenHash: string): (AnnotatorRow & { tokenHash: string }) | undefined {
    const r = this.byHashStmt.get(tokenHash);
    return r && r.token_hash ? { ...toRow(r), tokenHash: r.token_hash } : undefined;
  }

  revoke(name: string): AnnotatorRow {
    const row = this.byNameStmt.get(name);
    if (!row) throw new AppError('not_found', `No annotator named "${name}".`);
    if (row.revoked_at) throw new AppError('conflict', `${name} was already revoked on ${row.revoked_at}.`);
    this.revokeStmt.run(nowIso(), row.id);
    return toRow(this.byIdStmt.get(row.id)!);
  }

  activeCount(): number {
    return this.activeCountStmt.get()!.n;
  }
}
