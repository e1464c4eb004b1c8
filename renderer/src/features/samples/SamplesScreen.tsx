import { useCallback, useEffect, useState } from 'react';
import { useScreenReady } from '../../ready.tsx';
import { useWorkspace } from '../../workspace.tsx';
import { Filters } from './Filters.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { SamplesTable } from './SamplesTable.tsx';
import { readViewFromHash, viewToHash } from './url-state.ts';
import { reviewHash } from '../review/route.ts';
import { BulkBar } from './BulkBar.tsx';
import { loadColumnVisibility, ViewControls } from './ViewControls.tsx';
import type { ColumnVisibility } from './columns.tsx';
import './bulk.css';
import { useSampleList, type SampleFilter, type SampleSort } from './useSampleList.ts';

const fmt = new Intl.NumberFormat('en');

export function SamplesScreen() {
  const { stats } = useWorkspace();
  const [initial] = useState(() => readViewFromHash(window.location.hash));
  const [filter, setFilter] = useState<SampleFilter>(initial.filter);
  const [sort, setSort] = useState<SampleSort>(initial.sort);
  const [importing, setImporting] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [bulkMessage, setBulkMessage] = useState<string | null>(null);
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibility>(loadColumnVisibility);
  const applyView = useCallback((hash: string) => {
    const view = readViewFromHash(hash);
    setFilter(view.filter);
    setSort(view.sort);
  }, []);
  const toggle = useCallback((id: number, on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const list = useSampleList(filter, sort);
  const ready = useScreenReady();
  const resetKey = JSON.stringify([filter, sort]);

  useEffect(() => {
    // replaceState: filter clicks should not pile up in the back button's history.
    const hash = viewToHash(filter, sort);
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  }, [filter, sort]);

  // A selection belongs to the rows it was made on: a new query starts without one.
  useEffect(() => setSelected(new Set()), [resetKey]);

  useEffect(() => {
    if (list.loaded) ready();
  }, [list.loaded, ready]);

  const openSample = useCallback((id: number) => {
    const hash = viewToHash(filter, sort);
    window.location.hash = reviewHash(id, hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '');
  }, [filter, sort]);

  const workspaceEmpty = stats !== null && stats.samples === 0 && list.loaded && list.rows.length === 0;
  const filtered = Object.keys(filter).length > 0;

  return (
    <section className="samples-screen" data-testid="screen-samples">
      <div className="toolbar">
        <h1>Samples</h1>
        {workspaceEmpty ? null : <Filters filter={filter} stats={stats} onChange={setFilter} />}
        <div className="toolbar-end">
          <span className="result-count" data-testid="samples-count" aria-live="polite" data-loading={list.loading ? 'true' : 'false'}>
            {list.total === null || workspaceEmpty ? '' : `${fmt.format(list.total)} ${list.total === 1 ? 'sample' : 'samples'}${filtered ? ' match' : ''}`}
          </span>
          <button type="button" className="button primary" onClick={() => setImporting(true)} data-testid="import-open">
            Import…
          </button>
        </div>
      </div>
      {list.error ? (
        <div className="banner error" role="alert" data-testid="samples-error">
          {list.error.message}
        </div>
      ) : null}
      {workspaceEmpty ? (
        <div className="empty-state" data-testid="samples-empty">
          <h2>No samples yet</h2>
          <p>Import a JSONL, CSV or Parquet file of reasoning traces to start curating, or a file of prompts to generate from.</p>
          <p className="muted">
            From a terminal: <code>npx coldstart import traces FILE</code>
          </p>
          <button type="button" className="button primary" onClick={() => setImporting(true)} data-testid="empty-import">
            Import a file…
          </button>
        </div>
      ) : (
        <>
          <BulkBar selected={selected} filter={filter} matching={list.total} onDone={setBulkMessage} onClear={() => setSelected(new Set())} />
          {bulkMessage ? (
            <div className="banner info" role="status" data-testid="bulk-message">
              {bulkMessage}
            </div>
          ) : null}
          <SamplesTable columnVisibility={columnVisibility} selected={selected} onToggle={toggle} rows={list.rows} sort={sort} onSort={setSort} hasMore={list.hasMore} loading={list.loading} onLoadMore={list.loadMore} resetKey={resetKey} onOpen={openSample} />
          <div className="table-footer">
            <ViewControls visibility={columnVisibility} onVisibility={setColumnVisibility} currentHash={viewToHash(filter, sort)} onApplyView={applyView} />
            {list.loaded && list.rows.length === 0 && filtered ? (
              <span data-testid="samples-no-match">No samples match these filters.</span>
            ) : (
              <span data-testid="samples-loaded">
                Showing {fmt.format(list.rows.length)}
                {list.total !== null ? ` of ${fmt.format(list.total)}` : ''}
              </span>
            )}
            {list.hasMore ? (
              <button type="button" className="button" onClick={list.loadMore} disabled={list.loading} data-testid="samples-load-more">
                {list.loading ? 'Loading…' : 'Load more'}
              </button>
            ) : null}
          </div>
        </>
      )}
      {importing ? <ImportPanel onClose={() => setImporting(false)} /> : null}
    </section>
  );
}
