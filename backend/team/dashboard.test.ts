import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../router.ts';
import { teamFixture, type TeamFixture } from './test-fixtures.ts';

let fx: TeamFixture;
afterEach(() => fx?.cleanup());
const as = (actor: Actor) => (name: string, input: unknown) => fx.backend.router.call(name, input, { actor }) as Promise<any>;

describe('agreement, adjudication and the dashboard', () => {
  it('computes per-pair kappa, lists the disagreement, keeps adjudication apart, and counts per annotator', async () => {
    fx = await teamFixture(4, [['lead', 'lead'], ['a', 'annotator'], ['b', 'annotator']]);
    const [s1, s2, s3, s4] = fx.sampleIds as [number, number, number, number];
    const a = as(fx.actors.get('a')!);
    const b = as(fx.actors.get('b')!);
    const lead = as(fx.actors.get('lead')!);
    const { revision } = await a('samples.saveRevision', { sampleId: s3, baseRevisionId: null, completion: 'Rewritten.\n</think>\n\nThe answer is \\boxed{4}.' });
    const decisionsA = ['accepted', 'accepted', 'rejected', 'accepted'];
    const decisionsB = ['accepted', 'rejected', 'rejected', 'accepted'];
    const revOf = (id: number) => (id === s3 ? revision.id : null);
    for (const [i, id] of [s1, s2, s3, s4].entries()) {
      await a('samples.review', { sampleId: id, revisionId: revOf(id), decision: decisionsA[i], seconds: 10 * (i + 1) });
      await b('samples.review', { sampleId: id, revisionId: revOf(id), decision: decisionsB[i], seconds: 5 });
    }

    // a yes 3/4, b yes 2/4, observed 3/4: pe = 0.75·0.5 + 0.25·0.5 = 0.5 → κ = 0.5
    const agreement = await lead('team.agreement', {});
    expect(agreement.pairs).toEqual([{ a: 'a', b: 'b', items: 4, observed: 0.75, kappa: 0.5 }]);
    // Fleiss on the same table: P̄ = 0.75, p = 5/8, Pe = 34/64 → (0.75 − 0.53125)/0.46875
    expect(agreement.fleiss.kappa).toBeCloseTo(0.21875 / 0.46875, 12);

    const { disagreements } = await lead('team.disagreements', {});
    expect(disagreements).toEqual([{ sampleId: s2, decisions: expect.arrayContaining([expect.objectContaining({ annotator: 'a', decision: 'accepted' }), expect.objectContaining({ annotator: 'b', decision: 'rejected' })]), adjudicated: null }]);
    await expect(a('team.adjudicate', { sampleId: s2, revisionId: null, decision: 'rejected' })).rejects.toMatchObject({ code: 'forbidden' });
    const { review } = await lead('team.adjudicate', { sampleId: s2, revisionId: null, decision: 'rejected' });
    expect(review.adjudication).toBe(true);
    expect((await lead('team.disagreements', {})).disagreements).toEqual([]);
    expect((await lead('team.disagreements', { includeAdjudicated: true })).disagreements[0].adjudicated).toBe('rejected');
    // The adjudication changes neither annotator's agreement nor their counts.
    expect((await lead('team.agreement', {})).pairs[0].kappa).toBe(0.5);

    const dash = await a('team.dashboard', {});
    const byName = Object.fromEntries(dash.members.map((m: { annotator: string }) => [m.annotator, m]));
    expect(byName.a).toMatchObject({ reviewed: 4, accepted: 3, rejected: 1, rewritten: 1, acceptanceRate: 0.75, medianSeconds: 25, agreement: 0.5 });
    expect(byName.b).toMatchObject({ reviewed: 4, accepted: 2, rejected: 2, rewritten: 0, acceptanceRate: 0.5, medianSeconds: 5 });
    expect(byName.lead).toMatchObject({ reviewed: 0, agreement: null });
    expect(byName.a.perDay).toEqual([{ day: new Date().toISOString().slice(0, 10), reviewed: 4 }]);
    expect(dash.overall).toMatchObject({ reviewed: 8, accepted: 5, rejected: 3, rewritten: 1, disagreements: 0 });
    expect(dash.overall.fleiss).toBeCloseTo(0.21875 / 0.46875, 12);
    // 5, 5, 5, 5, 10, 20, 30, 40 → (5 + 10) / 2
    expect(dash.overall.medianSeconds).toBe(7.5);

    // Every action is attributed in the audit log.
    const entries = (await lead('audit.list', {})).entries as Array<{ actor: string; action: string }>;
    expect(entries.filter((e) => e.action === 'review').map((e) => e.actor).sort()).toEqual([...Array(4).fill('a'), ...Array(4).fill('b')]);
    expect(entries.find((e) => e.action === 'revision.save')).toMatchObject({ actor: 'a' });
    expect(entries.find((e) => e.action === 'review.adjudicate')).toMatchObject({ actor: 'lead' });
  });

  it('counts flags of curated samples before curation and after (current text of kept samples)', async () => {
    fx = await teamFixture(3, [['a', 'annotator']]);
    const a = as(fx.actors.get('a')!);
    const [s1, s2, s3] = fx.sampleIds as [number, number, number];
    // Every raw text carries no_summary; s1 gets fixed, s2 is kept as is, s3 is rejected.
    const db = fx.backend.workspace.db;
    for (const id of [s1, s2, s3]) db.prepare("INSERT INTO flags (sample_id, revision_id, code, severity, start, end, message, detector_version) VALUES (?, NULL, 'no_summary', 'error', 0, 1, 'm', 't')").run(id);
    const { revision } = await a('samples.saveRevision', { sampleId: s1, baseRevisionId: null, completion: 'Fixed reasoning.\n</think>\n\nThe answer is \\boxed{0}.' });
    await a('samples.review', { sampleId: s1, revisionId: revision.id, decision: 'accepted' });
    await a('samples.review', { sampleId: s2, revisionId: null, decision: 'accepted' });
    await a('samples.review', { sampleId: s3, revisionId: null, decision: 'rejected' });
    const dash = await a('team.dashboard', {});
    expect(dash.overall.flagsBefore.no_summary).toBe(3);
    expect(dash.overall.flagsAfter.no_summary).toBe(1);
    expect(dash.members[0]).toMatchObject({ flagsBefore: { no_summary: 3 }, flagsAfter: { no_summary: 1 } });
  });
});
