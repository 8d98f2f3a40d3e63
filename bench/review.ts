// `npm run bench -- --review [--samples=N]` (default 3): `wsagent review --json` on one diff of 12
// files (two planted bugs) under the `wan` profile, three ways, modes interleaved:
// - `lanes`: the simulator serves lanes; four sub-agents fork from the response that read the diff
//   onto `stream_id` lanes of the one socket, each sending only its task;
// - `sockets`: the simulator without lanes (`--no-lanes`): the first fork is refused, and each
//   sub-agent opens a socket of its own and sends the whole diff again;
// - `single`: one reviewer for the whole diff (`-c reviewParallelFiles=0`).
// The wall time is the CLI's, spawn to exit (its start, ~0.3 s, is the same in every mode). Rows go
// into bench/results/latest.json (`"scenario": "review-12-files"`). Method: bench/README.md.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator } from '../src/simulator/index.js';
import { mergeResultsFile, type Row } from './resultsFile.js';

type ReviewMode = 'lanes' | 'sockets' | 'single';
const MODES: ReviewMode[] = ['lanes', 'sockets', 'single'];
const ROOT = process.cwd();
const BIN = join(ROOT, 'bin', 'wsagent.js');
const FILES = 12;
const SCENARIO = `review-${FILES}-files`;

interface ReviewRun {
  ok: boolean;
  wallMs: number;
  findings: number;
  requests: number;
  sockets: number;
  fullRequests: number;
  bytesUpTotal: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** A module of `lines` small functions. */
function moduleText(n: number, lines: number, variant: string): string {
  const out = [`// module ${n}`];
  for (let i = 0; i < lines; i++) out.push(`export function f${n}_${i}(xs) { return xs.map((x) => x * ${i} ${variant}); }`);
  return `${out.join('\n')}\n`;
}

/** A repository whose uncommitted diff changes every line of 12 modules; two of them get a planted bug. */
function prepareRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wsagent-bench-review-'));
  const env = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b.invalid', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b.invalid' };
  mkdirSync(join(dir, 'src'));
  for (let n = 1; n <= FILES; n++) writeFileSync(join(dir, 'src', `m${n}.js`), moduleText(n, 60, '+ 1'));
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['add', '-A'],
    ['commit', '-q', '-m', 'bench'],
  ])
    execFileSync('git', args, { cwd: dir, env });
  for (let n = 1; n <= FILES; n++) {
    const bug = n === 3 || n === 10 ? '\nexport function last(xs) { let v; for (let i = 0; i <= xs.length; i++) v = xs[i]; return v; }\n' : '';
    writeFileSync(join(dir, 'src', `m${n}.js`), `${moduleText(n, 60, '+ 2')}${bug}`);
  }
  return dir;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; wallMs: number }> {
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, wallMs: performance.now() - start }));
  });
}

async function runOnce(repo: string, mode: ReviewMode): Promise<ReviewRun> {
  const sim = await createSimulator({ scenario: null, profile: 'wan', lanes: mode !== 'sockets' });
  const config = mkdtempSync(join(tmpdir(), 'wsagent-bench-review-config-'));
  const args = [
    BIN,
    'review',
    '--json',
    '--transport',
    'ws',
    '--base-url',
    sim.baseUrl,
    '-C',
    repo,
    ...(mode === 'single' ? ['-c', 'reviewParallelFiles=0'] : []),
  ];
  const r = await runCli(args, { ...process.env, OPENAI_API_KEY: 'sk-bench', WSAGENT_CONFIG_DIR: config, NO_COLOR: '1' });
  await sim.close();
  rmSync(config, { recursive: true, force: true });
  let findings = -1;
  try {
    findings = (JSON.parse(r.stdout) as { findings: unknown[] }).findings.length;
  } catch {
    // left at -1: the run failed
  }
  const log = sim.log.responses();
  const generating = log.filter((e) => e.generate && e.status === 'completed');
  return {
    ok: r.code === 0 && findings === 2,
    wallMs: r.wallMs,
    findings,
    requests: generating.length,
    sockets: new Set(log.map((e) => e.connectionId).filter((id) => id !== null)).size,
    fullRequests: generating.filter((e) => e.inputMode !== 'incremental').length,
    bytesUpTotal: log.reduce((n, e) => n + e.bytesUp, 0),
  };
}

export async function reviewRows(samples: number, out: (line: string) => void): Promise<Row[]> {
  const repo = prepareRepo();
  const byMode = new Map<ReviewMode, ReviewRun[]>(MODES.map((m) => [m, []]));
  try {
    for (let i = 0; i < samples; i++)
      for (let k = 0; k < MODES.length; k++) {
        const mode = MODES[(k + i) % MODES.length]!;
        byMode.get(mode)!.push(await runOnce(repo, mode));
      }
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
  const wallOf = (m: ReviewMode): number => median(byMode.get(m)!.map((r) => r.wallMs));
  return MODES.map((mode) => {
    const rs = byMode.get(mode)!;
    const last = rs.at(-1)!;
    const row = {
      scenario: SCENARIO,
      profile: 'wan',
      mode,
      samples: rs.length,
      all_completed: rs.every((r) => r.ok),
      wall_ms_median: Math.round(wallOf(mode)),
      wall_ms_samples: rs.map((r) => Math.round(r.wallMs)),
      wall_over_lanes: Math.round((wallOf(mode) / wallOf('lanes')) * 1000) / 1000,
      findings: last.findings,
      requests: last.requests,
      sockets: last.sockets,
      full_requests: last.fullRequests,
      bytes_up_total: last.bytesUpTotal,
    };
    out(
      `${SCENARIO} wan ${mode.padEnd(8)} wall ${(row.wall_ms_median / 1000).toFixed(2)}s (×${row.wall_over_lanes} of lanes; ${row.wall_ms_samples.join('/')} ms)  req ${row.requests}  sockets ${row.sockets}  full ${row.full_requests}  up ${(row.bytes_up_total / 1024).toFixed(0)}K${row.all_completed ? '' : '  (some runs failed)'}`,
    );
    return row;
  });
}

/** `--review` alone: runs this part and merges its rows into bench/results/latest.json. */
export async function mainReview(argv: string[]): Promise<number> {
  const samplesArg = argv.find((a) => a.startsWith('--samples='));
  const samples = samplesArg ? Math.max(1, Number(samplesArg.slice('--samples='.length)) || 1) : 3;
  process.stdout.write(`wsagent bench --review: wsagent review on a ${FILES}-file diff under wan, ${samples} sample(s) per mode\n`);
  const rows = await reviewRows(samples, (line) => process.stdout.write(`${line}\n`));
  const file = join(ROOT, 'bench', 'results', 'latest.json');
  mergeResultsFile(file, { review_generated_at: new Date().toISOString(), runs: rows });
  process.stdout.write(`wrote ${file}\n`);
  return rows.every((r) => r.all_completed) ? 0 : 1;
}
