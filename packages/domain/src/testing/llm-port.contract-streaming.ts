import { expect } from 'vitest';
import type { LlmPortContractCase } from './llm-port.contract-cases.js';

/** Streaming: `onTextDelta` sees the answer's text as it comes, and the deltas add up to the content. */
export const llmStreamingCases: readonly LlmPortContractCase[] = [
  {
    name: 'onTextDelta receives deltas that concatenate to the completion content',
    async run(env) {
      const deltas: string[] = [];
      const completion = await env.port.complete({
        messages: [{ role: 'user', content: 'Say hello to the streaming contract test in one short sentence.' }],
        temperature: 0,
        onTextDelta: (delta) => deltas.push(delta),
      });
      expect(completion.finishReason).toBe('stop');
      expect(deltas.length).toBeGreaterThan(0);
      expect(deltas.join('')).toBe(completion.content);
      expect(completion.usage.outputTokens).toBeGreaterThan(0);
    },
  },
];
