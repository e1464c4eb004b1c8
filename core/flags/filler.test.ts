import { describe, expect, it } from 'vitest';
import { fillerFlags, fillerHits, fillerRegex } from './readability.ts';
import { countWords } from './text.ts';

/** What the detector did before the screened scan: the global regex over the whole text. */
function globalHits(text: string, lang: string): [number, number][] {
  const re = fillerRegex(lang);
  const out: [number, number][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push([m.index, m.index + m[0].length]);
  return out;
}

// Phrase pieces, case variants, letters that case-fold onto ASCII (Kelvin sign, long s, dotted I),
// word glue, surrogates and marks: where a screen that skips positions could go wrong.
const PIECES = ['wait', 'WAIT', 'Wait', 'hmm', 'hmmm', 'hm', 'um', 'umm', 'uh', 'uhh', 'hold on', 'oops', 'oh wait', 'let me ', 'double', 'double-', 're-', 'check ', 'that ', 'again', 'recheck', 'verify', 'think', 'reconsider', 'reconſider', 'che\u212Ak', 'İ', 'ı', '等等', '等一下', '嗯', '让我再检查一下', '再检查一下', '让我想想', '不对', 'ちょっと待って', '待って', 'うーん', 'えーと', 'もう一度確認', 'подожди', 'Подождите', 'постой', 'хмм', 'ХМ', 'гм', 'ещё раз', 'еще раз', 'attends', 'attendez', 'euh', 'vérifions encore', 'revérifions', 'voyons voir', 'moment', 'warte', 'ähm', 'ÄHM', 'noch einmal', 'nochmal', 'espera', 'un momento', 'otra vez', 'déjame comprobar', 'стоп', 'погоди', 'ой', 'э-э', 'перепроверим', 'oups', 'ah non', 'en fait, non', 'Moment mal', 'Moment,', 'das Moment', 'äh', 'halt,', 'stopp', 'oh nein', 'sala de espera', 'espera,', 'Espera un', 'mmm', 'ups', 'déjame revisar', 'wait time', 'hold on to', 'um,', 'um ', 'actually, no', 'let me recompute', '苹果等等', '不对称', '稍等', '呃', 'あれ？', 'いや、', 'えっと', 'Attends-moi', "j'attends", '-', "'", ' ', ' ', '\n', '.', ',', '_', '2', 'x', 'é', '\u0301', '\uD83D\uDE00', '\uD800', '\uDC00', 'ſ', '\u212A'];

describe('fillerHits', () => {
  it('finds what the global filler regex finds, in every language, on random phrase soup', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (const lang of ['en', 'zh', 'ja', 'ru', 'fr', 'de', 'es', 'ko']) {
      for (let n = 0; n < 400; n++) {
        let text = '';
        for (let k = 1 + Math.floor(rnd() * 25); k > 0; k--) text += PIECES[Math.floor(rnd() * PIECES.length)];
        const hits = globalHits(text, lang);
        expect(fillerHits(text, lang), `${lang}: ${JSON.stringify(text)}`).toEqual(hits);
        // The rate's word count comes from the same scan (matches skipped for screening still count).
        const words = countWords(text);
        expect(fillerFlags(text, 0, lang, 0, 0, 0).rate, `${lang}: ${JSON.stringify(text)}`).toBe(words > 0 ? (hits.length / words) * 1000 : 0);
      }
    }
  });

  it('finds filler at the very start and end and next to non-letters', () => {
    expect(fillerHits('Wait, hmm… ok hmm', 'en')).toEqual([[0, 4], [6, 9], [14, 17]]);
    expect(fillerHits('嗯', 'zh')).toEqual([[0, 1]]);
    expect(fillerHits('awaiting hmmx', 'en')).toEqual([]);
    expect(fillerHits('Хм, подождём.', 'ru')).toEqual([[0, 2], [4, 12]]);
  });

  it('tells hesitation from the same words used as content, in each language', () => {
    const count = (text: string, lang: string) => fillerHits(text, lang).length;
    expect(count('Wait, the wait time is 5 minutes. Hold on, we hold on to the rope. Um, the sum is 91.', 'en')).toBe(3);
    expect(count('Hmm, actually, no: let me recompute the total.', 'en')).toBe(3);
    expect(count('Moment mal, das Moment der Kraft ist um den Faktor zwei größer. Äh, halt!', 'de')).toBe(3);
    expect(count('Espera, el tiempo de espera en la sala de espera es corto. Mmm, déjame revisar.', 'es')).toBe(3);
    expect(count("Attends, il m'a écrit « Attends-moi » et j'attends encore. Euh, oups.", 'fr')).toBe(3);
    expect(count('Хм, стоп. Погоди, ой, давайте перепроверим. Нужно подождать пять минут.', 'ru')).toBe(5);
    expect(count('等等，这里不对。苹果、香蕉等等都是水果，这个图形不对称。呃，稍等。', 'zh')).toBe(4);
    expect(count('えっと、待てよ。いや、あれ？待つ時間は5分です。', 'ja')).toBe(4);
  });
});
