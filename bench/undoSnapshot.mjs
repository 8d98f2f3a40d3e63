// `node bench/undoSnapshot.mjs`: what an undo snapshot costs in a repository holding a 50 MB
// untracked file (issue 20, point 3). For each case, in a fresh repository: the time of the first
// file-changing call's snapshot (before and after the call, as ToolRunner makes them) and how much
// .git grew. Median of 5. Bundles src/tools/snapshots with esbuild, so it measures the sources as
// they are in this checkout.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const outfile = join(mkdtempSync(join(tmpdir(), 'wsagent-undo-bench-')), 'snapshots.mjs');
await build({
  entryPoints: [new URL('../src/tools/snapshots/index.ts', import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'error',
});
const { createWorkspaceSnapshots } = await import(pathToFileURL(outfile).href);

const SAMPLES = 5;
const BIG = 50 * 1024 * 1024;

function duBytes(dir) {
  let total = 0;
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    total += d.isDirectory() ? duBytes(p) : statSync(p).size;
  }
  return total;
}

function repo(withBig) {
  const dir = mkdtempSync(join(tmpdir(), 'wsagent-undo-bench-repo-'));
  const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  for (let i = 0; i < 50; i++) writeFileSync(join(dir, `file${i}.txt`), `file ${i}\n`.repeat(100));
  git('add', '-A');
  git('-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-q', '-m', 'initial');
  if (withBig) writeFileSync(join(dir, 'big.bin'), randomBytes(BIG)); // incompressible, like a build artefact or a dataset
  return dir;
}

async function sample(withBig, paths) {
  const dir = repo(withBig);
  try {
    const gitBefore = duBytes(join(dir, '.git'));
    const snaps = await createWorkspaceSnapshots(dir, { sessionId: 'bench' });
    const t0 = performance.now();
    await snaps.beforeChange(1, paths);
    writeFileSync(join(dir, 'file0.txt'), 'edited\n');
    await snaps.afterChange?.(1, paths);
    const ms = performance.now() - t0;
    const grew = duBytes(join(dir, '.git')) - gitBefore;
    await snaps.close();
    return { ms, grew };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const [label, withBig, paths] of [
  ['edit (write_file file0.txt), no big file', false, ['file0.txt']],
  ['edit (write_file file0.txt), 50 MB untracked file', true, ['file0.txt']],
  ['command (run_command), no big file', false, []],
  ['command (run_command), 50 MB untracked file', true, []],
]) {
  const runs = [];
  for (let i = 0; i < SAMPLES; i++) runs.push(await sample(withBig, paths));
  rows.push({
    case: label,
    'snapshot ms (median of 5)': Math.round(median(runs.map((r) => r.ms))),
    '.git growth KB (median)': Math.round(median(runs.map((r) => r.grew)) / 1024),
  });
}
console.table(rows);
rmSync(join(outfile, '..'), { recursive: true, force: true });
