import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback, type LoopbackServer } from '../loopback-server.js';
import { defaultReply, shapeAnswer, type EmulatedAnswer, type EmulatedChatRequest, type ScriptedTurn } from './openai-emulator.replies.js';

export type { EmulatedChatRequest, ScriptedReply, ScriptedTurn } from './openai-emulator.replies.js';

/** A fault injected into the next request: an HTTP error in OpenAI's shape, or no answer at all. */
export type InjectedFault = { readonly status: 429 | 500 | 503; readonly retryAfterMs?: number } | { readonly hang: true };

/** OpenAI's error body (https://platform.openai.com/docs/guides/error-codes). */
function openAiError(res: ServerResponse, status: number, type: string, code: string | null, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ error: { message, type, param: null, code } }));
}

/**
 * An OpenAI-compatible API on loopback, written from the documented shapes: `POST /v1/chat/completions`
 * (tool calls, `stream: true` as server-sent events with `stream_options.include_usage`, usage, the
 * output limit) and `GET /v1/models`, with bearer keys checked and errors in OpenAI's shape. Tests
 * script the model turn by turn (`script`), inject 429/500/timeouts (`inject`) and read what was sent
 * (`requests`). Without a script it answers with its own small deterministic model.
 */
export class OpenAiEmulator {
  readonly apiKey = 'sk-emulator-0123456789abcdefghijklmnop';
  /** Every chat request received, in order (faulted ones included). */
  readonly requests: EmulatedChatRequest[] = [];
  private readonly scripted: ScriptedTurn[] = [];
  private readonly faults: InjectedFault[] = [];
  private loop: ScriptedTurn | undefined;
  private server: LoopbackServer | undefined;
  private readonly hanging = new Set<ServerResponse>();
  url = '';

  static async start(): Promise<OpenAiEmulator> {
    const emulator = new OpenAiEmulator();
    emulator.server = await listenOnLoopback((req, res) => emulator.handle(req, res));
    emulator.url = emulator.server.url;
    return emulator;
  }

  /** The base URL an OpenAI client takes (`.../v1`). */
  get baseUrl(): string {
    return `${this.url}/v1`;
  }

  /** Queues turns: each chat request takes the next one; after the last, the default model answers. */
  script(...turns: ScriptedTurn[]): this {
    this.scripted.push(...turns);
    return this;
  }

  /** Answers every request with `turn` from now on (a model that never stops). */
  forever(turn: ScriptedTurn): this {
    this.loop = turn;
    return this;
  }

  /** Injects faults into the next requests, one per request. */
  inject(...faults: InjectedFault[]): this {
    this.faults.push(...faults);
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    await this.server?.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return openAiError(res, 401, 'invalid_request_error', 'invalid_api_key', 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.');
    }
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    if (req.method === 'GET' && path === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' }] }));
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') return openAiError(res, 404, 'invalid_request_error', 'unknown_url', `Unknown request URL: ${req.method} ${path}.`);
    let request: EmulatedChatRequest;
    try {
      request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as EmulatedChatRequest;
    } catch {
      return openAiError(res, 400, 'invalid_request_error', null, 'We could not parse the JSON body of your request.');
    }
    this.requests.push(request);
    const fault = this.faults.shift();
    if (fault && 'hang' in fault) {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    if (fault) {
      const headers: Record<string, string> = fault.retryAfterMs === undefined ? {} : { 'retry-after-ms': String(fault.retryAfterMs) };
      if (fault.status === 429) return openAiError(res, 429, 'requests', 'rate_limit_exceeded', 'Rate limit reached for requests per min. Please try again later.', headers);
      return openAiError(res, fault.status, 'server_error', null, 'The server had an error while processing your request. Sorry about that!', headers);
    }
    if (!Array.isArray(request.messages) || request.messages.length === 0) {
      return openAiError(res, 400, 'invalid_request_error', 'empty_array', "Invalid 'messages': empty array. Expected an array with minimum length 1.");
    }
    const turn = this.scripted.shift() ?? this.loop ?? defaultReply;
    const answer = shapeAnswer(request, typeof turn === 'function' ? turn(request) : turn);
    if (request.stream) return this.stream(res, request, answer);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.completion(request, answer)));
  }

  private completion(request: EmulatedChatRequest, answer: EmulatedAnswer): unknown {
    const toolCalls = answer.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
    return {
      id: `chatcmpl-${this.requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [{ index: 0, message: { role: 'assistant', content: answer.content.length > 0 || toolCalls.length === 0 ? answer.content : null, refusal: null, ...(toolCalls.length > 0 && { tool_calls: toolCalls }) }, logprobs: null, finish_reason: answer.finishReason }],
      usage: answer.usage,
    };
  }

  /** Server-sent events: the role, the text word by word, each tool call in two pieces, the finish, then usage. */
  private stream(res: ServerResponse, request: EmulatedChatRequest, answer: EmulatedAnswer): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const base = { id: `chatcmpl-${this.requests.length}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: request.model };
    const send = (choices: unknown[], usage: unknown = null) => res.write(`data: ${JSON.stringify({ ...base, choices, usage })}\n\n`);
    send([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
    const pieces = answer.content.match(/\S+\s*/g) ?? [];
    for (const piece of pieces) send([{ index: 0, delta: { content: piece }, finish_reason: null }]);
    answer.toolCalls.forEach((call, index) => {
      const half = Math.floor(call.arguments.length / 2);
      send([{ index: 0, delta: { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments.slice(0, half) } }] }, finish_reason: null }]);
      send([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: call.arguments.slice(half) } }] }, finish_reason: null }]);
    });
    send([{ index: 0, delta: {}, finish_reason: answer.finishReason }]);
    if (request.stream_options?.include_usage) send([], answer.usage);
    res.end('data: [DONE]\n\n');
  }
}
