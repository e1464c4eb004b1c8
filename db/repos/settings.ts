import type { Db } from '../connection.ts';
import { parseJson } from './util.ts';

/** Workspace settings: one JSON value per key in the `settings` table. */
export class SettingsRepo {
  private readonly select;
  private readonly upsert;

  constructor(db: Db) {
    this.select = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  /** The stored value, or undefined when the key is absent or its JSON is unreadable. */
  get(key: string): unknown {
    const row = this.select.get(key) as { value: string } | undefined;
    return row ? parseJson<unknown>(row.value, undefined) : undefined;
  }

  set(key: string, value: unknown): void {
    this.upsert.run(key, JSON.stringify(value));
  }
}
