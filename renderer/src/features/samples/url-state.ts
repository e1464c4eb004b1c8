import type { SampleFilter, SampleSort } from './useSampleList.ts';

const STATUSES = new Set(['new', 'accepted', 'rejected', 'needs_rewrite']);
const VERDICTS = new Set(['correct', 'incorrect', 'unverifiable']);
const SORT_FIELDS = new Set(['id', 'updated', 'length', 'consistency']);
export const DEFAULT_SORT: SampleSort = { field: 'id', dir: 'asc' };

/**
 * Filters and sort live in the hash (`#/samples?flag=repetition&sort=length.desc`) so a reload,
 * a shared link or coming back from a sample keeps the view. Unknown values are dropped, not
 * sent: the hash is user input.
 */
export function readViewFromHash(hash: string): { filter: SampleFilter; sort: SampleSort } {
  const query = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '';
  const params = new URLSearchParams(query);
  const filter: SampleFilter = {};
  const status = params.get('status');
  const verdict = params.get('verdict');
  const flag = params.get('flag');
  if (status && STATUSES.has(status)) filter.status = status as SampleFilter['status'];
  if (verdict && VERDICTS.has(verdict)) filter.verdict = verdict as SampleFilter['verdict'];
  if (flag && /^[a-z0-9_]{1,64}$/.test(flag)) filter.flag = flag;
  const search = params.get('q')?.trim();
  if (search) filter.search = search.slice(0, 200);
  const [field, dir] = (params.get('sort') ?? '').split('.');
  const sort: SampleSort = field && SORT_FIELDS.has(field) && (dir === 'asc' || dir === 'desc') ? { field: field as SampleSort['field'], dir } : DEFAULT_SORT;
  return { filter, sort };
}

export function viewToHash(filter: SampleFilter, sort: SampleSort): string {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.verdict) params.set('verdict', filter.verdict);
  if (filter.flag) params.set('flag', filter.flag);
  if (filter.search) params.set('q', filter.search);
  if (sort.field !== DEFAULT_SORT.field || sort.dir !== DEFAULT_SORT.dir) params.set('sort', `${sort.field}.${sort.dir}`);
  const query = params.toString();
  return `#/samples${query ? `?${query}` : ''}`;
}
