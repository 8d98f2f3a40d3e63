// [lanes] `npm run bench -- --parallel`: the parallel-review scenario three ways — `lanes` (four
// sub-agents forked onto stream_id lanes of the parent's socket), `sockets` (the simulator without
// lanes, `--no-lanes`: each sub-agent on a socket of its own with the full context) and `sequential`
// (the parent does the four reviews itself) — under `wan` and `fast`, by the real CLI (`wsagent
// exec --json`) against the simulator. Method: bench/README.md ("Parallel review").
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator, loadScenario, type Scenario } from '../src/simulator/index.js';
import { sequentialReview } from './parallelScenarios.js';
import { mergeResultsFile, type Row } from './resultsFile.js';

export type ParallelMode = 'lanes' | 'sockets' | 'sequential';
export const PARALLEL_MODES: ParallelMode[] = ['lanes', 'sockets', 'sequential'];
const ROOT = process.cwd();
const BIN = join(ROOT, 'bin', 'wsagent.js');

interface ParallelRun {
  ok: boolean;
  e2eMs: number;
  /** From the end of the response that starts the reviews to the send of the summary request (see README). */
  reviewMs: number;
  requests: number;
  sockets: number;
  bytesUpTotal: number;
  /** Frame bytes of each fork (lanes: the first request of each sub-agent), and beyond a warm-up's frame (instructions + tools). */
  forkBytesUp: number[];
  forkExtraBytes: number[];
  fullRequests: number;
  /** Why a run did not complete: its exit code and error events. */
  failure: string | null;
}

const median = (xs: number[]): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (v: number, digits = 0): number => Math.round(v * 10 ** digits) / 10 ** digits;

function prepareRepo(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'wsagent-bench-par-')), 'calc-js');
  cpSync(join(ROOT, 'fixtures', 'repos', 'calc-js'), dir, { recursive: true });
  const env = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b.invalid', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b.invalid' };
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['add', '-A'],
    ['commit', '-q', '-m', 'bench'],
  ])
    execFileSync('git', args, { cwd: dir, env });
  return dir;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

async function runOnce(scenario: Scenario, profile: string, mode: ParallelMode): Promise<ParallelRun> {
  const sim = await createSimulator({ scenario, profile, lanes: mode !== 'sockets' });
  const repo = prepareRepo();
  const config = mkdtempSync(join(tmpdir(), 'wsagent-bench-par-config-'));
  const args = [
    BIN,
    'exec',
    '--json',
    '--approval',
    'full-auto',
    '--base-url',
    sim.baseUrl,
    '-C',
    repo,
    '--transport',
    'ws',
    '--no-store',
    scenario.prompt ?? 'go',
  ];
  const r = await runCli(args, { ...process.env, OPENAI_API_KEY: 'sk-bench', WSAGENT_CONFIG_DIR: config, NO_COLOR: '1' });
  await sim.close();
  rmSync(join(repo, '..'), { recursive: true, force: true });
  rmSync(config, { recursive: true, force: true });

  const events = r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);
  const turn = events.find((e) => e.type === 'turn.completed');
  const parentRequests = events.filter((e) => e.type === 'request.completed' && !e.stats.warmup && e.agent === undefined);
  // The third parent response starts the reviews (spawn_agents, or the first review call); the last request is the summary.
  const startsReview = parentRequests[2];
  const summary = parentRequests.at(-1);
  const log = sim.log.responses();
  const generating = log.filter((e) => e.generate);
  const warmup = log.find((e) => !e.generate);
  const forks = mode === 'sequential' ? [] : generating.filter((e) => e.branch !== null && e.step === 0 && e.status === 'completed');
  return {
    ok: r.code === 0 && turn?.status === 'completed',
    e2eMs: turn?.timings.wallMs ?? 0,
    reviewMs: startsReview && summary ? summary.stats.timings.sendAt - startsReview.stats.timings.doneAt : 0,
    requests: generating.length,
    sockets: new Set(log.map((e) => e.connectionId).filter((id) => id !== null)).size,
    bytesUpTotal: log.reduce((n, e) => n + e.bytesUp, 0),
    forkBytesUp: forks.map((e) => e.bytesUp),
    forkExtraBytes: warmup ? forks.map((e) => e.bytesUp - warmup.bytesUp) : [],
    fullRequests: generating.filter((e) => e.inputMode !== 'incremental').length,
    failure:
      r.code === 0 && turn?.status === 'completed'
        ? null
        : `exit ${r.code}, turn ${turn?.status ?? 'missing'}: ${events
            .filter((e) => e.type === 'error')
            .map((e) => `${e.code} ${e.message}`)
            .join('; ')}`,
  };
}

