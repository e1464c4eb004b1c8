import { useEffect, useState } from 'react';
import type { VersionView } from '../../../../core/procedures/versions.ts';
import { useScreenReady } from '../../ready.tsx';
import { CommitForm } from './CommitForm.tsx';
import { DiffPanel } from './DiffPanel.tsx';
import { ErrorBanner } from './ErrorBanner.tsx';
import { ExportForm } from './ExportForm.tsx';
import { parseVersionsHash, versionsHash, type Tab, type VersionsRoute } from './route.ts';
import { useVersions } from './useVersions.ts';
import { VersionDetails } from './VersionDetails.tsx';
import { VersionList } from './VersionList.tsx';
import './versions.css';

const TAB_LABELS: Record<Tab, string> = { details: 'Details', compare: 'Compare', export: 'Export' };

export function VersionsScreen() {
  const { versions, me, error, loaded, reload } = useVersions();
  const [route, setRoute] = useState<VersionsRoute>(() => parseVersionsHash(window.location.hash));
  const [committing, setCommitting] = useState(false);
  const ready = useScreenReady();
  const isLead = me?.role === 'lead';

  useEffect(() => {
    if (loaded) ready();
  }, [loaded, ready]);

  useEffect(() => {
    const onHash = () => setRoute(parseVersionsHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const go = (next: VersionsRoute) => {
    window.location.hash = versionsHash(next);
    setRoute(next);
  };

  // Newest first from the server; with nothing chosen, show the newest.
  const selected: VersionView | null = versions.find((v) => v.name === route.name) ?? (route.name ? null : (versions[0] ?? null));
  const compareFrom = selected ? (selected.parent ?? versions.find((v) => v.name !== selected.name)?.name ?? selected.name) : '';

  function committed(version: VersionView) {
    setCommitting(false);
    reload();
    go({ name: version.name, tab: 'details' });
  }

  return (
    <section className="versions-screen" data-testid="screen-versions">
      <div className="toolbar">
        <h1>Versions</h1>
        <span className="result-count" data-testid="versions-count">
          {loaded ? `${versions.length} ${versions.length === 1 ? 'version' : 'versions'}` : '…'}
        </span>
        <div className="toolbar-end">
          <button
            type="button"
            className="button primary"
            onClick={() => setCommitting(true)}
            disabled={!isLead}
            title={isLead ? undefined : 'Only a lead can commit versions'}
            data-testid="commit-open"
          >
            Commit version…
          </button>
        </div>
      </div>
      <ErrorBanner error={error} testId="versions-error" />
      {committing ? (
        <div className="modal-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && setCommitting(false)}>
          <div className="modal" role="dialog" aria-modal="true" aria-label="Commit a version">
            <CommitForm onCommitted={committed} onCancel={() => setCommitting(false)} />
          </div>
        </div>
      ) : null}
      {loaded && !error && versions.length === 0 ? (
        <div className="empty-state" data-testid="versions-empty">
          <p>No dataset versions yet.</p>
          <p className="muted">Accept the samples you want on the Samples or Review screen, then commit them as an immutable version you can compare and export.</p>
        </div>
      ) : null}
      {versions.length ? <VersionList versions={versions} selected={selected?.name ?? null} onSelect={(name) => go({ name, tab: route.tab })} /> : null}
      {route.name && loaded && !selected && versions.length ? (
        <div className="banner error" role="alert" data-testid="version-missing">
          There is no version named “{route.name}”.
        </div>
      ) : null}
      {selected ? (
        <div className="version-panel">
          <div className="tabs" role="tablist" aria-label="Version">
            {(Object.keys(TAB_LABELS) as Tab[]).map((tab) => (
              <button
                key={tab}
                type="button"
                role="tab"
                aria-selected={route.tab === tab}
                className={route.tab === tab ? 'tab active' : 'tab'}
                onClick={() => go({ name: selected.name, tab })}
                data-testid={`tab-${tab}`}
              >
                {TAB_LABELS[tab]}
              </button>
            ))}
          </div>
          {route.tab === 'details' ? <VersionDetails version={selected} /> : null}
          {route.tab === 'compare' ? (
            versions.length > 1 ? (
              <DiffPanel versions={versions} initialFrom={compareFrom} initialTo={selected.name} />
            ) : (
              <p className="muted">Commit a second version to compare.</p>
            )
          ) : null}
          {route.tab === 'export' ? (
            isLead ? (
              <ExportForm version={selected} />
            ) : (
              <p className="muted" data-testid="export-lead-only">
                Only a lead can export versions.
              </p>
            )
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
