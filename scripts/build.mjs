// Bundles the CLI into one ESM file: startup time matters, and one file loads far faster than
// hundreds of node_modules imports.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist',
  entryNames: 'cli',
  chunkNames: 'chunks/[name]-[hash]',
  // Lazily imported commands become their own chunks: `--version` loads only the entry.
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  define: { __WSAGENT_VERSION__: JSON.stringify(version) },
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __wsagentCreateRequire } from 'node:module'; const require = __wsagentCreateRequire(import.meta.url);",
  },
  // ws optionally loads native helpers; they are not installed and ws falls back to JS.
  external: ['bufferutil', 'utf-8-validate'],
  logLevel: 'warning',
});
