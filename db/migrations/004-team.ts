/**
 * Team curation: batches of assignments with members, reservation bookkeeping, and indexes
 * for the audit log and the dashboard. Immutable once landed.
 */
export const sql = /* sql */ `
CREATE TABLE batches (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  filter      TEXT NOT NULL,           -- JSON SampleFilter the items were chosen by
  overlap     REAL NOT NULL CHECK (overlap BETWEEN 0 AND 1),
  created_by  INTEGER REFERENCES annotators(id),
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE batch_members (
  batch_id      INTEGER NOT NULL REFERENCES batches(id),
  annotator_id  INTEGER NOT NULL REFERENCES annotators(id),
  PRIMARY KEY (batch_id, annotator_id)
) STRICT, WITHOUT ROWID;

ALTER TABLE assignments ADD COLUMN reserved_at TEXT;
ALTER TABLE assignments ADD COLUMN done_at TEXT;

-- The one rule the queue must never break, enforced by the database: an item (both slots of
-- an overlap item included) never goes twice to the same annotator.
CREATE UNIQUE INDEX assignments_one_per_annotator ON assignments(batch, sample_id, annotator_id) WHERE annotator_id IS NOT NULL;
CREATE INDEX assignments_pool ON assignments(batch, status, slot, sample_id);
CREATE INDEX assignments_sample ON assignments(sample_id);

CREATE INDEX audit_target ON audit_log(target, id);
CREATE INDEX audit_actor ON audit_log(actor_id, at);
CREATE INDEX revisions_author ON revisions(author_id, created_at);
`;
