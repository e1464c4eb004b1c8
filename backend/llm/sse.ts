/**
 * Server-sent events as OpenAI-compatible servers send them: `data: <json>` events separated
 * by blank lines, ending with `data: [DONE]`. Comments (`: keep-alive`) and `event:`/`id:`
 * lines are skipped. Yields each event's data; the caller parses JSON so a malformed payload
 * becomes a typed error there.
 */
export async function* readSseData(body: ReadableStream<Uint8Array>, onBytes?: () => void): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let dataLines: string[] = [];
  let ended = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        ended = true;
        break;
      }
      onBytes?.();
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r\n|\r|\n/)) !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (dataLines.length > 0) yield dataLines.join('\n');
          dataLines = [];
        } else if (line.startsWith('data:')) {
          dataLines.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        }
        // ':' comments, event:, id:, retry: carry nothing we use.
      }
    }
    buffer += decoder.decode();
    if (buffer.startsWith('data:')) dataLines.push(buffer.slice(buffer.startsWith('data: ') ? 6 : 5));
    if (dataLines.length > 0) yield dataLines.join('\n');
  } finally {
    // A consumer that stops early (an error event, [DONE]) must not leave the connection open.
    if (!ended) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
