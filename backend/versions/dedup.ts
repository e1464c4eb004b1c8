/**
 * The check before a commit: exact duplicates (normalised reasoning + summary), near
 * duplicates (MinHash over word 5-grams of the reasoning) and contamination with evaluation
 * prompts (any shared word 8-gram, as open-r1's decontamination does). It reports; it never
 * removes anything — the curator decides, by rejecting samples, what a version leaves out.
 */
import fs from 'node:fs';
import { AppError } from '../../core/errors.ts';
import { PROMPT_FIELDS } from '../../core/formats/records.ts';
import type { CheckReport } from '../../core/procedures/versions.ts';
import type { Include } from '../../db/repos/versions.ts';
import type { Workspace } from '../../db/workspace.ts';
import { versionsRepo } from './commit.ts';
import { bandKeys, exactHash, minhash, ngrams, similarity, tokens } from './minhash.ts';

export interface CheckOptions {
  include?: Include;
  evalPrompts?: readonly string[] | undefined;
  nearThreshold?: number;
  ngram?: number;
  listLimit?: number;
}

const SHINGLE = 5;
/** One huge LSH bucket (hundreds of templated traces) must not turn the check quadratic. */
const MAX_BUCKET = 200;

class UnionFind {
  private readonly parent = new Map<number, number>();
  find(x: number): number {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(x, root);
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  duplicates(): number {
    let n = 0;
    for (const x of this.parent.keys()) if (this.find(x) !== x) n++;
    return n;
  }
}

export function checkSelection(ws: Workspace, options: CheckOptions = {}): CheckReport {
  const include = options.include ?? 'accepted';
  const threshold = options.nearThreshold ?? 0.8;
  const n = options.ngram ?? 8;
  const listLimit = options.listLimit ?? 1000;
  const repo = versionsRepo(ws);

  const exactGroups = new Map<string, number[]>();
  const signatures = new Map<number, Uint32Array>();
  const buckets = new Map<string, number[]>();
  const samplesOfPrompt = new Map<number, { text: string; samples: number[] }>();
  let samples = 0;
  // A read transaction: the report describes one consistent state of the selection.
  ws.db.transaction(() => {
    for (const item of repo.iterateSelectionTexts(include)) {
      samples++;
      const prompt = samplesOfPrompt.get(item.prompt_id) ?? { text: item.prompt, samples: [] };
      prompt.samples.push(item.sample_id);
      samplesOfPrompt.set(item.prompt_id, prompt);
      const hash = exactHash(`${item.reasoning}\u0000${item.summary}`);
      const group = exactGroups.get(hash);
      if (group) {
        group.push(item.sample_id);
        continue; // exact copies are reported once, not again as near pairs
      }
      exactGroups.set(hash, [item.sample_id]);
      const signature = minhash(ngrams(tokens(item.reasoning || item.summary), SHINGLE));
      signatures.set(item.sample_id, signature);
      for (const key of bandKeys(signature)) {
        const bucket = buckets.get(key);
        if (!bucket) buckets.set(key, [item.sample_id]);
        else if (bucket.length < MAX_BUCKET) bucket.push(item.sample_id);
      }
    }
  })();

  const groups = [...exactGroups.entries()].filter(([, ids]) => ids.length > 1).map(([hash, sampleIds]) => ({ hash, sampleIds }));
  const seen = new Set<string>();
  const pairs: CheckReport['near']['pairs'] = [];
  const clusters = new UnionFind();
  let pairCount = 0;
  for (const bucket of buckets.values()) {
    for (let i = 0; i < bucket.length; i++) {
      for (let j = i + 1; j < bucket.length; j++) {
        const a = bucket[i]!;
        const b = bucket[j]!;
        const key = `${a}:${b}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const s = similarity(signatures.get(a)!, signatures.get(b)!);
        if (s < threshold) continue;
        pairCount++;
        clusters.union(a, b);
        if (pairs.length < listLimit) pairs.push({ a, b, similarity: Math.round(s * 1000) / 1000 });
      }
    }
  }
  pairs.sort((x, y) => x.a - y.a || x.b - y.b);

  const evalPrompts = options.evalPrompts ?? [];
  const evalGrams = new Map<string, number>();
  evalPrompts.forEach((text, index) => {
    for (const gram of ngrams(tokens(text), n)) if (!evalGrams.has(gram)) evalGrams.set(gram, index);
  });
  const hits: CheckReport['contamination']['hits'] = [];
  let contaminated = 0;
  if (evalGrams.size > 0) {
    for (const [promptId, prompt] of [...samplesOfPrompt.entries()].sort((x, y) => x[0] - y[0])) {
      const gram = ngrams(tokens(prompt.text), n).find((g) => evalGrams.has(g));
      if (gram === undefined) continue;
      contaminated += prompt.samples.length;
      for (const sampleId of prompt.samples) if (hits.length < listLimit) hits.push({ sampleId, promptId, evalIndex: evalGrams.get(gram)!, ngram: gram });
    }
  }

  return {
    include,
    samples,
    exact: { duplicateSamples: groups.reduce((total, g) => total + g.sampleIds.length - 1, 0), groups: groups.slice(0, listLimit) },
    near: { method: `minhash ${64} permutations, ${16} bands, word ${SHINGLE}-grams of the reasoning`, threshold, pairCount, duplicateSamples: clusters.duplicates(), pairs },
    contamination: { ngram: n, evalPrompts: evalPrompts.length, sampleCount: contaminated, hits },
    listLimit,
  };
}

/** Counts for a version's stats. */
export function checkSummary(report: CheckReport) {
  return { exactDuplicates: report.exact.duplicateSamples, nearDuplicates: report.near.duplicateSamples, contaminated: report.contamination.sampleCount };
}

/**
 * Evaluation prompts from a file: JSONL or a JSON array (strings, or objects with a
 * prompt/question/problem/instruction field), or plain text with one prompt per line.
 */
export function readEvalPrompts(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('invalid_input', `Cannot read the evaluation prompts ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const fromValue = (value: unknown, where: string): string => {
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object') {
      for (const field of PROMPT_FIELDS) {
        const v = (value as Record<string, unknown>)[field];
        if (typeof v === 'string') return v;
      }
    }
    throw new AppError('invalid_input', `${file}${where}: expected a string or an object with one of ${PROMPT_FIELDS.join(', ')}.`);
  };
  if (/\.jsonl$/i.test(file)) {
    return text
      .split('\n')
      .map((line, i) => [line, i] as const)
      .filter(([line]) => line.trim() !== '')
      .map(([line, i]) => {
        try {
          return fromValue(JSON.parse(line), ` line ${i + 1}`);
        } catch (error) {
          if (error instanceof AppError) throw error;
          throw new AppError('invalid_input', `${file} line ${i + 1} is not valid JSON.`);
        }
      });
  }
  if (/\.json$/i.test(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AppError('invalid_input', `${file} is not valid JSON.`);
    }
    if (!Array.isArray(parsed)) throw new AppError('invalid_input', `${file}: expected a JSON array of prompts.`);
    return parsed.map((v, i) => fromValue(v, ` item ${i}`));
  }
  return text.split('\n').filter((line) => line.trim() !== '');
}
