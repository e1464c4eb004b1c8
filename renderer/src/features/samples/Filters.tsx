import { useEffect, useState } from 'react';
import type { Stats } from '../../../../core/contract.ts';
import type { SampleFilter } from './useSampleList.ts';

const STATUSES = ['new', 'accepted', 'rejected', 'needs_rewrite'] as const;
const VERDICTS = ['correct', 'incorrect', 'unverifiable'] as const;

interface Props {
  filter: SampleFilter;
  stats: Stats | null;
  onChange(filter: SampleFilter): void;
}

function withCount(label: string, n: number | undefined): string {
  return n === undefined ? label : `${label} (${n})`;
}

/** Sets or clears one key; an empty choice removes it so the server sees no filter. */
function set<K extends keyof SampleFilter>(filter: SampleFilter, key: K, value: string): SampleFilter {
  const next = { ...filter };
  if (value) (next as Record<string, unknown>)[key] = value;
  else delete next[key];
  return next;
}

export function Filters({ filter, stats, onChange }: Props) {
  const flagCodes = Object.keys(stats?.byFlag ?? {}).sort();
  // Keep a chosen flag selectable even after its last sample was fixed and it left the stats.
  if (filter.flag && !flagCodes.includes(filter.flag)) flagCodes.push(filter.flag);
  const active = Object.keys(filter).length > 0;
  return (
    <div className="filters" role="group" aria-label="Filters" data-testid="samples-filters">
      <SearchBox value={filter.search ?? ''} onChange={(q) => onChange(set(filter, 'search', q))} />
      <label className="filter">
        <span>Status</span>
        <select data-testid="filter-status" value={filter.status ?? ''} onChange={(e) => onChange(set(filter, 'status', e.target.value))}>
          <option value="">Any</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {withCount(s.replace('_', ' '), stats?.byStatus[s])}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>Verdict</span>
        <select data-testid="filter-verdict" value={filter.verdict ?? ''} onChange={(e) => onChange(set(filter, 'verdict', e.target.value))}>
          <option value="">Any</option>
          {VERDICTS.map((v) => (
            <option key={v} value={v}>
              {withCount(v, stats?.byVerdict[v])}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>Flag</span>
        <select data-testid="filter-flag" value={filter.flag ?? ''} onChange={(e) => onChange(set(filter, 'flag', e.target.value))}>
          <option value="">Any</option>
          {flagCodes.map((code) => (
            <option key={code} value={code}>
              {withCount(code, stats?.byFlag[code])}
            </option>
          ))}
        </select>
      </label>
      {active ? (
        <button type="button" className="link-button" data-testid="filter-clear" onClick={() => onChange({})}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}

/** Full-text search, sent 300 ms after the last keystroke (Enter sends at once). */
function SearchBox({ value, onChange }: { value: string; onChange(q: string): void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onChange(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <input
      type="search"
      className="search-box"
      placeholder="Search prompts and traces…"
      aria-label="Search prompts and traces"
      value={text}
      maxLength={200}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => e.key === 'Enter' && onChange(text.trim())}
      data-testid="filter-search"
    />
  );
}
