// `npm run build`, after tsc: bundles the compiled workspace code that `npm start` runs (packages/app/dist/main.js
// and the @bizosaas/* modules it reaches, ~520 files) into packages/app/dist/start/, a few chunks.
// Node 20 loads each ES module with several file-system calls through its thread pool, so the start spent
// ~0.3-0.5 s of CPU on our own small modules; the chunks cut that. Packages from node_modules stay external
// (loaded by Node as before), and no bundler runs at run time: `npm start` runs `node` on these files.
// - Chunks (splitting): main.js's `import('./role.js')` stays a separate chunk, so the database and the
//   planner thread still start before the rest loads (an external import is evaluated where its chunk is).
// - `import.meta.url` in a bundled file is rewritten to that file's own compiled URL (relative to the chunk),
//   so the paths it resolves (schema.graphql files, the supergraph, the portal, plan.worker.js) stay the same.
// - gateway/dist/apollo-lazy-dependencies.js stays external, imported first where the gateway was: it must
//   run before @apollo/gateway loads, and a bundled copy would run after the chunk's external imports.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, 'packages/app/dist/start');
const keepExternal = join(root, 'gateway/dist/apollo-lazy-dependencies.js');
/** A specifier that reaches `file` from a chunk in outdir. */
const fromChunk = (file) => `./${relative(outdir, file)}`;

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: join(root, 'packages/app/dist/main.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  // Renaming clashing top-level names across modules must not change a function's or class's `name`.
  keepNames: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'workspace-only',
      setup(context) {
        // Our packages are bundled; everything from node_modules is loaded by Node at run time.
        context.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@bizosaas/') ? undefined : { path: args.path, external: true }));
        context.onResolve({ filter: /apollo-lazy-dependencies\.js$/ }, (args) => {
          const file = join(args.resolveDir, args.path);
          return file === keepExternal ? { path: fromChunk(file), external: true } : undefined;
        });
        context.onLoad({ filter: /\.js$/ }, (args) => {
          const source = readFileSync(args.path, 'utf8');
          const contents = source.includes('import.meta.url') ? source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromChunk(args.path))}, import.meta.url).href`) : source;
          return { contents, loader: 'js', resolveDir: dirname(args.path) };
        });
      },
    },
  ],
});
