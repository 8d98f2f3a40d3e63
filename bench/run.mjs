// `npm run bench`: bundles the TypeScript benchmark with esbuild (no ts runtime needed) and runs it.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// The benchmark spawns the real CLI: build it from the current sources first.
execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

const outfile = join(mkdtempSync(join(tmpdir(), 'wsagent-bench-')), 'bench.mjs');
await build({
  entryPoints: [new URL('./main.ts', import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  // The TUI frames part bundles Ink: react-devtools-core (used only with DEV=true, not installed)
  // gets an empty stand-in as in scripts/build.mjs, and React its production build, as the CLI ships it.
  external: ['bufferutil', 'utf-8-validate'],
  plugins: [
    {
      name: 'stub-react-devtools-core',
      setup(b) {
        b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
        b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { initialize() {}, connectToDevTools() {} };', loader: 'js' }));
      },
    },
  ],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = await main(process.argv.slice(2));
