import { createColumnHelper, tableFeatures } from '@tanstack/react-table';
import type { SampleRow } from '../../../../core/contract.ts';
import type { SampleSort } from './useSampleList.ts';

// Filtering, sorting and paging happen on the server; the table only lays out a page of rows.
export const features = tableFeatures({});
const helper = createColumnHelper<typeof features, SampleRow>();

const numberFormat = new Intl.NumberFormat('en');
const dateFormat = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

export function formatLength(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(0)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

function formatDate(iso: string): string {
  const date = new Date(iso.includes('T') || iso.endsWith('Z') ? iso : `${iso.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date).replace(',', '');
}

/** Everything below renders as text nodes: prompts and model output are untrusted. */
export const columns = helper.columns([
  helper.accessor('id', { header: 'ID', cell: (c) => <span className="mono">{c.getValue()}</span> }),
  helper.accessor('promptPreview', {
    header: 'Prompt',
    cell: (c) => (
      <span className="prompt-preview" title={c.getValue()}>
        {c.getValue()}
      </span>
    ),
  }),
  helper.accessor('runName', { header: 'Run', cell: (c) => <span className="run-name" title={c.getValue()}>{c.getValue()}</span> }),
  helper.accessor('groupIndex', { header: '#', cell: (c) => <span className="mono">{c.getValue()}</span> }),
  helper.accessor('verdict', { header: 'Verdict', cell: (c) => <span className={`pill verdict-${c.getValue()}`}>{c.getValue()}</span> }),
  helper.accessor('status', { header: 'Status', cell: (c) => <span className={`pill status-${c.getValue()}`}>{c.getValue().replace('_', ' ')}</span> }),
  helper.accessor('flagCodes', {
    header: 'Flags',
    cell: (c) => (
      <span className="flag-list">
        {c.getValue().map((code) => (
          <span key={code} className="flag-badge" data-testid="flag-badge">
            {code}
          </span>
        ))}
      </span>
    ),
  }),
  helper.accessor('language', { header: 'Lang', cell: (c) => c.getValue() ?? '—' }),
  helper.accessor('langConsistency', {
    header: 'Consist.',
    cell: (c) => {
      const v = c.getValue();
      return v === null ? <span className="muted">—</span> : <span className={v < 0.9 ? 'mono warn' : 'mono'}>{Math.round(v * 100)}%</span>;
    },
  }),
  helper.accessor('length', { header: 'Length', cell: (c) => <span className="mono" title={`${numberFormat.format(c.getValue())} characters`}>{formatLength(c.getValue())}</span> }),
  helper.accessor('updatedAt', { header: 'Updated', cell: (c) => <span className="mono muted">{formatDate(c.getValue())}</span> }),
]);

/** Columns the server can sort by, mapped to its sort field names. */
export const SORTABLE: Partial<Record<string, SampleSort['field']>> = {
  id: 'id',
  length: 'length',
  langConsistency: 'consistency',
  updatedAt: 'updated',
};

/** One grid template shared by the header and every row keeps columns aligned without a <table>. */
export const GRID_TEMPLATE = '64px minmax(220px, 1fr) 140px 36px 104px 112px minmax(160px, 0.8fr) 52px 72px 64px 132px';
