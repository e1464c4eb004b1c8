/** Building workspaces in a known state for the versions tests and the export benchmark. */
import crypto from 'node:crypto';
import { joinTrace } from '../../core/trace.ts';
import { SeedRepo } from '../../db/repos/seed.ts';
import type { Workspace } from '../../db/workspace.ts';

export interface SeedSample {
  prompt: string;
  reasoning: string;
  summary: string;
  task?: 'math' | 'code' | 'logic' | 'general';
  language?: string | null;
  status?: 'new' | 'accepted' | 'rejected' | 'needs_rewrite';
  verdict?: 'correct' | 'incorrect' | 'unverifiable';
  flags?: { codes: string[]; errors: number };
}

const sha = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/** Inserts the samples (one run, prompts deduplicated by text) in one transaction; returns their ids in order. */
export function seedSamples(ws: Workspace, samples: readonly SeedSample[]): number[] {
  const seed = new SeedRepo(ws.db);
  return ws.transaction(() => {
    const runId = ws.runs.create({ name: 'seed', engine: 'import', status: 'done', groupSize: 1 });
    const ids: number[] = [];
    for (const s of samples) {
      const { id: promptId } = ws.prompts.upsert({
        externalId: null,
        text: s.prompt,
        referenceAnswer: null,
        task: s.task ?? 'math',
        language: s.language ?? 'en',
        source: 'seed',
        meta: null,
        textHash: sha(s.prompt),
      });
      const completion = joinTrace(s.reasoning, s.summary);
      const id = ws.samples.insert({
        runId,
        promptId,
        groupIndex: ws.samples.nextGroupIndex(runId, promptId),
        completion,
        finishReason: 'stop',
        promptTokens: null,
        completionTokens: null,
        durationMs: null,
        verdict: s.verdict ?? 'correct',
        extractedAnswer: null,
        language: s.language === undefined ? 'en' : s.language,
        contentHash: sha(`${runId}\u0000${ids.length}\u0000${s.prompt}\u0000${completion}`),
      });
      if (id === null) throw new Error('seed: duplicate sample');
      seed.setStatus(id, s.status ?? 'accepted');
      if (s.flags) seed.setFlagSummary(id, s.flags.codes, s.flags.errors);
      ids.push(id);
    }
    return ids;
  });
}
