/**
 * A server-sent events reader for Electron main, which has no EventSource. Only what our
 * server sends is needed (`event:` and `data:` lines, `:` comments as heartbeats), but the
 * framing follows the spec: CR, LF or CRLF line ends, several `data:` lines joined by "\n",
 * an event dispatched on a blank line, a chunk boundary anywhere (even inside a line).
 */
export interface ServerSentEvent {
  event: string;
  data: string;
}

export class EventStreamParser {
  private buffer = '';
  private eventName = '';
  private data: string[] = [];
  private afterCr = false;

  /** Feeds decoded text; returns the events completed by it. */
  push(text: string): ServerSentEvent[] {
    // A CR ends a line at once; an LF right after it (maybe in the next chunk) belongs to it.
    if (!text) return [];
    if (this.afterCr && text.startsWith('\n')) text = text.slice(1);
    this.afterCr = false;
    this.buffer += text;
    const events: ServerSentEvent[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      if (match[0] === '\r' && this.buffer === '') this.afterCr = true;
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): ServerSentEvent | null {
    if (line === '') {
      const event = this.data.length > 0 ? { event: this.eventName || 'message', data: this.data.join('\n') } : null;
      this.eventName = '';
      this.data = [];
      return event;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.eventName = value;
    else if (field === 'data') this.data.push(value);
    return null;
  }
}
