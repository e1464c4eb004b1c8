import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../backend.ts';
import type { Actor } from '../router.ts';
import { teamFixture, type TeamFixture } from './test-fixtures.ts';

let fx: TeamFixture;
afterEach(() => fx?.cleanup());

const as = (actor: Actor) => (name: string, input: unknown) => fx.backend.router.call(name, input, { actor }) as Promise<any>;
const names = (n: number) => Array.from({ length: n }, (_, i) => `ann${i}`);

describe('assignment', () => {
  it('gives each item one slot plus a second slot for the overlap share', async () => {
    fx = await teamFixture(40, [['lead', 'lead'], ['ann0', 'annotator'], ['ann1', 'annotator']]);
    const { batch } = await as(fx.actors.get('lead')!)('batches.create', { name: 'b1', overlap: 0.1, annotators: ['ann0', 'ann1'] });
    expect(batch).toMatchObject({ items: 40, slots: 44, open: 44, members: ['ann0', 'ann1'] });
  });

  it('an annotator cannot create batches (403)', async () => {
    fx = await teamFixture(3, [['ann0', 'annotator']]);
    await expect(as(fx.actors.get('ann0')!)('batches.create', { name: 'b', annotators: ['ann0'], overlap: 0 })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a reload returns the same reserved item; a review completes it and the next one comes', async () => {
    fx = await teamFixture(5, [['lead', 'lead'], ['ann0', 'annotator']]);
    await as(fx.actors.get('lead')!)('batches.create', { name: 'b', overlap: 0, annotators: ['ann0'] });
    const ann = as(fx.actors.get('ann0')!);
    const first = await ann('queue.next', {});
    const again = await ann('queue.next', {});
    expect(again.item.assignmentId).toBe(first.item.assignmentId);
    expect(first.remaining).toBe(5);
    await ann('samples.review', { sampleId: first.item.sampleId, revisionId: null, decision: 'accepted' });
    const second = await ann('queue.next', {});
    expect(second.item.sampleId).not.toBe(first.item.sampleId);
    expect(second.remaining).toBe(4);
    const actions = (await as(fx.actors.get('lead')!)('audit.list', {})).entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['batch.create', 'assignment.reserve', 'review', 'assignment.done']));
  });

  it('an expired reservation goes back to the pool and to someone else', async () => {
    fx = await teamFixture(1, [['lead', 'lead'], ['ann0', 'annotator'], ['ann1', 'annotator']]);
    await as(fx.actors.get('lead')!)('batches.create', { name: 'b', overlap: 0, annotators: ['ann0', 'ann1'] });
    const repo = (await import('./repos.ts')).teamOf(fx.backend.workspace).assignments;
    const t0 = new Date('2030-01-01T00:00:00Z');
    const a = repo.next(fx.actors.get('ann0')!.id!, 5, t0);
    expect(repo.next(fx.actors.get('ann1')!.id!, 5, new Date(t0.getTime() + 4 * 60_000))).toBeNull();
    const b = repo.next(fx.actors.get('ann1')!.id!, 5, new Date(t0.getTime() + 6 * 60_000));
    expect(b?.sampleId).toBe(a?.sampleId);
    expect(b?.annotatorId).toBe(fx.actors.get('ann1')!.id);
  });

  it('under concurrent reservations from 12 annotators on separate connections, non-overlap items are never shared and overlap items never go twice to one person', async () => {
    const people = names(12);
    fx = await teamFixture(120, [['lead', 'lead'], ...people.map((n) => [n, 'annotator'] as [string, 'annotator'])]);
    await as(fx.actors.get('lead')!)('batches.create', { name: 'b', overlap: 0.25, annotators: people });
    // One Backend (one SQLite connection) per annotator, as separate server processes would have.
    const backends = people.map(() => Backend.open(fx.backend.workspace.dir));
    const handed: Array<{ who: string; sampleId: number; slot: number }> = [];
    try {
      await Promise.all(
        people.map(async (who, i) => {
          const actor = fx.actors.get(who)!;
          for (;;) {
            const { item } = (await backends[i]!.router.call('queue.next', {}, { actor })) as { item: { sampleId: number; slot: number } | null };
            if (!item) return;
            handed.push({ who, sampleId: item.sampleId, slot: item.slot });
            await backends[i]!.router.call('samples.review', { sampleId: item.sampleId, revisionId: null, decision: Math.random() < 0.5 ? 'accepted' : 'rejected' }, { actor });
            await new Promise((r) => setImmediate(r));
          }
        }),
      );
    } finally {
      for (const b of backends) b.close();
    }
    // Every slot handed out exactly once: 120 items + 30 overlap slots.
    expect(handed).toHaveLength(150);
    const perSample = new Map<number, string[]>();
    for (const h of handed) perSample.set(h.sampleId, [...(perSample.get(h.sampleId) ?? []), h.who]);
    expect(perSample.size).toBe(120);
    const counts = [...perSample.values()].map((whos) => whos.length);
    expect(counts.filter((n) => n === 2)).toHaveLength(30);
    expect(counts.every((n) => n === 1 || n === 2)).toBe(true);
    for (const whos of perSample.values()) expect(new Set(whos).size).toBe(whos.length);
    const { batches } = await as(fx.actors.get('lead')!)('batches.list', {});
    expect(batches[0]).toMatchObject({ done: 150, open: 0, reserved: 0 });
  });
});
