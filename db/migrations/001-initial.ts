/**
 * The initial workspace schema. Migrations are immutable once landed: change the schema by
 * adding a new numbered file, never by editing this one.
 *
 * Trace bodies (tens of KB each) live in `sample_bodies`, apart from the small, hot
 * columns of `samples` that the table view filters and sorts on, so that scans and indexes
 * over `samples` never drag the large text through the page cache.
 */
export const sql = /* sql */ `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL            -- JSON
) STRICT;

CREATE TABLE annotators (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  role        TEXT NOT NULL CHECK (role IN ('lead', 'annotator')),
  token_hash  TEXT UNIQUE,
  created_at  TEXT NOT NULL,
  revoked_at  TEXT
) STRICT;

CREATE TABLE prompts (
  id                INTEGER PRIMARY KEY,
  external_id       TEXT,
  text              TEXT NOT NULL,
  reference_answer  TEXT,
  task              TEXT NOT NULL DEFAULT 'general' CHECK (task IN ('math', 'code', 'logic', 'general')),
  language          TEXT,
  source            TEXT,
  meta              TEXT,         -- JSON object of unmapped fields
  text_hash         TEXT NOT NULL UNIQUE,
  created_at        TEXT NOT NULL
) STRICT;
CREATE INDEX prompts_external_id ON prompts(external_id);

CREATE TABLE runs (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  engine       TEXT NOT NULL CHECK (engine IN ('llama', 'openai', 'import')),
  model        TEXT,              -- JSON: path or endpoint, sha256, header facts
  template     TEXT,
  params       TEXT NOT NULL DEFAULT '{}',   -- JSON sampling parameters
  group_size   INTEGER NOT NULL DEFAULT 1 CHECK (group_size BETWEEN 1 AND 64),
  status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'interrupted', 'done', 'failed', 'cancelled')),
  error        TEXT,
  total        INTEGER NOT NULL DEFAULT 0,
  completed    INTEGER NOT NULL DEFAULT 0,
  source       TEXT,              -- import: the file name
  created_by   INTEGER REFERENCES annotators(id),
  created_at   TEXT NOT NULL,
  started_at   TEXT,
  finished_at  TEXT
) STRICT;

CREATE TABLE samples (
  id                   INTEGER PRIMARY KEY,
  run_id               INTEGER NOT NULL REFERENCES runs(id),
  prompt_id            INTEGER NOT NULL REFERENCES prompts(id),
  group_index          INTEGER NOT NULL,
  finish_reason        TEXT,
  prompt_tokens        INTEGER,
  completion_tokens    INTEGER,
  duration_ms          INTEGER,
  verdict              TEXT NOT NULL DEFAULT 'unverifiable' CHECK (verdict IN ('correct', 'incorrect', 'unverifiable')),
  extracted_answer     TEXT,
  status               TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'rejected', 'needs_rewrite')),
  length               INTEGER NOT NULL,          -- characters of the current text
  language             TEXT,
  lang_consistency     REAL,
  flag_codes           TEXT NOT NULL DEFAULT '',  -- space-separated, for display; filter through flags
  flag_errors          INTEGER NOT NULL DEFAULT 0,
  flagged_version      TEXT,                      -- detector version of the stored flags; NULL = not flagged yet
  current_revision_id  INTEGER,                   -- newest revision, NULL = the raw output
  assignee_id          INTEGER REFERENCES annotators(id),
  content_hash         TEXT NOT NULL UNIQUE,      -- re-importing the same trace adds nothing
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  UNIQUE (run_id, prompt_id, group_index)
) STRICT;
CREATE INDEX samples_updated ON samples(updated_at, id);
CREATE INDEX samples_status ON samples(status, id);
CREATE INDEX samples_prompt ON samples(prompt_id);
CREATE INDEX samples_verdict ON samples(verdict, id);
-- Sort orders of the table view: keyset pages walk these indexes instead of sorting.
CREATE INDEX samples_length ON samples(length, id);
CREATE INDEX samples_consistency ON samples(coalesce(lang_consistency, -1), id);
CREATE INDEX samples_unflagged ON samples(flagged_version) WHERE flagged_version IS NULL;

-- Raw model output: written once, never changed. The reasoning and the summary are spans
-- of the completion (UTF-16 offsets, sliced in db/repos), not copies: storing them twice
-- doubled the bytes every import writes. (SQLite's substr cannot slice them: it counts code
-- points and stops at NUL.)
CREATE TABLE sample_bodies (
  sample_id      INTEGER PRIMARY KEY REFERENCES samples(id),
  completion     TEXT NOT NULL,
  reasoning_at   INTEGER NOT NULL,
  reasoning_len  INTEGER NOT NULL,
  summary_at     INTEGER NOT NULL,
  summary_len    INTEGER NOT NULL
) STRICT;

CREATE TABLE revisions (
  id          INTEGER PRIMARY KEY,
  sample_id   INTEGER NOT NULL REFERENCES samples(id),
  parent_id   INTEGER REFERENCES revisions(id),
  author_id   INTEGER REFERENCES annotators(id),
  completion  TEXT NOT NULL,
  reasoning   TEXT NOT NULL,
  summary     TEXT NOT NULL,
  note        TEXT,
  created_at  TEXT NOT NULL
) STRICT;
-- At most one child per parent: a second save against the same parent is a conflict by
-- construction, not by the care of whoever writes the handler.
CREATE UNIQUE INDEX revisions_linear ON revisions(sample_id, coalesce(parent_id, 0));

CREATE TABLE flags (
  id                INTEGER PRIMARY KEY,
  sample_id         INTEGER NOT NULL REFERENCES samples(id),
  revision_id       INTEGER REFERENCES revisions(id),   -- NULL: flags of the raw output
  code              TEXT NOT NULL,
  severity          TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
  start             INTEGER NOT NULL,
  end               INTEGER NOT NULL,
  message           TEXT NOT NULL,
  detector_version  TEXT NOT NULL
) STRICT;
CREATE INDEX flags_target ON flags(sample_id, revision_id);
CREATE INDEX flags_code ON flags(code, sample_id);

CREATE TABLE reviews (
  id            INTEGER PRIMARY KEY,
  sample_id     INTEGER NOT NULL REFERENCES samples(id),
  annotator_id  INTEGER REFERENCES annotators(id),
  revision_id   INTEGER REFERENCES revisions(id),
  decision      TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected', 'needs_rewrite')),
  reasons       TEXT NOT NULL DEFAULT '[]',     -- JSON array
  seconds       REAL,
  adjudication  INTEGER NOT NULL DEFAULT 0 CHECK (adjudication IN (0, 1)),
  created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX reviews_sample ON reviews(sample_id, id);
CREATE INDEX reviews_annotator ON reviews(annotator_id, created_at);

CREATE TABLE assignments (
  id              INTEGER PRIMARY KEY,
  batch           TEXT NOT NULL,
  sample_id       INTEGER NOT NULL REFERENCES samples(id),
  slot            INTEGER NOT NULL DEFAULT 0,       -- 1 for the overlap copy of an item
  annotator_id    INTEGER REFERENCES annotators(id),
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reserved', 'done')),
  reserved_until  TEXT,
  created_at      TEXT NOT NULL,
  UNIQUE (batch, sample_id, slot)
) STRICT;
CREATE INDEX assignments_queue ON assignments(annotator_id, status);

CREATE TABLE dataset_versions (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE,
  parent_id       INTEGER REFERENCES dataset_versions(id),
  message         TEXT NOT NULL,
  author_id       INTEGER REFERENCES annotators(id),
  include         TEXT NOT NULL,
  stats           TEXT NOT NULL,     -- JSON
  content_sha256  TEXT NOT NULL,
  created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE dataset_version_items (
  version_id   INTEGER NOT NULL REFERENCES dataset_versions(id),
  sample_id    INTEGER NOT NULL REFERENCES samples(id),
  revision_id  INTEGER REFERENCES revisions(id),     -- NULL: the raw output, unedited
  PRIMARY KEY (version_id, sample_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor_id    INTEGER REFERENCES annotators(id),
  action      TEXT NOT NULL,
  target      TEXT,
  details     TEXT            -- JSON
) STRICT;

-- History is append-only: revisions, dataset versions and their items never change.
CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER versions_no_update BEFORE UPDATE ON dataset_versions BEGIN SELECT RAISE(ABORT, 'dataset versions are immutable'); END;
CREATE TRIGGER versions_no_delete BEFORE DELETE ON dataset_versions BEGIN SELECT RAISE(ABORT, 'dataset versions are immutable'); END;
CREATE TRIGGER version_items_no_update BEFORE UPDATE ON dataset_version_items BEGIN SELECT RAISE(ABORT, 'dataset versions are immutable'); END;
CREATE TRIGGER version_items_no_delete BEFORE DELETE ON dataset_version_items BEGIN SELECT RAISE(ABORT, 'dataset versions are immutable'); END;
CREATE TRIGGER sample_bodies_no_update BEFORE UPDATE ON sample_bodies BEGIN SELECT RAISE(ABORT, 'raw model output is never changed'); END;
`;
