import type { ProviderProfile } from '@bizosaas/connector-kit';
import { OPENAI_PROVIDER } from './openai.settings.js';

/**
 * OpenAI's quirks as data. The official client does the requests (the issue asks for it), so this profile
 * configures it: its timeout per attempt and its retries (429 and 5xx with `retry-after`/`retry-after-ms`
 * honoured, exponential backoff otherwise). A model answer can take a minute; retries repeat only calls
 * that changed nothing upstream, since a chat completion has no side effect.
 */
export const openAiProfile: ProviderProfile = {
  id: OPENAI_PROVIDER,
  timeoutMs: 60_000,
  retry: { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8_000 },
  rateLimit: { capacity: 60, refillPerSecond: 10 },
};
