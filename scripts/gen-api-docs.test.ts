import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contract } from '../core/contract.ts';
import { API_DOCS_PATH, renderApiDocs } from './gen-api-docs.ts';

describe('docs/api.md', () => {
  it('is up to date with the contract (run `npm run docs:api` after changing it)', () => {
    expect(fs.readFileSync(API_DOCS_PATH, 'utf8')).toBe(renderApiDocs());
  });

  it('has a curl example for every procedure', () => {
    const text = renderApiDocs();
    for (const name of Object.keys(contract)) expect(text).toContain(`/api/${name} `);
  });
});
