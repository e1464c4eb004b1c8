/**
 * The flag settings form: every threshold with its label, what it does, its bounds (those of
 * `FlagSettingsDto`, which the server enforces; a test keeps the two in agreement, since the
 * renderer does not bundle zod), grouped by the codes it governs.
 */
import { defaultFlagSettings, type FlagSettings } from '../../../../core/flags/defaults.ts';

export type SettingKey = keyof FlagSettings;
type NumberKey = { [K in SettingKey]: FlagSettings[K] extends number ? K : never }[SettingKey];

export type SettingField =
  | { key: 'prefillThink'; kind: 'boolean'; label: string; hint: string }
  | { key: 'defaultLanguage'; kind: 'language'; label: string; hint: string }
  | { key: NumberKey; kind: 'number'; label: string; hint: string; min: number; max?: number; integer: boolean; step: string };

export interface SettingGroup {
  title: string;
  /** The flag codes these thresholds decide (counts of samples with each are shown beside them). */
  codes: string[];
  fields: SettingField[];
}

const int = (min: number, max?: number) => ({ kind: 'number' as const, integer: true, step: '1', min, ...(max === undefined ? {} : { max }) });

export const SETTING_GROUPS: SettingGroup[] = [
  {
    title: 'Language',
    codes: ['mixed_language'],
    fields: [
      { key: 'defaultLanguage', kind: 'language', label: 'Default target language', hint: 'When neither the sample nor its prompt says: a code such as en, zh, ru' },
      { key: 'minLanguageConsistency', kind: 'number', integer: false, step: '0.01', min: 0, max: 1, label: 'Minimum language consistency', hint: "Share of target-language words (R1's measure); below it every switch is an error" },
      { key: 'minForeignWords', ...int(1), label: 'Foreign run in another alphabet (words)', hint: 'A run in a script the target does not use is a switch from this many words' },
      { key: 'minForeignCjkChars', ...int(1), label: 'Foreign run in Han or kana (characters)', hint: 'The same for Chinese and Japanese characters' },
      { key: 'minLidWords', ...int(1), label: 'Language ID from (words)', hint: 'Sentences in the target’s own script need this many words to be checked' },
      { key: 'lidMargin', kind: 'number', integer: false, step: '0.01', min: 0, max: 10, label: 'Language ID margin', hint: 'How far another language must score ahead of the target' },
      { key: 'mixedErrorWords', ...int(1), label: 'Switch is an error from (words)', hint: 'Shorter foreign spans are warnings' },
    ],
  },
  {
    title: 'Repetition',
    codes: ['repetition'],
    fields: [
      { key: 'repeatSentenceMinCount', ...int(2), label: 'Sentence repeated (times)', hint: 'A sentence occurring this often is flagged' },
      { key: 'repeatSentenceMinWords', ...int(1), label: 'Repeated sentence from (words)', hint: 'Shorter sentences may recur freely' },
      { key: 'repeatParagraphMinWords', ...int(1), label: 'Repeated paragraph from (words)', hint: 'A paragraph this long occurring twice is flagged' },
      { key: 'loopMinRepeats', ...int(2), label: 'Loop repeats', hint: 'A token sequence repeated back to back this many times…' },
      { key: 'loopMinTokens', ...int(1), label: 'Loop length (tokens)', hint: '…covering at least this many tokens' },
      { key: 'loopMaxPeriod', ...int(1, 200), label: 'Longest loop period (tokens)', hint: 'Longer sequences are not searched for loops' },
    ],
  },
  {
    title: 'Paragraphs and filler',
    codes: ['long_paragraph', 'filler'],
    fields: [
      { key: 'longParagraphWords', ...int(1), label: 'Long paragraph over (words)', hint: 'An error above twice this' },
      { key: 'fillerPer1kWords', kind: 'number', integer: false, step: '1', min: 0, label: 'Filler per 1,000 words', hint: 'Hesitations ("wait", "hmm", 等等…) at this rate…' },
      { key: 'fillerMinCount', ...int(0), label: 'Filler phrases, at least', hint: '…and at least this many in the reasoning' },
    ],
  },
  {
    title: 'Structure',
    codes: ['bad_think_tags', 'no_summary', 'truncated', 'code_in_reasoning', 'mojibake'],
    fields: [
      { key: 'prefillThink', kind: 'boolean', label: 'The chat template prefills <think>', hint: 'R1 distills do: a completion may start inside the reasoning, with no opening tag' },
      { key: 'truncatedMinLineWords', ...int(1), label: 'Unfinished last line from (words)', hint: 'A last line this long ending in a letter, with no full stop, reads as cut off (twice this in CJK characters)' },
      { key: 'maxFlagsPerCode', ...int(1, 10_000), label: 'Flags per code per trace, at most', hint: 'Caps every code, so one broken trace cannot flood the editor' },
    ],
  },
];

export const SETTING_FIELDS: SettingField[] = SETTING_GROUPS.flatMap((g) => g.fields);

/** What the form holds: numbers as typed, so that a half-typed value is not lost. */
export type SettingsForm = { [K in SettingKey]: FlagSettings[K] extends boolean ? boolean : string };

export function toForm(settings: FlagSettings): SettingsForm {
  const form = {} as Record<SettingKey, string | boolean>;
  for (const f of SETTING_FIELDS) form[f.key] = f.kind === 'boolean' ? settings[f.key] : String(settings[f.key]);
  return form as SettingsForm;
}

export type FormErrors = Partial<Record<SettingKey, string>>;

/** The settings the form says, or the reason each field that cannot be one is wrong. */
export function parseForm(form: SettingsForm): { settings: FlagSettings | null; errors: FormErrors } {
  const errors: FormErrors = {};
  const out = { ...defaultFlagSettings } as Record<SettingKey, unknown>;
  for (const f of SETTING_FIELDS) {
    const raw = form[f.key];
    if (f.kind === 'boolean') {
      out[f.key] = raw === true;
    } else if (f.kind === 'language') {
      const tag = String(raw).trim();
      if (tag.length < 2 || tag.length > 35) errors[f.key] = 'A language code of 2 to 35 characters, such as en or zh-CN';
      out[f.key] = tag;
    } else {
      const text = String(raw).trim();
      const value = text === '' ? NaN : Number(text);
      if (!Number.isFinite(value)) errors[f.key] = 'A number';
      else if (f.integer && !Number.isInteger(value)) errors[f.key] = 'A whole number';
      else if (value < f.min || (f.max !== undefined && value > f.max)) errors[f.key] = f.max === undefined ? `At least ${f.min}` : `From ${f.min} to ${f.max}`;
      out[f.key] = value;
    }
  }
  return Object.keys(errors).length > 0 ? { settings: null, errors } : { settings: out as unknown as FlagSettings, errors };
}

/** The keys whose values differ, in form order. */
export function changedKeys(from: FlagSettings, to: FlagSettings): SettingKey[] {
  return SETTING_FIELDS.map((f) => f.key).filter((k) => from[k] !== to[k]);
}

/** `to`'s values of the keys that differ from `from`: what `flags.updateSettings` takes. */
export function settingsPatch(from: FlagSettings, to: FlagSettings): Partial<FlagSettings> {
  return Object.fromEntries(changedKeys(from, to).map((k) => [k, to[k]])) as Partial<FlagSettings>;
}
