/**
 * The target language of a sample when it does not say: from its prompt's dominant script, then
 * function words and language ID (`langid.ts`); and language names and tags made into codes.
 */
import { maskNonProse, CJK_WORD_WEIGHT } from './text.ts';
import { identify, languageScores } from './langid.ts';
import { scriptTokens, type Script, type Token } from './script-tokens.ts';

const NAMES: Record<string, string> = {
  english: 'en', chinese: 'zh', japanese: 'ja', russian: 'ru', french: 'fr', german: 'de', spanish: 'es',
  korean: 'ko', italian: 'it', portuguese: 'pt', 中文: 'zh', 日本語: 'ja', русский: 'ru', français: 'fr', deutsch: 'de', español: 'es',
};

export function normaliseLanguage(tag: string | null | undefined): string | null {
  if (!tag || typeof tag !== 'string') return null;
  const t = tag.trim().toLowerCase();
  if (!t) return null;
  return NAMES[t] ?? (t.split(/[-_]/)[0] || null);
}

function weight(t: Token): number {
  return t.script === 'han' || t.script === 'kana' ? t.text.length * CJK_WORD_WEIGHT : 1;
}

/** What a prompt says about the language its answer should be in. */
export interface PromptLanguage {
  /** The language, or null when the prompt does not say (no words: a formula, a number). */
  lang: string | null;
  /**
   * Too few words to be sure ("Calcola l'integrale $…$", "Si $x = 3$, ¿cuánto vale $x^3$?"):
   * the reasoning's own language is taken instead when the words allow it (`allowsLanguage`).
   */
  weak: boolean;
  /** For a weak guess: the prompt's words, which `allowsLanguage` scores (only then: it is rarely asked). */
  words: string | null;
  scores?: Record<string, number>;
}

// Samples come in groups that share a prompt: detect each prompt's language once.
const promptLanguageCache = new Map<string, PromptLanguage>();

/** What the prompt says of its language: dominant script, then function words / language ID. */
export function promptLanguageOf(prompt: string): PromptLanguage {
  let found = promptLanguageCache.get(prompt);
  if (found === undefined) {
    if (promptLanguageCache.size >= 512) promptLanguageCache.clear();
    promptLanguageCache.set(prompt, (found = detectUncached(prompt)));
  }
  return found;
}

export function clearPromptLanguages(): void {
  promptLanguageCache.clear();
  discussedCache.clear();
}

// Under this many words a prompt's language is a weak guess. Five is also the least language ID
// is asked to judge inside the reasoning (minLidWords).
const SURE_WORDS = 5;
// Language ID scores of close languages on a few words (Spanish and Italian on "si cuánto vale")
// differ by about this much.
const CLOSE_SCORE = 0.03;

const NONE: PromptLanguage = { lang: null, weak: true, words: null };

function detectUncached(prompt: string): PromptLanguage {
  const toks = scriptTokens(maskNonProse(prompt.slice(0, 20000)), 0);
  const w: Record<Script, number> = { latin: 0, cyrillic: 0, han: 0, kana: 0, hangul: 0, other: 0 };
  for (const t of toks) w[t.script] += weight(t);
  const total = Object.values(w).reduce((a, b) => a + b, 0);
  if (total < 1) return NONE;
  if (w.kana > 0 && w.kana + w.han >= total * 0.3) return sure('ja');
  if (w.hangul >= total * 0.3) return sure('ko');
  if (w.han >= total * 0.3) return sure('zh');
  if (w.cyrillic >= total * 0.5) {
    // Ukrainian, Bulgarian… prompts are Cyrillic too; taking them all for Russian flagged a
    // Ukrainian trace for a Ukrainian prompt as a switch into Ukrainian.
    const found = identifyScript(toks, 'cyrillic', 'ru');
    if (!found.weak) return found.lang && CYRILLIC_LANGUAGES.has(found.lang) ? found : sure('ru');
    // A few words: letters only Ukrainian uses, or Russian's that Ukrainian lacks, decide; else
    // Russian, the usual one (eld calls "Найдите … чисел" Bulgarian), weakly.
    const byLetters = cyrillicByLetters(toks);
    return byLetters ? sure(byLetters) : { ...found, lang: 'ru' };
  }
  if (w.latin >= total * 0.5) return identifyScript(toks, 'latin', 'en');
  return NONE;
}

function sure(lang: string): PromptLanguage {
  return { lang, weak: false, words: null };
}

/**
 * Whether `lang` (the reasoning's language) is as likely as `found` (a weak prompt guess) from the
 * prompt's few words: the same, or scored by language ID within `CLOSE_SCORE` of the best.
 */
