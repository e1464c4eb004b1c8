import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, WORKSPACE_FILE } from './connection.ts';
import { SCHEMA_VERSION } from './migrations/index.ts';
import { Workspace } from './workspace.ts';

const dirs: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-db-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('workspace database', () => {
  it('creates a WAL database with foreign keys, STRICT tables and the current schema version', () => {
    const db = openDatabase(tmp());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string; sql: string }>;
    for (const name of ['prompts', 'runs', 'samples', 'sample_bodies', 'flags', 'revisions', 'reviews', 'annotators', 'assignments', 'dataset_versions', 'dataset_version_items']) {
      const table = tables.find((t) => t.name === name);
      expect(table, name).toBeDefined();
      expect(table!.sql).toMatch(/STRICT/);
    }
    // STRICT rejects a value of the wrong type instead of storing it.
    expect(() => db.prepare("INSERT INTO prompts (text, text_hash, created_at, task) VALUES (1, 'h', 'now', 'math')").run()).not.toThrow();
    expect(() => db.prepare("INSERT INTO runs (name, engine, status, created_at, group_size) VALUES ('r', 'import', 'done', 'now', 'many')").run()).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });

  it('refuses a database from a newer version, naming both versions, and leaves it untouched', () => {
    const dir = tmp();
    openDatabase(dir).close();
    const raw = new Database(path.join(dir, WORKSPACE_FILE));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const before = fs.readFileSync(path.join(dir, WORKSPACE_FILE));
    expect(() => openDatabase(dir)).toThrow(new RegExp(`schema version ${SCHEMA_VERSION + 5}.*up to ${SCHEMA_VERSION}`));
    expect(fs.readFileSync(path.join(dir, WORKSPACE_FILE)).equals(before)).toBe(true);
  });

  it('applies migrations to an existing older database in one transaction', () => {
    const dir = tmp();
    // An empty version-0 file (a workspace made before any migration) upgrades in place.
    new Database(path.join(dir, WORKSPACE_FILE)).close();
    const db = openDatabase(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('names the folder when it cannot create a workspace there', () => {
    if (process.getuid?.() === 0) {
      // root ignores permission bits; a path under a regular file can never be created.
      const file = path.join(tmp(), 'not-a-dir');
      fs.writeFileSync(file, '');
      expect(() => openDatabase(path.join(file, 'ws'))).toThrow(/Cannot create a workspace in .*not-a-dir/);
      return;
    }
    const parent = tmp();
    fs.chmodSync(parent, 0o500);
    expect(() => openDatabase(path.join(parent, 'ws'))).toThrow(/not writable/);
  });

  it('lets two connections (two processes) share a workspace through WAL', () => {
    const dir = tmp();
    const a = Workspace.open(dir);
    const b = Workspace.open(dir);
    a.prompts.upsert({ externalId: null, text: 'p', referenceAnswer: null, task: 'general', language: null, source: null, meta: null, textHash: 'h1' });
    expect(b.prompts.count()).toBe(1);
    // A reader sees a consistent snapshot while the other connection holds a write transaction.
    a.db.exec('BEGIN IMMEDIATE');
    a.prompts.upsert({ externalId: null, text: 'q', referenceAnswer: null, task: 'general', language: null, source: null, meta: null, textHash: 'h2' });
    expect(b.prompts.count()).toBe(1);
    a.db.exec('COMMIT');
    expect(b.prompts.count()).toBe(2);
    a.close();
    b.close();
  });

  it('keeps revisions, dataset versions and raw output append-only', () => {
    const ws = Workspace.open(tmp());
    const { id: promptId } = ws.prompts.upsert({ externalId: null, text: 'p', referenceAnswer: null, task: 'general', language: null, source: null, meta: null, textHash: 'h' });
    const runId = ws.runs.create({ name: 'r', engine: 'import', status: 'done', groupSize: 1 });
    const sampleId = ws.samples.insert({ runId, promptId, groupIndex: 0, completion: 'c', finishReason: null, promptTokens: null, completionTokens: null, durationMs: null, verdict: 'unverifiable', extractedAnswer: null, language: null, contentHash: 'x' })!;
    const rev = ws.revisions.append({ sampleId, baseRevisionId: null, authorId: null, completion: 'd', reasoning: '', summary: 'd', note: null });
    expect(() => ws.db.prepare('UPDATE revisions SET completion = ? WHERE id = ?').run('e', rev.id)).toThrow(/append-only/);
    expect(() => ws.db.prepare('DELETE FROM revisions').run()).toThrow(/append-only/);
    expect(() => ws.db.prepare("UPDATE sample_bodies SET completion = 'x'").run()).toThrow(/never changed/);
    ws.close();
  });
});
