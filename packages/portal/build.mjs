// Bundles the portal into dist/ for the gateway to serve as static files: one content-hashed script and
// stylesheet, index.html pointing at them, the manifest, the icon and the service worker. Runs as part of
// `npm run build` (after tsc), so `npm start` serves prebuilt files and bundles nothing at run time.
// esbuild's platform binary comes from its optional dependency (@esbuild/linux-x64 here); its install
// script, which npm 11 skips, only double-checks that binary, so nothing needs approving.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const production = process.env.PORTAL_DEV !== '1';

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'assets'), { recursive: true });

const result = await build({
  entryPoints: { app: join(root, 'src/main.tsx') },
  bundle: true,
  format: 'esm',
  target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
  outdir: join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  minify: production,
  sourcemap: true,
  metafile: true,
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  legalComments: 'linked',
  logLevel: 'warning',
});

const script = Object.keys(result.metafile.outputs).find((file) => file.endsWith('.js'));
if (!script) throw new Error('esbuild produced no script');
const scriptName = script.split('/').pop();

const css = readFileSync(join(root, 'public/styles.css'));
const cssName = `styles-${hash(css)}.css`;
writeFileSync(join(dist, 'assets', cssName), css);

const html = readFileSync(join(root, 'public/index.html'), 'utf8').replace('%SCRIPT%', `/assets/${scriptName}`).replace('%STYLES%', `/assets/${cssName}`);
writeFileSync(join(dist, 'index.html'), html);
for (const file of ['manifest.webmanifest', 'icon.svg']) copyFileSync(join(root, 'public', file), join(dist, file));

// The service worker caches exactly this build's shell; a new build gets a new cache name.
const shell = ['/index.html', `/assets/${scriptName}`, `/assets/${cssName}`, '/manifest.webmanifest', '/icon.svg'];
const version = hash(Buffer.from(shell.join('\n') + html));
const worker = readFileSync(join(root, 'public/sw.js'), 'utf8').replace('%VERSION%', version).replace('%SHELL%', JSON.stringify(shell));
writeFileSync(join(dist, 'sw.js'), worker);

console.log(`portal: dist/assets/${scriptName} (${Math.round(result.metafile.outputs[script].bytes / 1024)} KiB), ${cssName}, sw ${version}`);

function hash(buffer) {
  return createHash('sha256').update(buffer).digest('hex').slice(0, 10);
}
