import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAssignments, readSettingsFile } from './flag-settings.ts';

describe('flag thresholds from the command line', () => {
  it('reads each value as its setting\'s type', () => {
    expect(parseAssignments(['longParagraphWords=300', 'prefillThink=false', 'defaultLanguage=zh', 'lidMargin=0.5'])).toEqual({ longParagraphWords: 300, prefillThink: false, defaultLanguage: 'zh', lidMargin: 0.5 });
    expect(parseAssignments([])).toEqual({});
  });

  it('names the key and the problem, as the server would', () => {
    expect(() => parseAssignments(['longParagraphWords'])).toThrow('--set takes key=value, got "longParagraphWords"');
    expect(() => parseAssignments(['nope=1'])).toThrow(/unknown setting "nope" \(known: prefillThink, /);
    expect(() => parseAssignments(['prefillThink=yes'])).toThrow('--set prefillThink: expected true or false, got "yes"');
    expect(() => parseAssignments(['longParagraphWords=many'])).toThrow('--set longParagraphWords: expected a number, got "many"');
    expect(() => parseAssignments(['loopMaxPeriod=500'])).toThrow(/^--set: loopMaxPeriod: .*200/);
    expect(() => parseAssignments(['repeatSentenceMinCount=2.5'])).toThrow(/^--set: repeatSentenceMinCount: /);
  });

  it('reads a JSON file of thresholds, naming the file in every error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flag-settings-'));
    try {
      const file = (name: string, text: string) => (fs.writeFileSync(path.join(dir, name), text), path.join(dir, name));
      expect(readSettingsFile(file('ok.json', '{"longParagraphWords": 120, "prefillThink": true}'))).toEqual({ longParagraphWords: 120, prefillThink: true });
      expect(() => readSettingsFile(path.join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read the file \(ENOENT\)/);
      expect(() => readSettingsFile(file('bad.json', '{"longParagraphWords": '))).toThrow(/bad\.json: not JSON/);
      expect(() => readSettingsFile(file('list.json', '[1]'))).toThrow(/list\.json: expected a JSON object/);
      expect(() => readSettingsFile(file('wrong.json', '{"longParagraphWords": "300"}'))).toThrow(/wrong\.json: longParagraphWords: /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
