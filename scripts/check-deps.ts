/**
 * `npm run check:deps`: dependencies point inward (DESIGN.md, "Shape"). Fails, listing every offending
 * import, when
 * - packages/domain imports anything but its own files (its `testing/` suites may import vitest);
 * - a connector imports a subgraph, the gateway, the platform or the app;
 * - a subgraph imports a concrete adapter, the platform or the gateway (only packages/app, the
 *   composition root, meets concrete adapters);
 * - the gateway imports domain code (it may use subgraph-kit's domain-free entry points only);
 * - the platform or subgraph-kit import subgraphs, connectors, the gateway or the app;
 * - the SDK imports anything but its own files;
 * - the portal imports any of our packages (it is a browser app: it knows the API, not the code behind it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface Rule {
  readonly files: RegExp;
  readonly forbidden: (specifier: string, file: string) => string | undefined;
}

const OUR = /^@bizosaas\/([^/]+)/;

const rules: Rule[] = [
  {
    files: /^packages\/domain\//,
    forbidden: (s, file) => {
      if (s.startsWith('.')) return undefined;
      if (s === 'vitest' && file.includes('/src/testing/')) return undefined;
      return 'the domain depends on nothing';
    },
  },
  {
    files: /^packages\/connectors\//,
    forbidden: (s) => (/^@bizosaas\/(subgraph-(?!kit)|gateway|platform|app)/.test(s) ? 'connectors depend on the domain and the connector kit only' : undefined),
  },
  {
    files: /^subgraphs\//,
    forbidden: (s) => (/^@bizosaas\/(connectors|platform|gateway|app)/.test(s) ? 'subgraphs meet adapters only through ports, wired in packages/app' : undefined),
  },
  {
    files: /^gateway\//,
    forbidden: (s) => {
      const ours = OUR.exec(s)?.[1];
      if (!ours) return undefined;
      if (/^@bizosaas\/subgraph-kit\/(context-token|error-plugin|logger|http-errors)$/.test(s)) return undefined;
      return 'the gateway knows no domain code (subgraph-kit/context-token, /error-plugin, /logger and /http-errors only)';
    },
  },
  {
    files: /^packages\/(platform|subgraph-kit)\//,
    forbidden: (s) => (/^@bizosaas\/(subgraph-(?!kit)|connectors|gateway|app)/.test(s) ? 'infrastructure does not depend on subgraphs, connectors, the gateway or the app' : undefined),
  },
  {
    files: /^packages\/sdk\/src\//,
    forbidden: (s) => (s.startsWith('.') ? undefined : 'the SDK has no runtime dependencies: it is what agents and scripts install'),
  },
  {
    files: /^packages\/portal\//,
    forbidden: (s) => (OUR.test(s) ? 'the portal talks to the gateway over HTTP and WebSocket only' : undefined),
  },
];

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Test support (test/ folders, *.test.ts) may wire real infrastructure; the rules are for shipped code,
    // read from the sources (dist/ holds what tsc -b compiled from them).
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'test' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) yield path;
  }
}

const root = process.cwd();
const violations: string[] = [];
for (const top of ['packages', 'subgraphs', 'gateway']) {
  for (const path of sourceFiles(join(root, top))) {
    const file = relative(root, path);
    const text = readFileSync(path, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3] ?? '';
      for (const rule of rules) {
        if (!rule.files.test(file)) continue;
        const reason = rule.forbidden(specifier, file);
        if (reason) violations.push(`${file}: imports "${specifier}": ${reason}`);
      }
    }
  }
}

if (violations.length > 0) {
  console.error(`check:deps found ${violations.length} import(s) pointing the wrong way:\n${violations.map((v) => `  ${v}`).join('\n')}`);
  process.exit(1);
}
console.log('check:deps: dependencies point inward');