export function allowsLanguage(found: PromptLanguage, lang: string): boolean {
  if (found.lang === null || found.lang === lang) return true;
  if (found.words === null) return false;
  const scores = (found.scores ??= languageScores(found.words));
  if (scores[lang] === undefined) return false;
  const best = Math.max(...Object.values(scores));
  return scores[lang]! >= best - CLOSE_SCORE;
}

/**
 * A prompt of a word or two ("Розв'яжіть рівняння $…$") is too short to identify, but letters
 * only Ukrainian uses, or Russian's that Ukrainian lacks, tell the two apart.
 */
function cyrillicByLetters(toks: Token[]): string | null {
  const text = toks.filter((t) => t.script === 'cyrillic').map((t) => t.text).join(' ');
  if (/[ыэъёЫЭЪЁ]/u.test(text)) return 'ru';
  if (/[іїєґІЇЄҐ]/u.test(text)) return 'uk';
  return null;
}

const CYRILLIC_LANGUAGES = new Set(['ru', 'uk', 'bg', 'be', 'sr', 'mk', 'kk']);

/** The language of the prompt's words in `script`, biased to `usual`; weak under `SURE_WORDS` words. */
function identifyScript(toks: Token[], script: Script, usual: string): PromptLanguage {
  const words = toks.filter((t) => t.script === script).map((t) => t.text.toLowerCase());
  if (words.length === 0) return NONE;
  // One or two words say next to nothing (eld calls "compute" Catalan): the reasoning decides.
  if (words.length < 3) return NONE;
  const guess = identify(words, usual);
  const lang = guess.margin > 0 || guess.lang === usual ? guess.lang : null;
  return { lang, weak: words.length < SURE_WORDS, words: words.length < SURE_WORDS ? words.join(' ') : null };
}

// Names of languages, as prompts about translation or phrasing name them (stems: "Russian",
// "russe", "russisch", "русск…" all start so).
const LANGUAGE_NAMES: [RegExp, string][] = [
  [/\b(?:english|anglais|englisch|inglés|ingles|inglese|inglês)\b|英文|英语|英語|английск/i, 'en'],
  [/\b(?:chinese|mandarin|chinois|chinesisch|chino|cinese|chinês)\b|中文|汉语|漢語|中国語|китайск/i, 'zh'],
  [/\b(?:japanese|japonais|japanisch|japonés|japones|giapponese|japonês)\b|日语|日文|日本語|японск/i, 'ja'],
  [/\b(?:russian|russe|russisch|ruso|russo)\b|俄语|俄文|ロシア語|русск/i, 'ru'],
  [/\b(?:french|français|francais|französisch|francés|frances|francese|francês)\b|法语|法文|フランス語|французск/i, 'fr'],
  [/\b(?:german|allemand|deutsch|alemán|aleman|tedesco|alemão)\b|德语|德文|ドイツ語|немецк/i, 'de'],
  [/\b(?:spanish|espagnol|spanisch|español|espanol|spagnolo|espanhol)\b|西班牙语|スペイン語|испанск/i, 'es'],
  [/\b(?:italian|italien|italienisch|italiano)\b|意大利语|イタリア語|итальянск/i, 'it'],
  [/\b(?:portuguese|portugais|portugiesisch|portugués|portoghese|português)\b|葡萄牙语|ポルトガル語|португальск/i, 'pt'],
  [/\b(?:korean|coréen|koreanisch|coreano)\b|韩语|韓国語|корейск/i, 'ko'],
];

const ANY_LANGUAGE_NAME = new RegExp(LANGUAGE_NAMES.map(([re]) => re.source).join('|'), 'i');
const discussedCache = new Map<string, Set<string>>();

/**
 * The languages a prompt names ("How do you say 'thank you' in Japanese?", "Translate into
 * English: «…»", "请把这句话翻译成中文"): words of those languages in the reasoning are the matter
 * discussed, not a switch, unless they run on (see flagSample).
 */
export function languagesNamedIn(prompt: string): Set<string> {
  let named = discussedCache.get(prompt);
  if (!named) {
    named = new Set();
    const text = prompt.slice(0, 20000);
    // One pass of the alternation of all names finds whether any is there (most prompts name
    // none); only then is each language's pattern asked.
    if (ANY_LANGUAGE_NAME.test(text)) for (const [re, lang] of LANGUAGE_NAMES) if (re.test(text)) named.add(lang);
    if (discussedCache.size >= 512) discussedCache.clear();
    discussedCache.set(prompt, named);
  }
  return named;
}
