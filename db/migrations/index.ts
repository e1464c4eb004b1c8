import { sql as initial } from './001-initial.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Ordered, numbered, immutable. The last version is the schema version this build writes. */
export const migrations: readonly Migration[] = [{ version: 1, name: 'initial', sql: initial }];

export const SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
