import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventPayload, ProcedureOutput } from '../../../../core/contract.ts';
import { api } from '../../api/index.ts';

export type ModelList = ProcedureOutput<'models.list'>;
export type RunOverview = ProcedureOutput<'runs.overview'>['runs'][number];
export type RunDetail = ProcedureOutput<'runs.get'>;
export type Progress = EventPayload<'run.progress'>;
export type DownloadState = EventPayload<'model.download'>;

const FINISHED = new Set(['done', 'failed', 'cancelled', 'interrupted']);

/** Models folder listing; reloads when a download finishes. */
export function useModels(): { list: ModelList | null; error: Error | null; reload(): void; download: DownloadState | null } {
  const [list, setList] = useState<ModelList | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [download, setDownload] = useState<DownloadState | null>(null);
  const reload = useCallback(() => {
    api.call('models.list', {}).then(setList, setError);
  }, []);
  useEffect(() => {
    reload();
    return api.on('model.download', (d) => {
      setDownload(d);
      if (d.status === 'done') reload();
    });
  }, [reload]);
  return { list, error, reload, download };
}

/** Generation runs with pass rates, refreshed when a run changes status. */
export function useRuns(): { runs: RunOverview[] | null; error: Error | null; reload(): void } {
  const [runs, setRuns] = useState<RunOverview[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const lastStatus = useRef(new Map<number, string>());
  const reload = useCallback(() => {
    api.call('runs.overview', {}).then((r) => setRuns(r.runs), setError);
  }, []);
  useEffect(() => {
    reload();
    return api.on('run.progress', (p) => {
      // Progress events come ~10/s; the table needs a reload only when a status changes.
      if (lastStatus.current.get(p.runId) !== p.status) {
        lastStatus.current.set(p.runId, p.status);
        reload();
      } else {
        setRuns((rs) => rs?.map((r) => (r.id === p.runId && r.completed !== p.done ? { ...r, completed: p.done } : r)) ?? rs);
      }
    });
  }, [reload]);
  return { runs, error, reload };
}

/**
 * The run being watched: its latest progress event, and its details (settings, engine facts)
 * fetched when it starts, when the engine has loaded, and when it ends.
 */
export function useRunWatch(runId: number | null): { progress: Progress | null; detail: RunDetail | null } {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const fetching = useRef(false);
  const haveEngine = useRef(false);

  useEffect(() => {
    setProgress(null);
    setDetail(null);
    haveEngine.current = false;
    if (runId === null) return;
    let live = true;
    const fetchDetail = () => {
      if (fetching.current) return;
      fetching.current = true;
      api.call('runs.get', { runId }).then(
        (d) => {
          fetching.current = false;
          if (!live) return;
          haveEngine.current = d.engineInfo !== null;
          setDetail(d);
        },
        () => {
          fetching.current = false;
        },
      );
    };
    fetchDetail();
    const stop = api.on('run.progress', (p) => {
      if (p.runId !== runId) return;
      setProgress(p);
      // Engine facts are stored once the model has loaded, before the first token arrives.
      if (FINISHED.has(p.status) || (!haveEngine.current && (p.live.length > 0 || p.done > 0))) fetchDetail();
    });
    return () => {
      live = false;
      stop();
    };
  }, [runId]);

  return { progress, detail };
}
