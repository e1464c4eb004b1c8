import { useCallback, useEffect, useState } from 'react';
import type { ProcedureOutput } from '../../../../core/contract.ts';
import type { FlagSettings } from '../../../../core/flags/defaults.ts';
import { api } from '../../api/index.ts';

export type FlagStatus = ProcedureOutput<'flags.status'>;

export interface FlagSettingsState {
  /** What the workspace stores now (null until loaded). */
  saved: FlagSettings | null;
  status: FlagStatus | null;
  /** The running background pass, from its `flagging.progress` events. */
  progress: { done: number; total: number } | null;
  isLead: boolean;
  error: Error | null;
  save(patch: Partial<FlagSettings>): Promise<FlagSettings>;
  reflagAll(): Promise<void>;
}

/** The workspace's flag settings and the state of its background re-flag, kept fresh by push events. */
export function useFlagSettings(): FlagSettingsState {
  const [saved, setSaved] = useState<FlagSettings | null>(null);
  const [status, setStatus] = useState<FlagStatus | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [isLead, setIsLead] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const loadStatus = useCallback(() => {
    api.call('flags.status', {}).then(setStatus, setError);
  }, []);

  const loadSettings = useCallback(() => {
    api.call('flags.getSettings', {}).then(setSaved, setError);
  }, []);

  useEffect(() => {
    loadSettings();
    loadStatus();
    // Who may change the settings decides whether the form is editable; a failure only locks it.
    api.call('team.me', {}).then((me) => setIsLead(me.role === 'lead'), () => setIsLead(false));
    return api.on('flagging.progress', (p) => {
      setProgress(p.done >= p.total ? null : p);
      if (p.done >= p.total) {
        loadStatus();
        // Another lead may have changed the thresholds that this pass applied.
        loadSettings();
      }
    });
  }, [loadStatus, loadSettings]);

  const save = useCallback(
    async (patch: Partial<FlagSettings>) => {
      const next = await api.call('flags.updateSettings', patch);
      setSaved(next);
      setError(null);
      loadStatus();
      return next;
    },
    [loadStatus],
  );

  const reflagAll = useCallback(async () => {
    setStatus(await api.call('flags.reflag', {}));
    setError(null);
  }, []);

  return { saved, status, progress, isLead, error, save, reflagAll };
}
