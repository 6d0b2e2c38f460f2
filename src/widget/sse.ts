/**
 * A Server-Sent Events parser for streams read with fetch (EventSource can only GET, and the
 * widget POSTs the question as JSON). Feed it text as it arrives, in pieces of any size; it
 * returns the events completed so far, following the HTML spec's rules for fields, comments,
 * multi-line data and CR/LF/CRLF line ends.
 *
 * @example
 * const parser = new SseParser();
 * parser.push('event: text\ndata: {"text":"Xin ');  // []
 * parser.push('chào"}\n\n');                          // [{ event: 'text', data: '{"text":"Xin chào"}' }]
 */

export interface SseMessage {
  /** The `event:` field; "message" when the server sent none. */
  event: string;
  data: string;
}

export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  push(text: string): SseMessage[] {
    this.buffer += text;
    const out: SseMessage[] = [];
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      // A lone "\r" at the very end may be the first half of "\r\n": wait for more.
      if (end < 0 || (end === this.buffer.length - 1 && this.buffer[end] === '\r')) break;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      const message = this.line(line);
      if (message) out.push(message);
    }
    return out;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') {
      const message = this.data.length ? { event: this.event || 'message', data: this.data.join('\n') } : undefined;
      this.event = '';
      this.data = [];
      return message;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    return undefined;
  }
}
