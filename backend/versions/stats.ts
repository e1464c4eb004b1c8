import type { VersionStats } from '../../core/procedures/versions.ts';
import type { SelectionRow } from '../../db/repos/versions.ts';

/** No tokenizer is bundled with a workspace, so token lengths are estimated as characters / 4. */
export const CHARS_PER_TOKEN = 4;

const BUCKET_EDGES = [256, 512, 1024, 2048, 4096, 8192, 16384, 32768];

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Sorted keys, so the stats JSON (and anything hashed or diffed from it) is stable. */
function sortedRecord(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(counts).sort().map((k) => [k, counts[k]!]));
}

function percentile(sorted: Int32Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function computeStats(rows: readonly SelectionRow[]): VersionStats {
  const byTask: Record<string, number> = {};
  const byLanguage: Record<string, number> = {};
  const byVerdict: Record<string, number> = {};
  const byFlag: Record<string, number> = {};
  const prompts = new Set<number>();
  const tokens = new Int32Array(rows.length);
  let total = 0;
  rows.forEach((row, i) => {
    bump(byTask, row.task);
    bump(byLanguage, row.language ?? 'unknown');
    bump(byVerdict, row.verdict);
    // flag_codes lists each code once per sample: these are sample counts per code.
    if (row.flag_codes) for (const code of row.flag_codes.split(' ')) bump(byFlag, code);
    prompts.add(row.prompt_id);
    tokens[i] = Math.ceil(row.length / CHARS_PER_TOKEN);
    total += tokens[i]!;
  });
  tokens.sort();
  const histogram = [...BUCKET_EDGES, null].map((to, i) => ({ from: i === 0 ? 0 : BUCKET_EDGES[i - 1]!, to, count: 0 }));
  for (const t of tokens) {
    const bucket = histogram.find((b) => b.to === null || t < b.to)!;
    bucket.count++;
  }
  return {
    samples: rows.length,
    prompts: prompts.size,
    byTask: sortedRecord(byTask),
    byLanguage: sortedRecord(byLanguage),
    byVerdict: sortedRecord(byVerdict),
    byFlag: sortedRecord(byFlag),
    tokens: {
      estimate: `chars/${CHARS_PER_TOKEN}`,
      total,
      min: tokens.length ? tokens[0]! : 0,
      mean: tokens.length ? Math.round(total / tokens.length) : 0,
      p50: percentile(tokens, 50),
      p90: percentile(tokens, 90),
      p99: percentile(tokens, 99),
      max: tokens.length ? tokens[tokens.length - 1]! : 0,
      histogram,
    },
  };
}
