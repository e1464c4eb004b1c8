import { describe, expect, it } from 'vitest';
import { DEFAULT_SORT, readViewFromHash, viewToHash } from './url-state.ts';

describe('samples view in the URL hash', () => {
  it('round-trips filters and sort', () => {
    const view = { filter: { status: 'needs_rewrite' as const, verdict: 'incorrect' as const, flag: 'mixed_language' }, sort: { field: 'length' as const, dir: 'desc' as const } };
    const hash = viewToHash(view.filter, view.sort);
    expect(hash).toBe('#/samples?status=needs_rewrite&verdict=incorrect&flag=mixed_language&sort=length.desc');
    expect(readViewFromHash(hash)).toEqual(view);
  });

  it('leaves the default view out of the hash', () => {
    expect(viewToHash({}, DEFAULT_SORT)).toBe('#/samples');
    expect(readViewFromHash('#/samples')).toEqual({ filter: {}, sort: DEFAULT_SORT });
  });

  it('drops values the server would reject instead of sending them', () => {
    expect(readViewFromHash('#/samples?status=bogus&verdict=&flag=%3Cscript%3E&sort=length.sideways')).toEqual({ filter: {}, sort: DEFAULT_SORT });
    expect(readViewFromHash('#/samples?sort=drop.asc')).toEqual({ filter: {}, sort: DEFAULT_SORT });
  });
});
