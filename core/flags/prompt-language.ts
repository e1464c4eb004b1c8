/**
 * The target language of a sample when it does not say: from its prompt's dominant script, then
 * function words and language ID (`langid.ts`); and language names and tags made into codes.
 */
import { maskNonProse, CJK_WORD_WEIGHT } from './text.ts';
import { identify } from './langid.ts';
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

// Samples come in groups that share a prompt: detect each prompt's language once.
const promptLanguageCache = new Map<string, string | null>();

/** Target language of a prompt from its dominant script, then function words / language ID. */
export function detectPromptLanguage(prompt: string): string | null {
  let lang = promptLanguageCache.get(prompt);
  if (lang === undefined) {
    if (promptLanguageCache.size >= 512) promptLanguageCache.clear();
    promptLanguageCache.set(prompt, (lang = detectUncached(prompt)));
  }
  return lang;
}

export function clearPromptLanguages(): void {
  promptLanguageCache.clear();
}

function detectUncached(prompt: string): string | null {
  const toks = scriptTokens(maskNonProse(prompt.slice(0, 20000)), 0);
  const w: Record<Script, number> = { latin: 0, cyrillic: 0, han: 0, kana: 0, hangul: 0, other: 0 };
  for (const t of toks) w[t.script] += weight(t);
  const total = Object.values(w).reduce((a, b) => a + b, 0);
  if (total < 1) return null;
  if (w.kana > 0 && w.kana + w.han >= total * 0.3) return 'ja';
  if (w.hangul >= total * 0.3) return 'ko';
  if (w.han >= total * 0.3) return 'zh';
  if (w.cyrillic >= total * 0.5) {
    // Ukrainian, Bulgarian… prompts are Cyrillic too; taking them all for Russian flagged a
    // Ukrainian trace for a Ukrainian prompt as a switch into Ukrainian.
    const guess = identifyScript(toks, 'cyrillic', 'ru', 5) ?? cyrillicByLetters(toks);
    return guess && CYRILLIC_LANGUAGES.has(guess) ? guess : 'ru';
  }
  if (w.latin >= total * 0.5) return identifyScript(toks, 'latin', 'en', 3);
  return null;
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

/** The language of the prompt's words in `script`, biased to `usual`; null when there are too few or it is unclear. */
function identifyScript(toks: Token[], script: Script, usual: string, minWords: number): string | null {
  const words = toks.filter((t) => t.script === script).map((t) => t.text.toLowerCase());
  if (words.length < minWords) return null;
  const guess = identify(words, usual);
  return guess.margin > 0 || guess.lang === usual ? guess.lang : null;
}
