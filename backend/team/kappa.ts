/**
 * Chance-corrected agreement on a binary accept / reject decision.
 * Both return null when chance agreement is total (every rating in one category), where
 * kappa is undefined: reporting 1 or 0 there would be a made-up number.
 */

export interface CohenResult {
  items: number;
  /** Share of items both raters decided the same way. */
  observed: number;
  kappa: number | null;
}

/** Cohen's kappa for two raters over the same items; each pair is [rater A accepted, rater B accepted]. */
export function cohenKappa(pairs: ReadonlyArray<readonly [boolean, boolean]>): CohenResult {
  const n = pairs.length;
  if (n === 0) return { items: 0, observed: 0, kappa: null };
  let agree = 0;
  let aYes = 0;
  let bYes = 0;
  for (const [a, b] of pairs) {
    if (a === b) agree++;
    if (a) aYes++;
    if (b) bYes++;
  }
  const po = agree / n;
  const pe = (aYes / n) * (bYes / n) + (1 - aYes / n) * (1 - bYes / n);
  return { items: n, observed: po, kappa: pe === 1 ? null : (po - pe) / (1 - pe) };
}

export interface FleissResult {
  items: number;
  ratings: number;
  kappa: number | null;
}

/**
 * Fleiss' kappa over items rated by two or more raters. Overlap items usually have exactly
 * two, but an expired reservation can add a third; the per-item agreement uses each item's
 * own rater count (the usual generalisation), and items with fewer than two are skipped.
 */
export function fleissKappa(items: ReadonlyArray<{ accepts: number; rejects: number }>): FleissResult {
  const used = items.filter((i) => i.accepts + i.rejects >= 2);
  if (used.length === 0) return { items: 0, ratings: 0, kappa: null };
  let sumP = 0;
  let totalAccepts = 0;
  let total = 0;
  for (const { accepts, rejects } of used) {
    const n = accepts + rejects;
    sumP += (accepts * (accepts - 1) + rejects * (rejects - 1)) / (n * (n - 1));
    totalAccepts += accepts;
    total += n;
  }
  const pBar = sumP / used.length;
  const pAccept = totalAccepts / total;
  const pe = pAccept * pAccept + (1 - pAccept) * (1 - pAccept);
  return { items: used.length, ratings: total, kappa: pe === 1 ? null : (pBar - pe) / (1 - pe) };
}
