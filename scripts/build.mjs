// Bundles the CLI into one ESM file: startup time matters, and one file loads far faster than
// hundreds of node_modules imports.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __wsagentCreateRequire } from 'node:module'; const require = __wsagentCreateRequire(import.meta.url);",
  },
  // ws optionally loads native helpers; they are not installed and ws falls back to JS.
  external: ['bufferutil', 'utf-8-validate'],
  logLevel: 'warning',
});
