import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ProcedureOutput, Stats } from '../../core/contract.ts';
import { api } from './api/index.ts';

type Info = ProcedureOutput<'workspace.info'>;

export interface WorkspaceState {
  info: Info | null;
  stats: Stats | null;
  error: Error | null;
  refreshStats(): void;
}

const WorkspaceContext = createContext<WorkspaceState | null>(null);

export function useWorkspace(): WorkspaceState {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace outside WorkspaceProvider');
  return value;
}

/** Workspace name and counts, kept fresh by push events (never polling). */
export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<Info | null>(null);
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(() => {
    api.call('workspace.stats', {}).then(setStats, setError);
  }, []);

  // Imports, flagging and generation emit steady streams of events: at most one stats query a
  // second. (Restarting the timer on each event would starve the header for a whole run.)
  const refreshStats = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      load();
    }, 1000);
  }, [load]);

  useEffect(() => {
    api.call('workspace.info', {}).then((i) => {
      setInfo(i);
      document.title = `${i.name} · Coldstart`;
    }, setError);
    load();
    const stop = api.subscribe((message) => {
      if (message.event === 'samples.changed') refreshStats();
      if (message.event === 'flagging.progress' && message.data.done >= message.data.total) refreshStats();
      // A run is counted from its first event, before it has stored any sample.
      if (message.event === 'run.progress') refreshStats();
    });
    return () => {
      stop();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load, refreshStats]);

  return <WorkspaceContext.Provider value={{ info, stats, error, refreshStats }}>{children}</WorkspaceContext.Provider>;
}
