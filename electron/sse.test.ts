import { describe, expect, it } from 'vitest';
import { EventStreamParser } from './sse.ts';

describe('EventStreamParser', () => {
  it('dispatches on a blank line, skips comments, joins data lines', () => {
    const p = new EventStreamParser();
    expect(p.push(': connected\n\nevent: run.progress\ndata: {"a":1}\n\n: ping\n\ndata: one\ndata:two\n\n')).toEqual([
      { event: 'run.progress', data: '{"a":1}' },
      { event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('survives any chunk boundary, including inside CRLF', () => {
    const text = 'event: samples.changed\r\ndata: {"ids":[1,2]}\r\n\r\nevent: x\rdata: y\r\r';
    for (let cut = 0; cut <= text.length; cut++) {
      const p = new EventStreamParser();
      const events = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
      expect(events, `cut at ${cut}`).toEqual([
        { event: 'samples.changed', data: '{"ids":[1,2]}' },
        { event: 'x', data: 'y' },
      ]);
    }
  });

  it('drops an event without data and forgets its name', () => {
    const p = new EventStreamParser();
    expect(p.push('event: lonely\n\ndata: 1\n\n')).toEqual([{ event: 'message', data: '1' }]);
  });
});
