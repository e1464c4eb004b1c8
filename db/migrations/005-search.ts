/**
 * Full-text search over prompts and the current text of every sample. FTS5's trigram tokenizer
 * matches any substring of three or more characters, so Chinese (no spaces between words)
 * is searchable. The index is filled after the fact by SearchRepo.catchUp, never during an
 * import: indexing traces as they arrive would cut import throughput several times over.
 * `search_indexed` records which text (raw or revision) each sample was indexed with.
 */
export const sql = /* sql */ `
CREATE VIRTUAL TABLE sample_search USING fts5(prompt, body, tokenize = 'trigram');

CREATE TABLE search_indexed (
  sample_id    INTEGER PRIMARY KEY REFERENCES samples(id) ON DELETE CASCADE,
  revision_id  INTEGER
) STRICT;
`;
