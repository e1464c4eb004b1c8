/**
 * The flag thresholds and their defaults, in a module of their own that imports nothing: the
 * renderer's settings screen needs them without pulling the detectors (and eld's n-gram tables)
 * into its main bundle.
 */

/** Flat and JSON-serialisable: stored as-is in workspace settings. */
export interface FlagSettings {
  /** The chat template prefills `<think>`, so the completion may start inside the reasoning. */
  prefillThink: boolean;
  /** Used when neither the sample nor its prompt says which language the reasoning should use. */
  defaultLanguage: string;
  minLanguageConsistency: number;
  /** A run in another script is a switch from this many words (Latin/Cyrillic) or characters (CJK). */
  minForeignWords: number;
  minForeignCjkChars: number;
  /** Same-script sentences shorter than this are not sent to language ID. */
  minLidWords: number;
  lidMargin: number;
  /** A foreign span at least this long (in words) is an error rather than a warning. */
  mixedErrorWords: number;
  longParagraphWords: number;
  repeatSentenceMinCount: number;
  repeatSentenceMinWords: number;
  repeatParagraphMinWords: number;
  loopMinRepeats: number;
  loopMinTokens: number;
  loopMaxPeriod: number;
  fillerPer1kWords: number;
  fillerMinCount: number;
  truncatedMinLineWords: number;
  maxFlagsPerCode: number;
}

export const defaultFlagSettings: FlagSettings = {
  prefillThink: true,
  defaultLanguage: 'en',
  minLanguageConsistency: 0.95,
  minForeignWords: 4,
  minForeignCjkChars: 3,
  minLidWords: 5,
  lidMargin: 0.02,
  mixedErrorWords: 30,
  longParagraphWords: 200,
  repeatSentenceMinCount: 3,
  repeatSentenceMinWords: 4,
  repeatParagraphMinWords: 15,
  loopMinRepeats: 3,
  loopMinTokens: 12,
  loopMaxPeriod: 40,
  fillerPer1kWords: 20,
  fillerMinCount: 5,
  truncatedMinLineWords: 5,
  maxFlagsPerCode: 50,
};
