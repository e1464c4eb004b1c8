/**
 * Quick fixes offered as code actions (and in the flag list) where the edit is safe to make
 * without judgement: it removes only what the detector proved redundant, or adds structure.
 */
import type { FlagView } from '../../../../core/contract.ts';
import { splitTrace } from '../../../../core/trace.ts';

export interface QuickFix {
  title: string;
  /** A single replacement of [start, end) in the text: one undo step in the editor. */
  start: number;
  end: number;
  text: string;
}

export const SUMMARY_SKELETON = '\n\n**Summary.** \n\n**Answer:** ';

/** The fixes that apply to one flag of `text`; empty when none is safe. */
export function fixesFor(flag: FlagView, text: string): QuickFix[] {
  switch (flag.code) {
    case 'repetition': {
      const span = text.slice(flag.start, flag.end);
      // Only an exact repeat of earlier text is deleted; a paraphrase needs a human.
      if (span.trim().length < 20 || text.indexOf(span) >= flag.start) return [];
      let end = flag.end;
      while (end < text.length && (text[end] === '\n' || text[end] === ' ')) end++;
      return [{ title: 'Delete the repeated passage', start: flag.start, end, text: '' }];
    }
    case 'no_summary':
      return [addSummarySkeleton(text)];
    case 'bad_think_tags': {
      const fix = normaliseThinkTags(text);
      return fix ? [fix] : [];
    }
    default:
      return [];
  }
}

export function addSummarySkeleton(text: string): QuickFix {
  const split = splitTrace(text);
  // Without a closing tag the reasoning never ended: close it first, then the summary follows.
  const insert = split.hasCloseTag ? SUMMARY_SKELETON : `\n</think>${SUMMARY_SKELETON}`;
  const trimmedEnd = text.replace(/\s+$/, '').length;
  return { title: 'Add a summary skeleton', start: trimmedEnd, end: text.length, text: insert };
}

/**
 * Rebuilds `<think>\nreasoning\n</think>\n\nsummary` from a text with missing, doubled or
 * stray think tags; the words between the tags are kept as they are.
 */
export function normaliseThinkTags(text: string): QuickFix | null {
  const closeAt = text.indexOf('</think>');
  const reasoningRaw = closeAt === -1 ? text : text.slice(0, closeAt);
  const summaryRaw = closeAt === -1 ? '' : text.slice(closeAt + '</think>'.length);
  const strip = (s: string) => s.replace(/<\/?think>/g, '').trim();
  const reasoning = strip(reasoningRaw);
  const summary = strip(summaryRaw);
  const fixed = `<think>\n${reasoning}\n</think>${summary ? `\n\n${summary}` : ''}`;
  if (fixed === text) return null;
  return { title: 'Normalise the think tags', start: 0, end: text.length, text: fixed };
}

export function applyFix(text: string, fix: QuickFix): string {
  return text.slice(0, fix.start) + fix.text + text.slice(fix.end);
}
