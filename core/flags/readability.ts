/** Readability detectors: long paragraphs and filler (repetition is in repetition.ts). */
import type { Flag } from './index.ts';
import { blank, countWords } from './text.ts';
import type { Counted } from './repetition.ts';

/** Code and think/answer tags blanked: what paragraph and repetition detectors read. */
export const maskMarkup = (codeMasked: string) => blank(codeMasked, /<\/?(?:think|answer)>/g);

/** `paragraphs` come from the markup-masked text, with their word counts. */
export function longParagraphs(paragraphs: Counted[], maxWords: number, limit: number): { flags: Flag[]; longest: number } {
  const flags: Flag[] = [];
  let longest = 0;
  for (const p of paragraphs) {
    const words = Math.round(p.words);
    longest = Math.max(longest, words);
    if (words > maxWords && flags.length < limit) {
      flags.push({ code: 'long_paragraph', severity: words > maxWords * 2 ? 'error' : 'warning', start: p.start, end: p.end, message: `Paragraph of ${words} words (limit ${maxWords})` });
    }
  }
  return { flags, longest };
}

const FILLER_BY_LANG: Record<string, string> = {
  en: String.raw`\b(?:wait|hmm+|hm|umm*|uhh*|hold on|oops|oh wait|let me (?:double[- ]?|re-?)?check (?:that |this |it )?again|let me re-?check|let me (?:think|verify) again|let me reconsider)\b`,
  zh: '等等|等一下|嗯|让我再检查一下|再检查一下|让我想想|不对',
  ja: 'ちょっと待って|待って|うーん|えーと|もう一度確認',
  ru: String.raw`(?<![\p{L}])(?:подожд\p{L}*|постой\p{L}*|хм+|гм|ещё раз|еще раз)(?![\p{L}])`,
  fr: String.raw`(?<![\p{L}])(?:attends|attendez|hmm+|euh|vérifions encore|revérifions|voyons voir)(?![\p{L}])`,
  de: String.raw`(?<![\p{L}])(?:moment|warte|hmm+|ähm|noch einmal|nochmal)(?![\p{L}])`,
  es: String.raw`(?<![\p{L}])(?:espera|hmm+|un momento|otra vez|déjame comprobar)(?![\p{L}])`,
};

const fillerCache = new Map<string, RegExp>();
export function fillerRegex(lang: string): RegExp {
  let re = fillerCache.get(lang);
  if (!re) {
    const parts = [FILLER_BY_LANG.en!, FILLER_BY_LANG[lang]].filter((x, i, a): x is string => !!x && a.indexOf(x) === i);
    re = new RegExp(parts.join('|'), 'giu');
    fillerCache.set(lang, re);
  }
  return re;
}

/** `region` is the reasoning with code masked, starting at offset `start` of the completion. */
export function fillerFlags(region: string, start: number, lang: string, per1k: number, minCount: number, limit: number): { flags: Flag[]; rate: number } {
  const re = fillerRegex(lang);
  const hits: [number, number][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(region); m; m = re.exec(region)) hits.push([start + m.index, start + m.index + m[0].length]);
  const words = countWords(region);
  const rate = words > 0 ? (hits.length / words) * 1000 : 0;
  if (hits.length < minCount || rate < per1k) return { flags: [], rate };
  const message = `Hesitation filler: ${hits.length} in ${Math.round(words)} words (${rate.toFixed(1)} per 1k, limit ${per1k})`;
  return { flags: hits.slice(0, limit).map(([s, e]) => ({ code: 'filler' as const, severity: 'warning' as const, start: s, end: e, message })), rate };
}
