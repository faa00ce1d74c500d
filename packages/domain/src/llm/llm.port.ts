/** One turn of a chat. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string;
  /** For `tool` messages: which tool call this answers. */
  readonly toolCallId?: string;
  /** For `assistant` messages: the tool calls the model made in that turn (providers need them echoed back). */
  readonly toolCalls?: readonly ToolCall[];
}

/** A tool the model may call: a JSON Schema for its arguments. */
export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

export interface ToolCall {
  readonly id: string;
  readonly name: string;
  /** Parsed JSON arguments. */
  readonly arguments: Readonly<Record<string, unknown>>;
}

export interface ChatCompletion {
  /** The assistant's text; empty when it only calls tools. */
  readonly content: string;
  readonly toolCalls: readonly ToolCall[];
  readonly finishReason: 'stop' | 'tool_calls' | 'length';
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
  readonly model: string;
}

/**
 * A language model (OpenAI, or the sandbox that answers deterministically offline).
 *
 * Errors: `ConnectorError` (`unauthorized`, `rate_limited`, `upstream_unavailable`, `invalid_response`,
 * `misconfigured`); `ValidationError` (field `messages`) for an empty conversation.
 */
export interface LlmPort {
  readonly provider: string;
  complete(request: {
    readonly messages: readonly ChatMessage[];
    readonly tools?: readonly ToolDefinition[];
    readonly maxOutputTokens?: number;
    readonly temperature?: number;
    /**
     * Receives the answer's text as it is generated (streaming). The completion still resolves with the
     * whole answer; the deltas concatenated equal its `content`. Adapters that cannot stream call it once.
     */
    readonly onTextDelta?: (delta: string) => void;
  }): Promise<ChatCompletion>;
}
