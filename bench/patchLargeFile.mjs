// `node bench/patchLargeFile.mjs [--src DIR]`: what apply_patch costs and what it keeps.
// 1. Time to patch one line of a 100,000-line file (execute(), diff included), median of 5 runs.
// 2. A mixed-ending, tab-indented, BOM-prefixed file patched through a fuzzy match (the patch has
//    spaces and ASCII quotes): `cmp` of the result against the expected bytes (only the `+` line
//    differs from the original).
// 3. A patch that changes 20,000 lines: applied, diff included (--skip-wide leaves it out: the old
//    code needs minutes for it).
// --mixed gives the 100,000-line file mixed line endings; --lines N another length; --once one run.
// --src points at another checkout's src/ (e.g. an older main) to measure it the same way.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const srcArg = process.argv.indexOf('--src');
const src = resolve(srcArg === -1 ? new URL('../src', import.meta.url).pathname : process.argv[srcArg + 1]);
const work = mkdtempSync(join(tmpdir(), 'wsagent-patch-bench-'));
const entry = join(work, 'entry.mjs');
writeFileSync(
  entry,
  `export { applyPatchTool } from ${JSON.stringify(join(src, 'tools/applyPatch/index.ts'))};\nexport { WorkspaceGuard } from ${JSON.stringify(join(src, 'tools/WorkspaceGuard.ts'))};\n`,
);
const outfile = join(work, 'bundle.mjs');
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'error',
  nodePaths: [new URL('../node_modules', import.meta.url).pathname],
});
const { applyPatchTool, WorkspaceGuard } = await import(pathToFileURL(outfile).href);

const patch = (...lines) => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');
async function apply(root, input) {
  const checked = applyPatchTool.validate({ input });
  const result = await applyPatchTool.execute(checked.args, { workspace: new WorkspaceGuard(root), signal: new AbortController().signal });
  if (!result.ok) throw new Error(result.output);
  return result;
}

// --mixed: every third line ends in CRLF (the case of issue 20 point 11, where the old code rewrote every line).
const mixed = process.argv.includes('--mixed');
const linesArg = process.argv.indexOf('--lines');
const lineCount = linesArg === -1 ? 100_000 : Number(process.argv[linesArg + 1]);
const runs = process.argv.includes('--once') ? 1 : 5;
const big = Array.from({ length: lineCount }, (_, i) => `const value${i} = compute(${i}); // line ${i}${mixed && i % 3 === 0 ? '\r\n' : '\n'}`).join('');
/** A hunk that changes line `n` (0-based) of the big file, with one context line either side. */
function middleHunk(n) {
  const line = (i) => `const value${i} = compute(${i}); // line ${i}`;
  return ['@@', ` ${line(n - 1)}`, `-${line(n)}`, `+const value${n} = 0; // line ${n}`, ` ${line(n + 1)}`];
}
const times = [];
for (let run = 0; run < runs; run++) {
  const root = mkdtempSync(join(work, 'big-'));
  writeFileSync(join(root, 'big.js'), big);
  const started = performance.now();
  await apply(root, patch('*** Update File: big.js', ...middleHunk(Math.floor(lineCount / 2))));
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`src: ${src}`);
console.log(
  `one-line patch of a ${lineCount.toLocaleString('en')}-line ${mixed ? 'mixed-ending ' : ''}file (${(big.length / 1e6).toFixed(1)} MB): median ${median.toFixed(0)} ms of ${runs} (${times.map((t) => t.toFixed(0)).join(', ')})`,
);

if (!process.argv.includes('--skip-wide')) {
  // 3. A patch that really changes 20,000 lines of a 20,001-line file: apply it and build its diff.
  const lines = Array.from({ length: 20_001 }, (_, i) => `row ${i}`);
  const root = mkdtempSync(join(work, 'wide-'));
  writeFileSync(join(root, 'wide.txt'), `${lines.join('\n')}\n`);
  const hunk = ['*** Update File: wide.txt', '@@', ' row 0', ...lines.slice(1).map((l) => `-${l}`), ...lines.slice(1).map((l) => `+${l.toUpperCase()}`)];
  const started = performance.now();
  const result = await apply(root, patch(...hunk));
  console.log(
    `20,000-changed-line patch of a 20,001-line file, applied with its diff (${result.diff.length} characters): ${(performance.now() - started).toFixed(0)} ms`,
  );
}

const root = mkdtempSync(join(work, 'fuzzy-'));
const original = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from('function f(a) {\r\n\tif (a) {\n\t\tsay(“it’s — fine”);\r\n\t}\n\treturn a;\r\n}\n', 'utf8'),
]);
writeFileSync(join(root, 'f.js'), original);
writeFileSync(join(root, 'expected.js'), Buffer.from(original.toString('utf8').replace('\treturn a;', '\treturn a + 1;'), 'utf8'));
await apply(
  root,
  patch('*** Update File: f.js', '@@', ' function f(a) {', '   if (a) {', '     say("it\'s - fine");', '   }', '-  return a;', '+\treturn a + 1;', ' }'),
);
const after = readFileSync(join(root, 'f.js'));
console.log(`fuzzy patch of a mixed-ending/tab/BOM file: ${original.length} bytes before, ${after.length} after (expected ${original.length + 4})`);
const cmp = spawnSync('cmp', ['-l', join(root, 'expected.js'), join(root, 'f.js')], { encoding: 'utf8' });
console.log(
  `cmp expected.js f.js: exit ${cmp.status}${cmp.stdout ? `, ${cmp.stdout.trim().split('\n').length} differing bytes` : ''}${cmp.stderr ? ` (${cmp.stderr.trim()})` : ''}`,
);
console.log(
  `first bytes: ${after.subarray(0, 3).toString('hex')} (BOM is efbbbf); CRLF lines ${after.toString('latin1').split('\r\n').length - 1} of ${original.toString('latin1').split('\r\n').length - 1}`,
);
rmSync(work, { recursive: true, force: true });
