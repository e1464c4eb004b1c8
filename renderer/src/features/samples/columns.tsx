import { columnVisibilityFeature, createColumnHelper, tableFeatures } from '@tanstack/react-table';
import type { SampleRow } from '../../../../core/contract.ts';
import type { SampleSort } from './useSampleList.ts';

// Filtering, sorting and paging happen on the server; the table lays out a page of rows and
// lets the annotator hide columns.
export const features = tableFeatures({ columnVisibilityFeature });
const helper = createColumnHelper<typeof features, SampleRow>();

/** Room for badges in the flags column, after the cell padding. */
const FLAG_BUDGET_PX = 166;
const BADGE_CHAR_PX = 6.7; // 11px monospace
const BADGE_CHROME_PX = 18; // padding, border and the gap to the next badge
const MORE_PX = 24;

/**
 * The badges that fit the column; the rest collapse into "+N" (every code stays in the tooltip).
 * Badges are monospace, so their width follows from their length without measuring the DOM.
 */
export function fitBadges(codes: string[], budget = FLAG_BUDGET_PX): string[] {
  const shown: string[] = [];
  let used = 0;
  for (const [i, code] of codes.entries()) {
    const width = code.length * BADGE_CHAR_PX + BADGE_CHROME_PX;
    const reserve = i < codes.length - 1 ? MORE_PX : 0;
    if (used + width + reserve > budget) break;
    shown.push(code);
    used += width;
  }
  return shown;
}

const numberFormat = new Intl.NumberFormat('en');
const dateFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

export function formatLength(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(0)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

function parseDate(iso: string): Date {
  // SQLite's datetime('now') is UTC without a zone marker.
  return new Date(iso.includes('T') || iso.endsWith('Z') ? iso : `${iso.replace(' ', 'T')}Z`);
}

function formatDate(iso: string): string {
  const date = parseDate(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
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
    cell: (c) => {
      const codes = c.getValue();
      const shown = fitBadges(codes);
      return (
        <span className="flag-list" data-testid="flag-list" data-codes={codes.join(' ')} title={codes.join(', ')}>
          {shown.map((code) => (
            <span key={code} className="flag-badge" data-testid="flag-badge">
              {code}
            </span>
          ))}
          {shown.length < codes.length ? <span className="flag-more">+{codes.length - shown.length}</span> : null}
        </span>
      );
    },
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
  helper.accessor('updatedAt', {
    header: 'Updated',
    cell: (c) => (
      <span className="muted" title={parseDate(c.getValue()).toLocaleString()}>
        {formatDate(c.getValue())}
      </span>
    ),
  }),
]);

/** Columns the server can sort by, mapped to its sort field names. */
export const SORTABLE: Partial<Record<string, SampleSort['field']>> = {
  id: 'id',
  length: 'length',
  langConsistency: 'consistency',
  updatedAt: 'updated',
};

/** Column widths; one grid template built from the visible ones keeps header and rows aligned without a <table>. */
export const COLUMN_WIDTHS: Record<string, string> = {
  id: '52px',
  promptPreview: 'minmax(200px, 1fr)',
  runName: '100px',
  groupIndex: '30px',
  verdict: '96px',
  status: '100px',
  flagCodes: '180px',
  language: '50px',
  langConsistency: '80px',
  length: '66px',
  updatedAt: '112px',
};

export const COLUMN_LABELS: Record<string, string> = {
  id: 'ID',
  promptPreview: 'Prompt',
  runName: 'Run',
  groupIndex: 'Group index',
  verdict: 'Verdict',
  status: 'Status',
  flagCodes: 'Flags',
  language: 'Language',
  langConsistency: 'Consistency',
  length: 'Length',
  updatedAt: 'Updated',
};

/** Always shown: a row needs something to recognise it by. */
export const FIXED_COLUMNS = new Set(['id', 'promptPreview']);

export type ColumnVisibility = Record<string, boolean>;

/** Only an explicit `false` hides a column (TanStack's rule too). */
export function gridTemplateFor(visibility: ColumnVisibility): string {
  return Object.keys(COLUMN_WIDTHS)
    .filter((id) => visibility[id] !== false)
    .map((id) => COLUMN_WIDTHS[id])
    .join(' ');
}

export const GRID_TEMPLATE = gridTemplateFor({});
