import { describe, expect, it } from 'vitest';
import { parseRetryAfter, publicUrl, serverMessage } from './openai-errors.ts';
import { readSseData } from './sse.ts';

function streamOf(...pieces: string[]): ReadableStream<Uint8Array> {
  const bytes = pieces.map((p) => new TextEncoder().encode(p));
  return new ReadableStream({
    start(controller) {
      for (const b of bytes) controller.enqueue(b);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const d of readSseData(stream)) out.push(d);
  return out;
}

describe('readSseData', () => {
  it('splits events across arbitrary chunk boundaries, including inside a UTF-8 character', async () => {
    const text = 'data: {"a":"é中"}\n\ndata: [DONE]\n\n';
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.slice(i, i + 3));
        controller.close();
      },
    });
    expect(await collect(stream)).toEqual(['{"a":"é中"}', '[DONE]']);
  });

  it('skips comments and event/id lines, joins multi-line data, accepts CRLF and a final event without a blank line', async () => {
    expect(await collect(streamOf(': keep-alive\r\n\r\nevent: message\r\nid: 7\r\ndata: {"x":\r\ndata: 1}\r\n\r\ndata:{"y":2}'))).toEqual(['{"x":\n1}', '{"y":2}']);
  });
});

describe('endpoint helpers', () => {
  it('Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('server messages from the usual error shapes', () => {
    expect(serverMessage('{"error":{"message":"bad model"}}')).toBe('bad model');
    expect(serverMessage('{"detail":"Not Found"}')).toBe('Not Found');
    expect(serverMessage('<html>502 Bad Gateway</html>')).toBe('<html>502 Bad Gateway</html>');
  });

  it('public URLs drop credentials', () => {
    expect(publicUrl('http://me:secret@10.0.0.5:8000/v1?key=abc#x')).toBe('http://10.0.0.5:8000/v1');
  });
});
