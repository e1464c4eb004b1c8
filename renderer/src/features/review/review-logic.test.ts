import { describe, expect, it } from 'vitest';
import { readDraft, writeDraft, discardDraft } from './drafts.ts';
import { decorationSpecs, escapeMarkdown, nextFlag } from './flag-spans.ts';
import { addSummarySkeleton, applyFix, fixesFor, normaliseThinkTags } from './quick-fixes.ts';
import { parseReviewHash, reviewHash } from './route.ts';
import { actionFor } from './shortcuts.ts';
import { neighbour } from './useReviewData.ts';
import { splitTrace } from '../../../../core/trace.ts';

function memoryStore() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k), map };
}

const key = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('drafts', () => {
  it('keeps edits with their base revision and drops them when back to the saved text', () => {
    const store = memoryStore();
    writeDraft({ sampleId: 4, baseRevisionId: 7, text: 'edited', note: '' }, 'saved', store);
    expect(readDraft(4, store)).toMatchObject({ sampleId: 4, baseRevisionId: 7, text: 'edited' });
    writeDraft({ sampleId: 4, baseRevisionId: 7, text: 'saved', note: '' }, 'saved', store);
    expect(readDraft(4, store)).toBeNull();
    store.setItem('coldstart.draft.5', '{broken');
    expect(readDraft(5, store)).toBeNull();
    writeDraft({ sampleId: 6, baseRevisionId: null, text: 'x', note: 'n' }, 'y', store);
    discardDraft(6, store);
    expect(readDraft(6, store)).toBeNull();
    expect([...store.map.keys()]).toEqual(['coldstart.draft.5']);
  });
});

describe('shortcuts', () => {
  it('single keys act only outside the editor; Ctrl/Cmd+S and Escape work inside it', () => {
    expect(actionFor(key('j'), false)).toBe('next');
    expect(actionFor(key('j'), true)).toBeNull();
    expect(actionFor(key('a'), false)).toBe('accept');
    expect(actionFor(key('s', { ctrlKey: true }), true)).toBe('save');
    expect(actionFor(key('S', { metaKey: true }), false)).toBe('save');
    expect(actionFor(key('Escape'), true)).toBe('leaveEditor');
    expect(actionFor(key('a', { ctrlKey: true }), false)).toBeNull();
    expect(actionFor(key('F', { shiftKey: true }), false)).toBe('previousFlag');
  });
});

describe('flag spans', () => {
  const flags = [
    { code: 'filler', severity: 'warning' as const, start: 30, end: 34, message: 'm' },
    { code: 'mixed_language', severity: 'error' as const, start: 10, end: 20, message: 'm' },
    { code: 'no_summary', severity: 'error' as const, start: 50, end: 50, message: 'm' },
  ];
  it('clamps spans to the text and marks empty spans as gutter-only', () => {
    const specs = decorationSpecs(flags, 40);
    expect(specs.map((s) => [s.start, s.end, s.inline])).toEqual([[30, 34, true], [10, 20, true], [40, 40, false]]);
  });
  it('jumps to the next flag in reading order and wraps around', () => {
    expect(nextFlag(flags, 0, 1)?.start).toBe(10);
    expect(nextFlag(flags, 10, 1)?.start).toBe(30);
    expect(nextFlag(flags, 50, 1)?.start).toBe(10);
    expect(nextFlag(flags, 10, -1)?.start).toBe(50);
    expect(nextFlag([], 0, 1)).toBeNull();
  });
  it('escapes markdown in hover text', () => {
    expect(escapeMarkdown('[x](javascript:1) *b*')).toBe('\\[x\\]\\(javascript:1\\) \\*b\\*');
  });
});

describe('quick fixes', () => {
  it('deletes an exact repeat, never the first occurrence', () => {
    const para = 'Wait, let me verify the multiples of 5 again.';
    const text = `<think>\n${para}\n\n${para}\n\nDone.\n</think>\nAnswer`;
    const second = text.indexOf(para, text.indexOf(para) + 1);
    const [fix] = fixesFor({ code: 'repetition', severity: 'warning', start: second, end: second + para.length, message: '' }, text);
    expect(applyFix(text, fix!)).toBe(`<think>\n${para}\n\nDone.\n</think>\nAnswer`);
    expect(fixesFor({ code: 'repetition', severity: 'warning', start: text.indexOf(para), end: text.indexOf(para) + para.length, message: '' }, text)).toEqual([]);
  });
  it('adds a summary after the reasoning, closing an unclosed think block first', () => {
    expect(splitTrace(applyFix('<think>\nr\n</think>\n', addSummarySkeleton('<think>\nr\n</think>\n'))).summary).toContain('Summary');
    const unclosed = applyFix('<think>\nr', addSummarySkeleton('<think>\nr'));
    expect(splitTrace(unclosed).hasCloseTag).toBe(true);
  });
  it('normalises doubled and missing think tags and leaves clean text alone', () => {
    const fix = normaliseThinkTags('<think><think>reason</think> answer');
    expect(applyFix('<think><think>reason</think> answer', fix!)).toBe('<think>\nreason\n</think>\n\nanswer');
    expect(normaliseThinkTags('<think>\nreason\n</think>\n\nanswer')).toBeNull();
  });
});

describe('routes and queue', () => {
  it('round-trips the sample id and the view query', () => {
    expect(parseReviewHash(reviewHash(12, 'flag=repetition&sort=length.desc'))).toEqual({ id: 12, query: 'flag=repetition&sort=length.desc' });
    expect(parseReviewHash('#/review')).toEqual({ id: null, query: '' });
    expect(parseReviewHash('#/review/abc')).toEqual({ id: null, query: '' });
  });
  it('walks the queue, falling back to the nearest id when the sample left the view', () => {
    expect(neighbour([3, 5, 9], 5, 1)).toBe(9);
    expect(neighbour([3, 5, 9], 3, -1)).toBeNull();
    expect(neighbour([3, 5, 9], 6, 1)).toBe(9);
    expect(neighbour([3, 5, 9], 6, -1)).toBe(5);
  });
});
