import crypto from 'node:crypto';
import { AppError } from '../../core/errors.ts';

export type SplitSpec = Record<string, number>;

/** Parses `val=0.05` or `val=0.05,test=0.05`; the rest of the prompts go to "train". */
export function parseSplit(text: string): SplitSpec {
  const spec: SplitSpec = {};
  for (const part of text.split(',')) {
    const m = /^\s*([a-z][a-z0-9_-]{0,31})\s*=\s*([0-9]*\.?[0-9]+)\s*$/.exec(part);
    if (!m) throw new AppError('invalid_input', `--split expects name=fraction (e.g. val=0.05), got "${part}"`);
    spec[m[1]!] = Number(m[2]);
  }
  checkSplit(spec);
  return spec;
}

export function checkSplit(spec: SplitSpec): void {
  const names = Object.keys(spec);
  if (names.includes('train')) throw new AppError('invalid_input', '--split names the held-out parts; "train" is what remains.');
  for (const [name, share] of Object.entries(spec)) {
    if (!(share > 0 && share < 1)) throw new AppError('invalid_input', `--split ${name}=${share}: a share must be between 0 and 1.`);
  }
  const total = Object.values(spec).reduce((a, b) => a + b, 0);
  if (total >= 1) throw new AppError('invalid_input', `--split shares add up to ${total}; they must leave something for train.`);
}

/**
 * Assigns a prompt to a split by hashing the seed with the prompt text, so every sample of a
 * prompt lands on the same side (no prompt leaks from train into val), the assignment does
 * not depend on row order or ids, and the same seed always gives the same split.
 */
export function splitAssigner(spec: SplitSpec | undefined, seed: string): (promptText: string) => string {
  if (!spec || Object.keys(spec).length === 0) return () => 'train';
  const bounds: [string, number][] = [];
  let cumulative = 0;
  for (const name of Object.keys(spec).sort()) {
    cumulative += spec[name]!;
    bounds.push([name, cumulative]);
  }
  return (promptText) => {
    const digest = crypto.createHash('sha256').update(seed).update('\u0000').update(promptText).digest();
    const u = digest.readUIntBE(0, 6) / 2 ** 48;
    for (const [name, bound] of bounds) if (u < bound) return name;
    return 'train';
  };
}
