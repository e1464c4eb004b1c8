/**
 * Which prompts a generation run covers, so `resume` can fill exactly the missing
 * (prompt, index) pairs even after the prompt set has grown.
 */
export const sql = /* sql */ `
CREATE TABLE run_prompts (
  run_id     INTEGER NOT NULL REFERENCES runs(id),
  prompt_id  INTEGER NOT NULL REFERENCES prompts(id),
  position   INTEGER NOT NULL,
  PRIMARY KEY (run_id, prompt_id)
) STRICT, WITHOUT ROWID;
`;
