#!/usr/bin/env node
// Thin launcher: the real program is the esbuild bundle in dist/ (`npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The oldest Node.js the bundle runs on: execa (bundled) imports events.addAbortListener, which
// Node added in 20.5.0. package.json's `engines` and the README say the same (test/cli/nodeVersion.test.ts).
const MINIMUM_NODE = '20.5.0';
const [major, minor] = process.versions.node.split('.').map(Number);
const [needMajor, needMinor] = MINIMUM_NODE.split('.').map(Number);
if (major < needMajor || (major === needMajor && minor < needMinor)) {
  process.stderr.write(`wsagent: needs Node.js ${MINIMUM_NODE} or later; this is ${process.version}. Install a newer Node.js and run it again.\n`);
  process.exit(3);
}

const bundle = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('wsagent: the CLI is not built yet. Run `npm run build` in the wsagent checkout.\n');
  process.exit(2);
}
await import(bundle.href);
