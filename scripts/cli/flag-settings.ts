/**
 * Flag thresholds from the command line: `--set key=value` (repeatable) and `--settings FILE`
 * (a JSON object with any of them, as `coldstart flags settings --json` prints), validated as the
 * server validates them, each error naming the key or the file.
 */
import fs from 'node:fs';
import { defaultFlagSettings, type FlagSettings } from '../../core/flags/defaults.ts';
import { FlagSettingsDto } from '../../core/procedures/flags.ts';
import { UsageError } from './common.ts';

const KEYS = Object.keys(defaultFlagSettings) as Array<keyof FlagSettings>;

/** Checks `values` as `flags.updateSettings` does; `source` says where they came from in an error. */
function validated(values: Record<string, unknown>, source: string): Partial<FlagSettings> {
  const unknown = Object.keys(values).filter((k) => !(KEYS as string[]).includes(k));
  if (unknown.length > 0) throw new UsageError(`${source}: unknown setting ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${KEYS.join(', ')})`);
  const parsed = FlagSettingsDto.partial().strict().safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${source}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data as Partial<FlagSettings>;
}

/** `key=value` pairs, each value read as its setting's type (true/false, a number, or text). */
export function parseAssignments(assignments: string[]): Partial<FlagSettings> {
  const values: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const at = assignment.indexOf('=');
    if (at <= 0) throw new UsageError(`--set takes key=value, got "${assignment}"`);
    const key = assignment.slice(0, at).trim();
    const raw = assignment.slice(at + 1).trim();
    const kind = typeof (defaultFlagSettings as unknown as Record<string, unknown>)[key];
    if (kind === 'boolean') {
      if (raw !== 'true' && raw !== 'false') throw new UsageError(`--set ${key}: expected true or false, got "${raw}"`);
      values[key] = raw === 'true';
    } else if (kind === 'number') {
      const n = raw === '' ? NaN : Number(raw);
      if (!Number.isFinite(n)) throw new UsageError(`--set ${key}: expected a number, got "${raw}"`);
      values[key] = n;
    } else values[key] = raw;
  }
  return validated(values, '--set');
}

/** The settings in a JSON file (an object with any of the thresholds). */
export function readSettingsFile(file: string): Partial<FlagSettings> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${file}: expected a JSON object of flag settings`);
  return validated(value as Record<string, unknown>, file);
}
