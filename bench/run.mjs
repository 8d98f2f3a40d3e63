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
  external: ['bufferutil', 'utf-8-validate'],
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = await main(process.argv.slice(2));
