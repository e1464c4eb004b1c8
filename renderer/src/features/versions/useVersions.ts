import { useCallback, useEffect, useState } from 'react';
import type { ProcedureOutput } from '../../../../core/contract.ts';
import type { VersionView } from '../../../../core/procedures/versions.ts';
import { api } from '../../api/index.ts';

export type Me = ProcedureOutput<'team.me'>;

/** Versions newest first and who is looking; reloads when any client commits a version. */
export function useVersions(): { versions: VersionView[]; me: Me | null; error: Error | null; loaded: boolean; reload(): void } {
  const [versions, setVersions] = useState<VersionView[]>([]);
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loaded, setLoaded] = useState(false);

  const reload = useCallback(() => {
    api.call('versions.list', {}).then(
      (out) => {
        setVersions(out.versions);
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
    reload();
    // Who may commit and export decides which forms are enabled; a failure here only hides them.
    api.call('team.me', {}).then(setMe, () => setMe(null));
    return api.on('versions.committed', reload);
  }, [reload]);

  return { versions, me, error, loaded, reload };
}
