/** The widget's SSE parser on what servers and networks really do: split reads, CRLF, comments, multi-line data. */
import { describe, expect, it } from 'vitest';
import { SseParser } from '../../src/widget/sse.js';

describe('SseParser', () => {
  it('parses named events with JSON data', () => {
    const parser = new SseParser();
    expect(parser.push('event: text\ndata: {"text":"Xin chào"}\n\nevent: done\ndata: {}\n\n')).toEqual([
      { event: 'text', data: '{"text":"Xin chào"}' },
      { event: 'done', data: '{}' },
    ]);
  });

  it('completes an event split across reads at any point', () => {
    const stream = 'event: citations\r\ndata: {"citations":[]}\r\n\r\nevent: text\ndata: {"text":"Hà Nội"}\n\n';
    for (let cut = 1; cut < stream.length; cut++) {
      const parser = new SseParser();
      const events = [...parser.push(stream.slice(0, cut)), ...parser.push(stream.slice(cut))];
      expect(
        events.map((e) => e.event),
        `cut at ${cut}`,
      ).toEqual(['citations', 'text']);
    }
  });

  it('joins data lines, skips comments, defaults the event name, and waits for the blank line', () => {
    const parser = new SseParser();
    expect(parser.push(': keep-alive\ndata: dòng 1\ndata:dòng 2\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'message', data: 'dòng 1\ndòng 2' }]);
    expect(parser.push('event: meta\n\n')).toEqual([]); // no data: no event
  });
});
