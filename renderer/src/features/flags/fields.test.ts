import { describe, expect, it } from 'vitest';
import { defaultFlagSettings } from '../../../../core/flags/defaults.ts';
import { FlagSettingsDto } from '../../../../core/procedures/flags.ts';
import { changedKeys, parseForm, SETTING_FIELDS, settingsPatch, toForm, type SettingsForm } from './fields.ts';

const accepted = (key: string, value: unknown) => FlagSettingsDto.partial().strict().safeParse({ [key]: value }).success;

describe('flag settings form', () => {
  it('has one field for every setting, and no other', () => {
    expect(SETTING_FIELDS.map((f) => f.key).sort()).toEqual(Object.keys(defaultFlagSettings).sort());
  });

  it('round-trips the defaults and says nothing changed', () => {
    const { settings, errors } = parseForm(toForm(defaultFlagSettings));
    expect(errors).toEqual({});
    expect(settings).toEqual(defaultFlagSettings);
    expect(changedKeys(defaultFlagSettings, settings!)).toEqual([]);
  });

  it('accepts and refuses exactly what the server does at every bound', () => {
    for (const f of SETTING_FIELDS) {
      if (f.kind !== 'number') continue;
      const below = f.integer ? f.min - 1 : f.min - 0.01;
      const cases: Array<[number, boolean]> = [[f.min, true], [below, false]];
      if (f.max !== undefined) cases.push([f.max, true], [f.max + 1, false]);
      else cases.push([1e6, true]);
      if (f.integer) cases.push([f.min + 0.5, false]);
      for (const [value, ok] of cases) {
        const form = { ...toForm(defaultFlagSettings), [f.key]: String(value) } as SettingsForm;
        expect([f.key, value, parseForm(form).settings !== null]).toEqual([f.key, value, ok]);
        expect([f.key, value, accepted(f.key, value)]).toEqual([f.key, value, ok]);
      }
    }
    for (const [tag, ok] of [['en', true], ['zh-Hans-CN', true], ['e', false], ['  ', false], ['x'.repeat(36), false]] as const) {
      const form = { ...toForm(defaultFlagSettings), defaultLanguage: tag };
      expect([tag, parseForm(form).settings !== null]).toEqual([tag, ok]);
      expect([tag, accepted('defaultLanguage', tag)]).toEqual([tag, ok]);
    }
  });

  it('names what is wrong with each field, and patches only what changed', () => {
    const form = { ...toForm(defaultFlagSettings), longParagraphWords: '', loopMaxPeriod: '12.5', minLanguageConsistency: '1.2', fillerMinCount: 'two' };
    expect(parseForm(form)).toEqual({
      settings: null,
      errors: { longParagraphWords: 'A number', loopMaxPeriod: 'A whole number', minLanguageConsistency: 'From 0 to 1', fillerMinCount: 'A number' },
    });
    const edited = parseForm({ ...toForm(defaultFlagSettings), longParagraphWords: ' 120 ', prefillThink: false }).settings!;
    expect(settingsPatch(defaultFlagSettings, edited)).toEqual({ prefillThink: false, longParagraphWords: 120 });
  });
});
