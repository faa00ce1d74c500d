import { describe, expect, it } from 'vitest';
import { PLATFORM_MIGRATION_SETS } from './platform.migration-sets.js';

describe('the platform migration registry', () => {
  it('lists each set once, by a unique name, each with migrations of unique ids', () => {
    const names = PLATFORM_MIGRATION_SETS.map((set) => set.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toBe('platform');
    for (const set of PLATFORM_MIGRATION_SETS) {
      const ids = set.migrations.map((migration) => migration.id);
      expect(ids.length).toBeGreaterThan(0);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
