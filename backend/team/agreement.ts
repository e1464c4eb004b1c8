/** Agreement between annotators on the items two or more of them decided, and the disagreements a lead adjudicates. */
import type { LatestDecision } from '../../db/repos/team-stats.ts';
import { cohenKappa, fleissKappa, type CohenResult, type FleissResult } from './kappa.ts';

export interface PairAgreement extends CohenResult {
  a: string;
  b: string;
}

export interface Agreement {
  pairs: PairAgreement[];
  fleiss: FleissResult;
}

export interface Disagreement {
  sampleId: number;
  decisions: Array<{ annotator: string; decision: LatestDecision['decision']; reviewId: number }>;
  adjudicated: LatestDecision['decision'] | null;
}

/** Accept vs everything else: needs_rewrite means "not acceptable as it stands". */
const accepts = (d: LatestDecision['decision']) => d === 'accepted';

function bySample(latest: readonly LatestDecision[]): Map<number, LatestDecision[]> {
  const map = new Map<number, LatestDecision[]>();
  for (const d of latest) {
    const list = map.get(d.sampleId);
    if (list) list.push(d);
    else map.set(d.sampleId, [d]);
  }
  for (const [id, list] of map) if (list.length < 2) map.delete(id);
  return map;
}

export function computeAgreement(latest: readonly LatestDecision[], nameOf: (id: number | null) => string): Agreement {
  const shared = bySample(latest);
  const pairData = new Map<string, { a: string; b: string; pairs: Array<[boolean, boolean]> }>();
  const fleissItems: Array<{ accepts: number; rejects: number }> = [];
  for (const decisions of shared.values()) {
    let yes = 0;
    for (const d of decisions) if (accepts(d.decision)) yes++;
    fleissItems.push({ accepts: yes, rejects: decisions.length - yes });
    const named = decisions.map((d) => ({ name: nameOf(d.annotatorId), yes: accepts(d.decision) })).sort((x, y) => x.name.localeCompare(y.name));
    for (let i = 0; i < named.length; i++) {
      for (let j = i + 1; j < named.length; j++) {
        const key = `${named[i]!.name}\u0000${named[j]!.name}`;
        let entry = pairData.get(key);
        if (!entry) pairData.set(key, (entry = { a: named[i]!.name, b: named[j]!.name, pairs: [] }));
        entry.pairs.push([named[i]!.yes, named[j]!.yes]);
      }
    }
  }
  const pairs = [...pairData.values()].map((p) => ({ a: p.a, b: p.b, ...cohenKappa(p.pairs) })).sort((x, y) => x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
  return { pairs, fleiss: fleissKappa(fleissItems) };
}

/** Mean of an annotator's pairwise kappas, weighted by shared items; null when none is defined. */
export function annotatorAgreement(name: string, pairs: readonly PairAgreement[]): number | null {
  let weighted = 0;
  let items = 0;
  for (const p of pairs) {
    if ((p.a !== name && p.b !== name) || p.kappa === null) continue;
    weighted += p.kappa * p.items;
    items += p.items;
  }
  return items === 0 ? null : weighted / items;
}

export function findDisagreements(latest: readonly LatestDecision[], adjudications: ReadonlyMap<number, LatestDecision['decision']>, nameOf: (id: number | null) => string): Disagreement[] {
  const out: Disagreement[] = [];
  for (const [sampleId, decisions] of bySample(latest)) {
    if (new Set(decisions.map((d) => accepts(d.decision))).size < 2) continue;
    out.push({
      sampleId,
      decisions: decisions.map((d) => ({ annotator: nameOf(d.annotatorId), decision: d.decision, reviewId: d.reviewId })),
      adjudicated: adjudications.get(sampleId) ?? null,
    });
  }
  return out;
}