/** Runs every (profile, mode) `samples` times, modes interleaved; returns the `runs[]` rows. */
export async function parallelRows(options: { samples: number; profiles?: string[]; log?: (line: string) => void }): Promise<Record<string, unknown>[]> {
  const out = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const parallel = loadScenario(join(ROOT, 'fixtures', 'scenarios', 'parallel-review.json'));
  const scenarios: Record<ParallelMode, Scenario> = { lanes: parallel, sockets: parallel, sequential: sequentialReview(parallel) };
  const tasks = parallel.steps.flatMap((s) => s.calls ?? []).find((c) => c.name === 'spawn_agents')!.arguments as { tasks: Array<{ prompt: string }> };
  const taskBytes = Math.max(...tasks.tasks.map((t) => Buffer.byteLength(t.prompt)));
  const rows: Record<string, unknown>[] = [];
  for (const profile of options.profiles ?? ['wan', 'fast']) {
    const byMode = new Map<ParallelMode, ParallelRun[]>(PARALLEL_MODES.map((m) => [m, []]));
    for (let i = 0; i < options.samples; i++) {
      for (let k = 0; k < PARALLEL_MODES.length; k++) {
        const mode = PARALLEL_MODES[(k + i) % PARALLEL_MODES.length]!;
        byMode.get(mode)!.push(await runOnce(scenarios[mode], profile, mode));
      }
    }
    for (const [mode, rs] of byMode) for (const r of rs) if (r.failure) out(`  ${profile} ${mode}: a run failed (${r.failure})`);
    const reviewOf = (m: ParallelMode): number => median(byMode.get(m)!.map((r) => r.reviewMs));
    for (const mode of PARALLEL_MODES) {
      const rs = byMode.get(mode)!;
      const last = rs.at(-1)!;
      const row = {
        scenario: 'parallel-review',
        profile,
        mode,
        samples: rs.length,
        all_completed: rs.every((r) => r.ok),
        e2e_ms_median: round(median(rs.map((r) => r.e2eMs))),
        review_ms_median: round(reviewOf(mode)),
        review_over_sequential: round(reviewOf(mode) / reviewOf('sequential'), 3),
        requests: last.requests,
        sockets: last.sockets,
        full_requests: last.fullRequests,
        bytes_up_total: last.bytesUpTotal,
        fork_bytes_up: last.forkBytesUp,
        fork_bytes_beyond_instructions_and_tools: last.forkExtraBytes,
        task_bytes_max: taskBytes,
      };
      rows.push(row);
      out(
        `parallel-review ${profile.padEnd(5)} ${mode.padEnd(10)} e2e ${(row.e2e_ms_median / 1000).toFixed(2)}s  review ${(row.review_ms_median / 1000).toFixed(2)}s (×${row.review_over_sequential} of sequential)  req ${row.requests}  sockets ${row.sockets}  full ${row.full_requests}  up ${(row.bytes_up_total / 1024).toFixed(0)}K${row.fork_bytes_up.length ? `  fork up ${row.fork_bytes_up.join('/')} B (beyond instructions+tools ${row.fork_bytes_beyond_instructions_and_tools.join('/')} B)` : ''}${row.all_completed ? '' : '  (some runs failed)'}`,
      );
    }
  }
  return rows;
}

/** `--parallel` alone: runs this part and puts its rows into bench/results/latest.json, replacing earlier parallel-review rows. */
export async function mainParallel(argv: string[]): Promise<number> {
  const samplesArg = argv.find((a) => a.startsWith('--samples='));
  const samples = samplesArg ? Math.max(1, Number(samplesArg.slice('--samples='.length)) || 1) : 3;
  process.stdout.write(`wsagent bench --parallel: parallel-review, ${samples} sample(s) per mode, under wan and fast\n`);
  const rows = await parallelRows({ samples });
  const file = join(ROOT, 'bench', 'results', 'latest.json');
  mergeResultsFile(file, { parallel_generated_at: new Date().toISOString(), runs: rows as unknown as Row[] });
  process.stdout.write(`wrote ${file}\n`);
  return rows.every((r) => r.all_completed) ? 0 : 1;
}
