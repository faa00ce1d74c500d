import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const sdkRoot = resolve(import.meta.dirname, '..');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(dir: string): { file: string; specifier: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => [...readFileSync(join(dir, file), 'utf8').matchAll(IMPORT)].map((m) => ({ file: relative(sdkRoot, join(dir, file)), specifier: m[1] ?? m[2] ?? '' })));
}

// The SDK is for agents and scripts anywhere fetch exists: it ships no dependencies.
describe('@bizosaas/sdk package', () => {
  it('declares no runtime dependencies', () => {
    const manifest: unknown = JSON.parse(readFileSync(join(sdkRoot, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: '@bizosaas/sdk', private: true, type: 'module', exports: { '.': './src/index.ts' } });
    expect(manifest).not.toHaveProperty('dependencies');
    expect(manifest).not.toHaveProperty('peerDependencies');
  });

  it('imports only its own files from src, and only @bizosaas/sdk from the examples', () => {
    expect(importsOf(join(sdkRoot, 'src')).filter(({ specifier }) => !specifier.startsWith('./'))).toEqual([]);
    expect(importsOf(join(sdkRoot, 'examples')).filter(({ specifier }) => specifier !== '@bizosaas/sdk')).toEqual([]);
  });
});
