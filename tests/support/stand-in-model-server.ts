/**
 * A stand-in for a real model server (OpenAI, vLLM, Ollama, LM Studio, llama.cpp server): a
 * plain node:http server on 127.0.0.1 that speaks the OpenAI chat-completions protocol —
 * `POST /v1/chat/completions`, a JSON reply, or with `stream: true` Server-Sent Events
 * (`data: {choices:[{delta:{content}}]}` … `data: [DONE]`) — and answers from a script each test
 * writes. It records every request, so tests can check what the service sends a model.
 *
 * No model runs here: the tests check the service's side of the protocol (prompt, streaming,
 * checks, fallbacks), and the script plays the model's part, good or bad.
 *
 * @example
 * const server = await StandInModelServer.start(() => ({ pieces: ['Giá vàng tăng ', '[1].'] }));
 * const model = new ChatOpenAI({ model: 'stand-in', apiKey: 'not-needed', configuration: { baseURL: server.baseUrl } });
 * server.requests[0].body.messages // what the service sent
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  [key: string]: unknown;
}

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: ChatRequestBody;
}

/** What the scripted model does for one request. */
export interface ScriptedReply {
  /** The whole answer (sent as one JSON reply, or as pieces of 6 characters when streaming). */
  content?: string;
  /** The answer in exactly these stream pieces (joined for a JSON reply). */
  pieces?: string[];
  /** Wait this long before answering at all. */
  delayMs?: number;
  /** Wait this long between stream pieces. */
  pieceDelayMs?: number;
  /** After this many stream pieces, stop sending (and never finish): a server that stalls mid-answer. */
  stallAfter?: number;
  /** Answer with this HTTP status and an OpenAI-style error body. */
  status?: number;
}

export type Script = (request: RecordedRequest, index: number) => ScriptedReply;

export class StandInModelServer {
  readonly requests: RecordedRequest[] = [];
  private timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    public script: Script,
  ) {}

  static async start(script: Script): Promise<StandInModelServer> {
    // Requests arrive only after listen(), by which time `self` is initialized.
    const server = createServer((req, res) => void self.handle(req, res));
    const self = new StandInModelServer(server, script);
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    return self;
  }

  /** The OpenAI-compatible base URL, as HOIDAP_LLM_BASE_URL takes it. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** The last request's messages by role. */
  lastMessages(): { system: string; user: string } {
    const messages = this.requests.at(-1)?.body.messages ?? [];
    return {
      system: messages
        .filter((m) => m.role === 'system')
        .map((m) => m.content)
        .join('\n'),
      user: messages
        .filter((m) => m.role === 'user')
        .map((m) => m.content)
        .join('\n'),
    };
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    // Stalled streams keep their sockets open: cut them, or close() waits forever.
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequestBody;
    const request: RecordedRequest = { path: req.url, headers: req.headers, body };
    this.requests.push(request);
    const reply = this.script(request, this.requests.length - 1);
    if (reply.delayMs) await this.sleep(reply.delayMs);
    if (res.destroyed) return;
    if (reply.status && reply.status !== 200) {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'scripted failure', type: 'server_error', code: null } }));
      return;
    }
    const pieces = reply.pieces ?? (reply.content ?? '').match(/[\s\S]{1,6}/gu) ?? [];
    const base = { id: `chatcmpl-standin-${this.requests.length}`, created: Math.floor(Date.now() / 1000), model: body.model };
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: pieces.join('') }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (delta: Record<string, unknown>, finish: string | null = null) =>
      res.write(
        `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
      );
    send({ role: 'assistant', content: '' });
    for (const [i, piece] of pieces.entries()) {
      if (reply.stallAfter !== undefined && i >= reply.stallAfter) return; // never finishes
      if (reply.pieceDelayMs && i > 0) await this.sleep(reply.pieceDelayMs);
      if (res.destroyed) return;
      send({ content: piece });
    }
    send({}, 'stop');
    res.end('data: [DONE]\n\n');
  }
}
