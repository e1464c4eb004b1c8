import type { DiffHunk, VersionStats } from '../../../../core/procedures/versions.ts';

export interface Bar {
  label: string;
  count: number;
  /** 0..1 of the largest bar in its chart, so the longest bar fills the track. */
  share: number;
}

/** Largest first, ties by label, so two renders of one version look the same. */
export function barsFromCounts(counts: Record<string, number>, limit = 12): { bars: Bar[]; other: number } {
  const entries = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = entries.slice(0, limit);
  const other = entries.slice(limit).reduce((n, [, c]) => n + c, 0);
  const max = Math.max(1, ...shown.map(([, n]) => n));
  return { bars: shown.map(([label, count]) => ({ label, count, share: count / max })), other };
}

/** Histogram bins keep their order (they are ranges); labels read "0–255", the last "4096+". */
export function histogramBars(tokens: VersionStats['tokens']): Bar[] {
  const max = Math.max(1, ...tokens.histogram.map((b) => b.count));
  return tokens.histogram.map((b) => ({ label: b.to === null ? `${b.from}+` : `${b.from}–${b.to - 1}`, count: b.count, share: b.count / max }));
}

export function shortSha(sha: string): string {
  return sha.slice(0, 12);
}

/** "12 samples" / "1 sample". */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The hunk header a unified diff prints, so a reader can match lines to other tools. */
export function hunkHeader(h: DiffHunk): string {
  return `@@ -${h.fromStart},${h.fromLines} +${h.toStart},${h.toLines} @@`;
}

/**
 * Parses the split field ("val=0.05, test=0.1") into what versions.export takes. Returns an
 * error sentence instead of throwing, for the form to show beside the field.
 */
export function parseSplit(text: string): { split: Record<string, number> | undefined } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { split: undefined };
  const split: Record<string, number> = {};
  for (const part of trimmed.split(/[,\s]+/).filter(Boolean)) {
    const match = /^([a-z][a-z0-9_-]{0,31})=(\d*\.?\d+)$/.exec(part);
    if (!match) return { error: `“${part}” is not NAME=SHARE (e.g. val=0.05).` };
    const [, name, value] = match as unknown as [string, string, string];
    const share = Number(value);
    if (!(share > 0 && share < 1)) return { error: `The share of “${name}” must be between 0 and 1.` };
    if (name === 'train') return { error: '“train” gets the rest; name the other splits only.' };
    if (name in split) return { error: `“${name}” is named twice.` };
    split[name] = share;
  }
  const total = Object.values(split).reduce((a, b) => a + b, 0);
  if (total >= 1) return { error: 'The shares add up to 1 or more; leave some for train.' };
  return { split };
}

/** Evaluation prompts pasted one per line; blank lines are not prompts. */
export function parseEvalPrompts(text: string): string[] | undefined {
  const prompts = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return prompts.length ? prompts : undefined;
}
