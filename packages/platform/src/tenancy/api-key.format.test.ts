import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiKeyPrefix, generateApiKey, hashApiKey } from './api-key.format.js';

describe('API key format', () => {
  it('generates bzk_<12 base32>_<43 base64url> keys that are all different', () => {
    const keys = new Set(Array.from({ length: 200 }, generateApiKey));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(key).toMatch(/^bzk_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
  });

  it('parses the prefix of a well-formed key only', () => {
    const key = generateApiKey();
    expect(apiKeyPrefix(key)).toBe(key.slice(4, 16));
    // A secret may itself contain "_", so only the first separator after the prefix splits.
    expect(apiKeyPrefix(`bzk_abcdefghijkl_${'_'.repeat(43)}`)).toBe('abcdefghijkl');
    for (const bad of ['', 'bzk_', `bzk_ABCDEFGHIJKL_${'a'.repeat(43)}`, `bzk_abcdefghijk1_${'a'.repeat(43)}`, `bzk_abcdefghijkl_${'a'.repeat(42)}`, ` ${key}`]) {
      expect(apiKeyPrefix(bad)).toBeNull();
    }
  });

  it('hashes the whole key with SHA-256 hex', () => {
    expect(hashApiKey('bzk_x')).toBe(createHash('sha256').update('bzk_x').digest('hex'));
    expect(hashApiKey('bzk_x')).toMatch(/^[0-9a-f]{64}$/);
  });
});
