#!/usr/bin/env node
// @openai/codex-sdk for the test that drives wsagent through it (test/cli/codexSdk.test.ts), installed
// on demand into node_modules/.cache/, never into the project: the SDK depends on @openai/codex, whose
// platform binary (~400 MB) is an optional dependency, so it is installed without optional
// dependencies (two small packages, well under 1 MB) and `npm ci` does not grow. CI runs this script
// after `npm ci`; the test runs it when the cache is missing and skips, saying why, when it fails.
//   node scripts/codex-sdk.mjs     install if missing, print the SDK's entry file
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The version the test is written against: its exec.ts decides the command line wsagent must accept. */
export const CODEX_SDK_VERSION = '0.163.0';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, 'node_modules', '.cache', `codex-sdk-${CODEX_SDK_VERSION}`);
const entry = join(cacheDir, 'node_modules', '@openai', 'codex-sdk', 'dist', 'index.js');

/** @returns {Promise<{ok: true, entry: string, dir: string} | {ok: false, reason: string}>} */
export async function installCodexSdk(timeoutMs = 60_000) {
  if (existsSync(entry)) return { ok: true, entry, dir: cacheDir };
  // Installed beside the cache and renamed into place: a run cut short leaves no half-installed SDK.
  const staging = `${cacheDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const args = [
    'install',
    '--omit=optional',
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    '--prefix',
    staging,
    `@openai/codex-sdk@${CODEX_SDK_VERSION}`,
  ];
  const failure = await new Promise((resolve) => {
    execFile('npm', args, { timeout: timeoutMs, encoding: 'utf8' }, (err, _stdout, stderr) => {
      if (!err) resolve(null);
      else resolve((stderr || err.message).split('\n').find((line) => /npm (error|ERR!)/.test(line)) ?? err.message.split('\n')[0]);
    });
  });
  if (failure !== null) {
    rmSync(staging, { recursive: true, force: true });
    return { ok: false, reason: `could not install @openai/codex-sdk@${CODEX_SDK_VERSION} (${failure.trim()})` };
  }
  if (!existsSync(cacheDir)) renameSync(staging, cacheDir);
  else rmSync(staging, { recursive: true, force: true }); // another process got there first
  return { ok: true, entry, dir: cacheDir };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await installCodexSdk();
  if (result.ok) console.log(result.entry);
  else {
    console.error(result.reason);
    process.exitCode = 1;
  }
}
