import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProcedureOutput } from '../../../../core/contract.ts';
import { api } from '../../api/index.ts';

export type Dashboard = ProcedureOutput<'team.dashboard'>;

/** The team dashboard, reloaded (at most every 500 ms) when the server reports changed samples. */
export function useDashboard(): { data: Dashboard | null; error: Error | null; loaded: boolean } {
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loaded, setLoaded] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(() => {
    api.call('team.dashboard', {}).then(
      (d) => {
        setData(d);
        setError(null);
        setLoaded(true);
      },
      (e: Error) => {
        setError(e);
        setLoaded(true);
      },
    );
  }, []);

  useEffect(() => {
    load();
    const stop = api.on('samples.changed', () => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        load();
      }, 500);
    });
    return () => {
      stop();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load]);

  return { data, error, loaded };
}
