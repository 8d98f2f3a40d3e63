#!/usr/bin/env node
// Thin launcher: the real program is the esbuild bundle in dist/ (`npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('wsagent: the CLI is not built yet. Run `npm run build` in the wsagent checkout.\n');
  process.exit(2);
}
await import(bundle.href);
