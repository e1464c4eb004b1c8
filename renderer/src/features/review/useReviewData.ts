import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProcedureOutput, Revision, SampleDetail, SampleRow } from '../../../../core/contract.ts';
import { api } from '../../api/index.ts';
import { readViewFromHash } from '../samples/url-state.ts';

type Review = ProcedureOutput<'samples.reviews'>['reviews'][number];

export interface ReviewData {
  detail: SampleDetail;
  history: Revision[];
  group: SampleRow[];
  reviews: Review[];
}

/** A sample with everything the context panel shows; `reload` after a save or a decision. */
export function useReviewData(id: number | null): { data: ReviewData | null; error: Error | null; loading: boolean; reload(): Promise<ReviewData | null>; startedAt: number } {
  const [data, setData] = useState<ReviewData | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);
  const startedAt = useRef(0);

  const load = useCallback(async (): Promise<ReviewData | null> => {
    if (id === null) return null;
    const mine = ++generation.current;
    setLoading(true);
    try {
      const [detail, history, group, reviews] = await Promise.all([
        api.call('samples.get', { id }),
        api.call('samples.history', { id }),
        api.call('samples.group', { id }),
        api.call('samples.reviews', { id }),
      ]);
      const next = { detail, history: history.revisions, group: group.rows, reviews: reviews.reviews };
      if (mine === generation.current) {
        setData(next);
        setError(null);
      }
      return next;
    } catch (e) {
      if (mine === generation.current) setError(e as Error);
      return null;
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [id]);

  useEffect(() => {
    startedAt.current = performance.now();
    setData((d) => (d && d.detail.sample.id === id ? d : null));
    void load();
  }, [load, id]);

  return { data, error, loading, reload: load, startedAt: startedAt.current };
}

/** Ids of the Samples view the sample was opened from (first 500), for j/k and "next after a decision". */
export function useQueue(filterQuery: string): number[] {
  const [ids, setIds] = useState<number[]>([]);
  useEffect(() => {
    let live = true;
    const { filter, sort } = readViewFromHash(`#/samples?${filterQuery}`);
    api
      .call('samples.list', { filter, sort, limit: 500 })
      .then((page) => live && setIds(page.rows.map((r) => r.id)))
      .catch(() => live && setIds([]));
    return () => {
      live = false;
    };
  }, [filterQuery]);
  return ids;
}

/** The neighbour of `id` in the queue; when the sample is not in it, the nearest id in that direction. */
export function neighbour(queue: readonly number[], id: number, direction: 1 | -1): number | null {
  const at = queue.indexOf(id);
  if (at !== -1) return queue[at + direction] ?? null;
  const candidates = queue.filter((q) => (direction === 1 ? q > id : q < id));
  if (candidates.length === 0) return null;
  return direction === 1 ? Math.min(...candidates) : Math.max(...candidates);
}
