import { sql as initial } from './001-initial.ts';
import { sql as generation } from './003-generation.ts';
import { sql as team } from './004-team.ts';
import { sql as search } from './005-search.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Ordered, numbered, immutable. The last version is the schema version this build writes. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  // 2 was reserved for dataset versions, which needed no schema change. Numbers only grow:
  // a new migration always takes a number above every landed one.
  { version: 3, name: 'generation', sql: generation },
  { version: 4, name: 'team', sql: team },
  { version: 5, name: 'search', sql: search },
];

export const SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
