/**
 * Language identification of Latin- and Cyrillic-script prose. A cheap function-word vote
 * settles most sentences; only the undecided ones go to eld (n-gram model, pure JS, no Node
 * APIs, so it also runs in the renderer's web worker). See docs/flags.md for why eld.
 */
import { eld } from 'eld/small';

const STOPWORDS: Record<string, string[]> = {
  en: 'the and is of to we that this it so for are with be by then which not as at on have can if in our its was from or all each but'.split(' '),
  fr: 'le la les de des et est que qui on pour une un dans donc pas avec sont du au il nous ce cette mais par sur ou se leur aussi'.split(' '),
  de: 'der die das und ist nicht mit ein eine wir zu den dem auch sich von für es also sind auf wenn dass ich wird noch nur oder bei'.split(' '),
  es: 'el los las de y que es en un una por con para del se no su como son al lo esta este pero más así'.split(' '),
  it: 'il gli di che è per una sono della nel non anche come questo quindi più alla'.split(' '),
  pt: 'os um uma é em não com para que dos das ao pelo mais isso então também'.split(' '),
  nl: 'de het een en van is dat niet zijn met voor ook maar dan wij'.split(' '),
  ru: 'и в не на что это с как по мы для то а так из у к же до равно если или его все при'.split(' '),
};

const STOP_INDEX = new Map<string, string[]>();
for (const [lang, words] of Object.entries(STOPWORDS)) {
  for (const w of words) STOP_INDEX.set(w, [...(STOP_INDEX.get(w) ?? []), lang]);
}

export function hasStopwords(lang: string): boolean {
  return lang in STOPWORDS;
}

/** Function-word votes per language for a list of lower-case words. */
export function stopwordVotes(words: string[]): Map<string, number> {
  const votes = new Map<string, number>();
  for (const w of words) {
    const langs = STOP_INDEX.get(w);
    if (langs) for (const l of langs) votes.set(l, (votes.get(l) ?? 0) + 1 / langs.length);
  }
  return votes;
}

export interface LanguageGuess {
  lang: string;
  /** How far ahead of the target language the guess is, in eld score units (0 when target). */
  margin: number;
}

/**
 * Identify the language of one sentence, biased towards `target`: a sentence is only called
 * foreign when the evidence clearly beats the target, because a false switch costs an
 * annotator's attention while a missed short switch costs little.
 */
export function identify(words: string[], target: string): LanguageGuess {
  const votes = stopwordVotes(words);
  const targetVotes = votes.get(target) ?? 0;
  let best = target;
  let bestVotes = 0;
  for (const [l, v] of votes) if (v > bestVotes) [best, bestVotes] = [l, v];
  if (targetVotes >= 2 && targetVotes >= bestVotes * 0.75) return { lang: target, margin: 0 };
  if (bestVotes >= 3 && best !== target && targetVotes <= bestVotes * 0.25) return { lang: best, margin: 1 };
  return identifyWithModel(words.join(' '), target);
}

// Re-flagging while an annotator types sends the same sentences again and again.
const modelCache = new Map<string, LanguageGuess>();

export function identifyWithModel(text: string, target: string): LanguageGuess {
  const key = `${target}\u0000${text}`;
  let guess = modelCache.get(key);
  if (!guess) {
    if (modelCache.size >= 4096) modelCache.clear();
    modelCache.set(key, (guess = identifyUncached(text, target)));
  }
  return guess;
}

export function clearLanguageIdCache(): void {
  modelCache.clear();
}

function identifyUncached(text: string, target: string): LanguageGuess {
  let result;
  try {
    result = eld.detect(text);
  } catch {
    return { lang: target, margin: 0 };
  }
  const lang = result.language;
  if (!lang || lang === target) return { lang: target, margin: 0 };
  const scores = result.getScores();
  const top = scores[lang] ?? 0;
  const own = scores[target] ?? 0;
  return { lang, margin: top - own };
}
