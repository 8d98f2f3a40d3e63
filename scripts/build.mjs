// Bundles the CLI into dist/: startup time matters, and one entry file loads far faster than
// hundreds of node_modules imports. Lazily imported commands become chunks of their own, so
// `--version` loads only the entry.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

// Ink loads react-devtools-core only when DEV=true; it is optional and not installed, so the bundle
// gets an empty stand-in instead of failing to resolve it.
const stubDevtools = {
  name: 'stub-react-devtools-core',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { initialize() {}, connectToDevTools() {} };', loader: 'js' }));
  },
};

const result = await build({
  plugins: [stubDevtools],
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist',
  entryNames: 'cli',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Source maps (10 MB) for development only: the build npm runs for a package (prepack, on
  // `npm pack`) emits none, and `files` keeps stray ones out of the package.
  sourcemap: process.env.npm_lifecycle_event === 'prepack' ? false : 'linked',
  legalComments: 'none',
  // Folds the NODE_ENV checks below so the development builds are left out entirely.
  minifySyntax: true,
  metafile: true,
  // React and its reconciler ship a development build (slower, larger) chosen at run time by
  // NODE_ENV; the product is the production build.
  define: { __WSAGENT_VERSION__: JSON.stringify(version), 'process.env.NODE_ENV': '"production"' },
  // Some CommonJS dependencies call require(); give the ESM bundle one. On Node 22.1+ the module
  // compile cache is turned on as well (it does not exist on Node 20: the call is skipped): the
  // lazily imported chunks — the TUI's Ink and React above all — then load from cached code.
  banner: {
    js:
      "import { createRequire as __wsagentCreateRequire } from 'node:module'; import * as __wsagentModule from 'node:module'; const require = __wsagentCreateRequire(import.meta.url); " +
      '__wsagentModule.enableCompileCache?.();',
  },
  // ws optionally loads native helpers; they are not installed and ws falls back to JS.
  external: ['bufferutil', 'utf-8-validate'],
  logLevel: 'warning',
});

// Remove chunks of earlier builds. dist/ is never emptied first, so a process running the CLI
// while another builds (parallel test runs) never finds it missing.
const fresh = new Set(Object.keys(result.metafile.outputs).map((p) => relative('dist', p)));
for (const dir of ['.', 'chunks']) {
  let names = [];
  try {
    names = readdirSync(join('dist', dir));
  } catch {
    continue;
  }
  for (const name of names) {
    const rel = dir === '.' ? name : join(dir, name);
    if (name !== 'chunks' && !fresh.has(rel)) rmSync(join('dist', rel), { force: true });
  }
}
