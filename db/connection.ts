import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../core/errors.ts';
import { migrations, SCHEMA_VERSION } from './migrations/index.ts';

export type Db = Database.Database;

export const WORKSPACE_FILE = 'workspace.sqlite';

export interface OpenOptions {
  /** Create the folder and database if missing (default true). */
  create?: boolean;
  readonly?: boolean;
  /** Path to a better-sqlite3 `.node` build, e.g. one compiled for Electron's ABI. */
  nativeBinding?: string;
}

/**
 * Opens (and migrates) the workspace database in `dir`.
 *
 * Several processes may open one workspace: WAL lets readers run beside one writer, and the
 * busy timeout makes a second writer wait instead of failing at once. WAL needs shared
 * memory, so the folder must be on a local disk, not a network filesystem.
 */
export function openDatabase(dir: string, options: OpenOptions = {}): Db {
  const file = path.join(dir, WORKSPACE_FILE);
  const create = options.create ?? true;
  if (!fs.existsSync(file)) {
    if (!create) throw new AppError('not_found', `No workspace at ${dir}: run \`coldstart init --workspace ${dir}\` first.`);
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
    } catch (error) {
      throw new AppError('invalid_input', `Cannot create a workspace in ${dir}: the folder is not writable (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
    }
  } else if (!options.readonly) {
    try {
      fs.accessSync(dir, fs.constants.W_OK);
      fs.accessSync(file, fs.constants.W_OK);
    } catch {
      throw new AppError('invalid_input', `The workspace ${dir} is not writable: check the permissions of the folder and of ${WORKSPACE_FILE}.`);
    }
  }
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  } catch (error) {
    throw new AppError('invalid_input', `Cannot open the workspace database ${file}: ${(error as Error).message}`);
  }
  try {
    configure(db, options.readonly ?? false);
    if (!options.readonly) {
      migrate(db, file);
      refreshPlannerStats(db);
    } else checkVersion(db, file);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function configure(db: Db, readonly: boolean): void {
  db.pragma('busy_timeout = 5000');
  // Trace bodies are 10-50 KB: larger pages mean far fewer overflow pages per row. Only takes
  // effect on a new, empty database.
  if (!readonly && (db.pragma('page_count', { simple: true }) as number) === 0) db.pragma('page_size = 16384');
  db.pragma('foreign_keys = ON');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose
    // the last transactions, and never corrupts the file.
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
}

function checkVersion(db: Db, file: string): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new AppError(
      'workspace_incompatible',
      `The workspace ${file} has schema version ${current}, but this Coldstart understands versions up to ${SCHEMA_VERSION}. Update Coldstart to open it; the file was not changed.`,
      { workspaceVersion: current, appVersion: SCHEMA_VERSION },
    );
  }
  return current;
}

/** Applies every pending migration in one transaction, so a failure leaves the old schema intact. */
export function migrate(db: Db, file = 'workspace'): void {
  const current = checkVersion(db, file);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const migration of pending) db.exec(migration.sql);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * Keeps the query planner's statistics current. SQLite is built here with STAT4, so with
 * full statistics it knows per value how many rows a filter keeps: `status = new` (nearly
 * every row) walks the sort index, `status = accepted` (a few rows) sorts just those. Without
 * them a sorted table page took 20-30 ms instead of 1. `optimize` re-analyzes only tables that
 * have no statistics or grew tenfold since; a full analysis reads every index once
 * (~90 ms per 10k samples).
 */
export function refreshPlannerStats(db: Db): void {
  db.pragma('analysis_limit = 0');
  db.pragma('optimize = 0x10002');
}

/** After a bulk write: analyze if the table grew by a tenth or more since it was last analyzed. */
export function analyzeAfterBulkWrite(db: Db, added: number, total: number): void {
  if (added > 0 && added * 10 >= total) {
    db.pragma('analysis_limit = 0');
    db.exec('ANALYZE');
  }
}
