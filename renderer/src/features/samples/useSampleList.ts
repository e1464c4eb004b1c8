import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProcedureInput, SampleRow } from '../../../../core/contract.ts';
import { api } from '../../api/index.ts';

type ListInput = ProcedureInput<'samples.list'>;
export type SampleFilter = NonNullable<ListInput['filter']>;
export type SampleSort = NonNullable<ListInput['sort']>;

export const PAGE_SIZE = 100;
const MAX_PAGE = 500;

export interface SampleList {
  rows: SampleRow[];
  total: number | null;
  hasMore: boolean;
  /** The first page of the current query has arrived (or failed). */
  loaded: boolean;
  loading: boolean;
  error: Error | null;
  loadMore(): void;
}

/**
 * One server-side query (filter + sort) paged by keyset cursor. A new query starts over; a
 * `samples.changed` event re-reads as many rows as are on screen so a live refresh does not
 * shrink the list under the reader's scroll position.
 */
export function useSampleList(filter: SampleFilter, sort: SampleSort): SampleList {
  const [rows, setRows] = useState<SampleRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  // Responses can arrive out of order (fast filter clicks); only the newest request may write.
  const generation = useRef(0);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const queryKey = JSON.stringify([filter, sort]);

  const fetchFirst = useCallback(
    (limit: number) => {
      const mine = ++generation.current;
      setLoading(true);
      api.call('samples.list', { filter, sort, limit, withTotal: true }).then(
        (page) => {
          if (mine !== generation.current) return;
          setRows(page.rows);
          setCursor(page.nextCursor);
          setTotal(page.total);
          setError(null);
          setLoaded(true);
          setLoading(false);
        },
        (e: Error) => {
          if (mine !== generation.current) return;
          setError(e);
          setLoaded(true);
          setLoading(false);
        },
      );
    },
    // queryKey stands for filter and sort by value, so a re-render with equal objects does not refetch.
    [queryKey],
  );

  useEffect(() => {
    setRows([]);
    setCursor(null);
    setTotal(null);
    setLoaded(false);
    fetchFirst(PAGE_SIZE);
  }, [fetchFirst]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = api.on('samples.changed', () => {
      // Flagging a big import sends many events; re-read once per burst.
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => fetchFirst(Math.min(MAX_PAGE, Math.max(PAGE_SIZE, rowsRef.current.length))), 200);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [fetchFirst]);

  const loadMore = useCallback(() => {
    if (!cursor || loading) return;
    const mine = generation.current;
    setLoading(true);
    api.call('samples.list', { filter, sort, cursor, limit: PAGE_SIZE }).then(
      (page) => {
        if (mine !== generation.current) return;
        setRows((previous) => [...previous, ...page.rows]);
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (e: Error) => {
        if (mine !== generation.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, [cursor, loading, queryKey]);

  return { rows, total, hasMore: cursor !== null, loaded, loading, error, loadMore };
}
