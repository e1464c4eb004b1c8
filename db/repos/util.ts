import type { Db } from '../connection.ts';
import type Database from 'better-sqlite3';

export const nowIso = (): string => new Date().toISOString();

/**
 * Statements whose SQL varies with the caller's filters are prepared once per distinct
 * SQL text and kept, so repeated table queries never re-parse.
 */
export class StatementCache {
  private readonly cache = new Map<string, Database.Statement>();
  constructor(private readonly db: Db) {}

  get(sql: string): Database.Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.cache.size > 200) this.cache.clear();
      this.cache.set(sql, statement);
    }
    return statement;
  }
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text == null || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
