import { ConnectorError, Violations, type ChatCompletion, type LlmPort } from '@bizosaas/domain';
import type OpenAI from 'openai';
import { toConnectorError } from './openai.errors.js';
import { chunkSchema, fromOpenAiCompletion, toChatCompletion, toOpenAiMessage, toOpenAiTool } from './openai.mapping.js';
import { OPENAI_PROVIDER } from './openai.settings.js';

type CompletionRequest = Parameters<LlmPort['complete']>[0];

export interface OpenAiLlmAdapterOptions {
  /** The official client, built with the connection's base URL, key, timeout and retries. */
  readonly client: OpenAI | Promise<OpenAI>;
  readonly model: string;
  /** Redacted from every error. */
  readonly secrets: readonly string[];
}

function validate(request: CompletionRequest): void {
  const v = new Violations();
  if (request.messages.length === 0) v.add('messages', 'must contain at least one message');
  const max = request.maxOutputTokens;
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) v.add('maxOutputTokens', 'must be a whole number of at least 1');
  const temperature = request.temperature;
  if (temperature !== undefined && !(temperature >= 0 && temperature <= 2)) v.add('temperature', 'must be between 0 and 2');
  v.throwIfAny();
}

/**
 * `LlmPort` on OpenAI's chat completions API through the official `openai` package, which also does the
 * retries (429 and 5xx, honouring `retry-after`) and the timeout the connector configures. With
 * `onTextDelta` the answer is streamed and usage is asked for in the last chunk.
 */
export class OpenAiLlmAdapter implements LlmPort {
  readonly provider = OPENAI_PROVIDER;

  constructor(private readonly options: OpenAiLlmAdapterOptions) {}

  /** Raises `ValidationError` (messages, maxOutputTokens, temperature) and `ConnectorError` as the port says. */
  async complete(request: CompletionRequest): Promise<ChatCompletion> {
    validate(request);
    const body = {
      model: this.options.model,
      messages: request.messages.map(toOpenAiMessage),
      ...(request.tools && request.tools.length > 0 && { tools: request.tools.map(toOpenAiTool) }),
      ...(request.maxOutputTokens !== undefined && { max_completion_tokens: request.maxOutputTokens }),
      ...(request.temperature !== undefined && { temperature: request.temperature }),
    };
    try {
      if (request.onTextDelta) return await this.stream(body, request.onTextDelta);
      // https://platform.openai.com/docs/api-reference/chat/create
      const raw: unknown = await (await this.options.client).chat.completions.create(body);
      return fromOpenAiCompletion(raw);
    } catch (error) {
      throw await toConnectorError(error, this.options.secrets);
    }
  }

  /** https://platform.openai.com/docs/api-reference/chat-streaming: text deltas as they come, tool calls assembled by index. */
  private async stream(body: OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming, onTextDelta: (delta: string) => void): Promise<ChatCompletion> {
    const stream = await (await this.options.client).chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } });
    let content = '';
    let model = this.options.model;
    let finishReason: string | null = null;
    let usage: { prompt_tokens: number; completion_tokens: number } | null = null;
    const calls: { id: string; name: string; arguments: string }[] = [];
    for await (const raw of stream) {
      const parsed = chunkSchema.safeParse(raw);
      if (!parsed.success) throw new ConnectorError('invalid_response', OPENAI_PROVIDER, 'OpenAI: unexpected stream chunk shape');
      const chunk = parsed.data;
      if (chunk.model) model = chunk.model;
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices) {
        if (choice.finish_reason) finishReason = choice.finish_reason;
        const text = choice.delta?.content;
        if (text) {
          content += text;
          onTextDelta(text);
        }
        for (const part of choice.delta?.tool_calls ?? []) {
          const call = (calls[part.index] ??= { id: '', name: '', arguments: '' });
          if (part.id) call.id = part.id;
          if (part.function?.name) call.name += part.function.name;
          if (part.function?.arguments) call.arguments += part.function.arguments;
        }
      }
    }
    return toChatCompletion({ model, content, toolCalls: calls.filter((call) => call.id !== ''), finishReason, usage });
  }
}
