/** One rejected environment variable: `key` is its name, `reason` says what is wrong (never a secret value). */
export interface ConfigIssue {
  readonly key: string;
  readonly reason: string;
}

/**
 * A bad environment. Lists every bad key in one message so an operator fixes them all in one go instead of
 * restarting once per mistake.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.key}: ${i.reason}`).join('\n')}`);
  }
}
