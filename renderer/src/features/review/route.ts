/**
 * `#/review/<id>?<samples view query>`: the sample, plus the Samples view it was opened from,
 * so j/k walk the same filtered, sorted list and "back" returns to it.
 */
export function parseReviewHash(hash: string): { id: number | null; query: string } {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const path = q === -1 ? body : body.slice(0, q);
  const query = q === -1 ? '' : body.slice(q + 1);
  const match = /^review\/(\d{1,15})$/.exec(path);
  return { id: match ? Number(match[1]) : null, query };
}

export function reviewHash(id: number, query: string): string {
  return `#/review/${id}${query ? `?${query}` : ''}`;
}

export function samplesHash(query: string): string {
  return `#/samples${query ? `?${query}` : ''}`;
}
