/** Procedures of the flags domain; core/contract.ts spreads them into the one contract. */
import { z } from 'zod';
import { emptyInput, procedure } from '../procedure.ts';

const count = z.number().int().min(0);
const positive = z.number().int().min(1);
const share = z.number().min(0).max(1);

/** Must list exactly the keys of `FlagSettings` (checked by a test against `defaultFlagSettings`). */
export const FlagSettingsDto = z
  .object({
    prefillThink: z.boolean(),
    defaultLanguage: z.string().trim().min(2).max(35),
    minLanguageConsistency: share,
    minForeignWords: positive,
    minForeignCjkChars: positive,
    minLidWords: positive,
    lidMargin: z.number().min(0).max(10),
    mixedErrorWords: positive,
    longParagraphWords: positive,
    repeatSentenceMinCount: z.number().int().min(2),
    repeatSentenceMinWords: positive,
    repeatParagraphMinWords: positive,
    loopMinRepeats: z.number().int().min(2),
    loopMinTokens: positive,
    loopMaxPeriod: z.number().int().min(1).max(200),
    fillerPer1kWords: z.number().min(0),
    fillerMinCount: count,
    truncatedMinLineWords: positive,
    maxFlagsPerCode: z.number().int().min(1).max(10_000),
  })
  .strict();

const FlagStatusDto = z.object({
  /** Samples whose stored flags are missing or from other settings or detector code. */
  pending: count,
  total: count,
  running: z.boolean(),
});

export const flagsProcedures = {
  'flags.getSettings': procedure({
    input: emptyInput,
    output: FlagSettingsDto,
    access: 'annotator',
    summary: 'The workspace flag thresholds: defaults merged with what a lead stored.',
  }),
  'flags.updateSettings': procedure({
    input: FlagSettingsDto.partial().strict(),
    output: FlagSettingsDto,
    access: 'lead',
    summary: 'Changes some flag thresholds and re-flags the workspace in the background (`flagging.progress` events); returns the new settings.',
  }),
  'flags.reflag': procedure({
    input: emptyInput,
    output: FlagStatusDto,
    access: 'lead',
    summary: 'Re-flags every sample in the background, even those whose flags are current.',
  }),
  'flags.status': procedure({
    input: emptyInput,
    output: FlagStatusDto,
    access: 'annotator',
    summary: 'How many samples still need flags, out of how many, and whether a pass is running.',
  }),
} as const;

export const flagsEvents = {} as const;
