// `npm run bench -- --long`: one `wsagent exec` session of 1,000 model requests against the
// simulator under `local`, on a generated workspace (40 files of 5–20 KB, a test command with a
// synthetic 3 KB output). The scenario cycles reads, searches, edits and test runs; the model's
// context window is set small (the simulator enforces it, the agent is told it) so that automatic
// compaction, at its default 80 % of the window, comes several times.
// Reported: client overhead and bytes up per request in windows, the CLI's RSS every 50 requests
// (from /proc/PID/status), the session file's size and the time of a `--resume` of the finished
// session. Method: bench/README.md.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createSimulator, type Scenario, type ScenarioStep } from '../src/simulator/index.js';
import { readSession } from '../src/session/SessionFile.js';
import { median, percentile, round } from './stats.js';

const ROOT = process.cwd();
const BIN = join(ROOT, 'bin', 'wsagent.js');
const FILES = 40;
/** The model's window for this run: 80 % of it (the default share) is 150k tokens, a compaction about every 75 requests. */
const CONTEXT_WINDOW = 187_500;

export interface LongResult {
  requests: number;
  compactions: number;
  /** Each automatic compaction: the meter when it started (% of the window), tokens before and after, its time. */
  compaction_events: { percent: number | null; tokens_before: number; tokens_after: number; duration_ms: number }[];
  /** The highest context meter reading of any response (% of the window). */
  context_percent_peak: number;
  /** Requests the simulator refused for exceeding the window (compaction came too late): the target is 0. */
  context_refusals: number;
  windows: { from: number; to: number; overhead_ms_p50: number; overhead_ms_p99: number; bytes_up_median: number }[];
  rss_mb: number[];
  /** The CLI's heapUsed at the same moments (from the preload's latest sample). */
  heap_used_mb: number[];
  /** process.memoryUsage() of the CLI at the last sample, in MB. */
  memory_last_mb: Record<string, number>;
  rss_mb_peak: number;
  rss_mb_final: number;
  rss_growth_mb: number;
  ledger_mb: number;
  /** RSS growth less what the ledger (the conversation itself) holds: the target is ≤ 50 MB. */
  rss_growth_beyond_ledger_mb: number;
  /** The machine's 1-, 5- and 15-minute load averages when the session started and ended. */
  load_avg_start: number[];
  load_avg_end: number[];
  session_file_bytes: number;
  resume_ms: number;
  resume_measured: string;
  /** readSession() of the finished file in the benchmark's process: the part of resuming that grows with the session. */
  resume_read_ms: number;
  wall_s: number;
  /** Per request, for the picture: overhead and time from send to the terminal event. */
  series: { overhead_ms: number[]; latency_ms: number[] };
}

/** A deterministic filler line of code, so files look like source and compress like it. */
function codeLine(file: number, n: number): string {
  return `export function f${file}_${n}(a, b) { return (a * ${n + 3} + b * ${file + 7}) % ${97 + ((n * 13 + file) % 50)}; } // helper ${n} of module ${file}`;
}

/** The workspace: src/mod_K.js of 5–20 KB, each with one marker line the edits move forward. */
function prepareWorkspace(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'wsagent-long-')), 'repo');
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'test'), { recursive: true });
  for (let k = 0; k < FILES; k++) {
    const target = 5 * 1024 + ((k * 7919) % (15 * 1024));
    const lines = [`// module ${k}`, `export const MARK_${k} = 0;`];
    for (let n = 0; lines.join('\n').length < target; n++) lines.push(codeLine(k, n));
    writeFileSync(join(dir, 'src', `mod_${k}.js`), `${lines.join('\n')}\n`);
  }
  // The synthetic test run: ~3 KB of output that changes a little every time (a run counter).
  writeFileSync(
    join(dir, 'test', 'run.mjs'),
    [
      "import { readFileSync, writeFileSync, existsSync } from 'node:fs';",
      "const n = existsSync('.runs') ? Number(readFileSync('.runs', 'utf8')) + 1 : 1;",
      "writeFileSync('.runs', String(n));",
      `for (let i = 0; i < 60; i++) console.log(\`ok \${i + 1} - module \${i % ${FILES}} helper \${(i * 7) % 50} returns the expected value (run \${n})\`);`,
      'console.log(`# tests 60\\n# pass 60\\n# fail 0\\n# run ${n}`);',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'long-bench', version: '1.0.0', type: 'module', scripts: { test: 'node test/run.mjs' } }, null, 2),
  );
  writeFileSync(join(dir, '.gitignore'), '.runs\n');
  const env = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b.invalid', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b.invalid' };
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
  execFileSync('git', ['add', '-A'], { cwd: dir, env });
  execFileSync('git', ['commit', '-q', '-m', 'long bench'], { cwd: dir, env });
  return dir;
}

/** `requests` model responses: a cycle of read, search, read, edit, read, test run; then the answer. */
export function longScenario(requests: number): Scenario {
  const edits = new Array<number>(FILES).fill(0);
  const steps: ScenarioStep[] = [];
  for (let i = 0; i < requests - 1; i++) {
    const k = (i * 17) % FILES;
    const read = { name: 'read_file', arguments: { path: `src/mod_${k}.js`, start_line: null, end_line: null } };
    switch (i % 6) {
      case 1:
        steps.push({ calls: [{ name: 'search', arguments: { pattern: `helper ${i % 50} of module`, path: 'src', glob: null } }] });
        break;
      case 3: {
        const n = edits[k]!++;
        steps.push({
          calls: [
            {
              name: 'edit_file',
              arguments: { path: `src/mod_${k}.js`, old_string: `export const MARK_${k} = ${n};`, new_string: `export const MARK_${k} = ${n + 1};` },
            },
          ],
        });
        break;
      }
      case 5:
        steps.push({ calls: [{ name: 'run_tests', arguments: {} }] });
        break;
      default:
        steps.push({ calls: [read] });
    }
  }
  steps.push({ message: 'Done: every module was read, the markers moved forward, and the tests pass.' });
  return {
    name: 'long',
    description: `${requests} model requests: reads, searches, edits, test runs`,
    prompt: 'Walk through every module, move the markers forward, keep the tests green.',
    steps,
  };
}

function vmRssKb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Bytes of the items the ledger holds (their JSON, as the session file writes them). */
function ledgerBytes(sessionFile: string): number {
  let bytes = 0;
  for (const line of readFileSync(sessionFile, 'utf8').split('\n')) {
    if (!line.startsWith('{"t":"item"')) continue;
    bytes += JSON.stringify((JSON.parse(line) as { item: unknown }).item).length;
  }
  return bytes;
}

export async function runLong(requests = 1000): Promise<LongResult> {
  const started = performance.now();
  const loadAverages = (): number[] => loadavg().map((v) => round(v, 2));
  const load_avg_start = loadAverages();
  const scenario = longScenario(requests);
  const sim = await createSimulator({ scenario, profile: 'local', contextWindow: CONTEXT_WINDOW });
  const repo = prepareWorkspace();
  const config = mkdtempSync(join(tmpdir(), 'wsagent-long-config-'));
  const env = {
    ...process.env,
    OPENAI_API_KEY: 'sk-bench',
    WSAGENT_CONFIG_DIR: config,
    NO_COLOR: '1',
    WSAGENT_CONTEXT_WINDOW: String(CONTEXT_WINDOW),
    WSAGENT_MAX_TURNS: String(requests + 50),
  };
  const args = [BIN, 'exec', '--json', '--approval', 'full-auto', '--base-url', sim.baseUrl, '-C', repo, '--transport', 'ws', scenario.prompt!];
  // A preload writes the CLI's own process.memoryUsage() twice a second (heap beside RSS: whether
  // growth is live objects or garbage not yet collected); it does not touch the agent otherwise.
  const memFile = join(config, 'memory.jsonl');
  const preload = join(config, 'memory-preload.mjs');
  writeFileSync(
    preload,
    `import { appendFileSync } from 'node:fs';\nsetInterval(() => appendFileSync(${JSON.stringify(memFile)}, JSON.stringify(process.memoryUsage()) + '\\n'), 500).unref();\n`,
  );
  const child = spawn(process.execPath, ['--import', preload, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const memoryNow = (): NodeJS.MemoryUsage | null => {
    try {
      return JSON.parse(readFileSync(memFile, 'utf8').trim().split('\n').at(-1)!) as NodeJS.MemoryUsage;
    } catch {
      return null;
    }
  };
  let lastMemory: NodeJS.MemoryUsage | null = null;
  const heapBytes: number[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const overhead: number[] = [];
  const latency: number[] = [];
  const rssKb: number[] = [];
  let sessionId = '';
  let status = '';
  const compactionEvents: LongResult['compaction_events'] = [];
  let startedPercent: number | null = null;
  let contextPeak = 0;
  const first = vmRssKb(child.pid!);
  for await (const line of createInterface({ input: child.stdout })) {
    if (!line) continue;
    const e = JSON.parse(line) as Record<string, any>;
    if (e.type === 'session.started') sessionId = e.sessionId;
    if (e.type === 'turn.completed') status = e.status;
    if (e.type === 'usage' && e.context?.percent != null) contextPeak = Math.max(contextPeak, e.context.percent);
    if (e.type === 'compaction.started') startedPercent = e.percent;
    if (e.type === 'compaction.completed')
      compactionEvents.push({ percent: startedPercent, tokens_before: e.tokensBefore, tokens_after: e.tokensAfter, duration_ms: e.durationMs });
    if (e.type !== 'request.completed' || e.stats.warmup) continue;
    overhead.push(typeof e.overheadMs === 'number' ? e.overheadMs : 0);
    const t = e.stats.timings;
    latency.push((t.doneAt ?? t.sendAt) - t.sendAt);
    if (overhead.length % 50 === 0) {
      const kb = vmRssKb(child.pid!);
      if (kb !== null) rssKb.push(kb);
      lastMemory = memoryNow();
      heapBytes.push(lastMemory?.heapUsed ?? 0);
      if (overhead.length % 200 === 0) process.stdout.write(`  long: ${overhead.length} requests (${Math.round((performance.now() - started) / 1000)} s)\n`);
    }
  }
  const load_avg_end = loadAverages();
  const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('close', resolve)));
  if (code !== 0 || status !== 'completed')
    process.stdout.write(`  long: the session ended with exit ${code}, status ${status || 'none'}\n${stderr.slice(-2000)}\n`);

  const log = sim.log.responses();
  const generated = log.filter((e) => e.generate);
  const compactions = sim.log.entries.filter((e) => e.kind === 'compact').length;
  const wall = (performance.now() - started) / 1000;

  // The session file and the ledger it holds.
  const sessions = join(config, 'sessions');
  const file = join(sessions, readdirSync(sessions).find((f) => f.startsWith(sessionId)) ?? readdirSync(sessions)[0]!);
  const sessionFileBytes = statSync(file).size;
  const ledger = ledgerBytes(file);
  // The resume path itself, in this process: the session file read and the ledger rebuilt.
  const r0 = performance.now();
  readSession(file);
  const resumeReadMs = performance.now() - r0;

  // --resume of the finished session: spawn → the resumed turn's first request reaching the simulator.
  let resumeMs = -1;
  let t0 = 0;
  const stop = sim.log.onRecord((e) => {
    // Logged when served: its arrival was doneMs earlier.
    if (resumeMs < 0 && e.kind === 'response') resumeMs = Date.now() - t0 - (e.timings.doneMs ?? 0);
  });
  t0 = Date.now();
  const resume = spawn(
    process.execPath,
    [BIN, 'exec', '--json', '--approval', 'full-auto', '--base-url', sim.baseUrl, '-C', repo, '--resume', sessionId, 'one more thing'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise((resolve) => resume.on('close', resolve));
  stop();
  await sim.close();
  if (process.env.WSAGENT_BENCH_KEEP) process.stdout.write(`  kept: repo ${repo}, config ${config}, session ${sessionId}\n`);
  else {
    rmSync(join(repo, '..'), { recursive: true, force: true });
    rmSync(config, { recursive: true, force: true });
  }

  const windowOf = (from: number, to: number) => {
    const o = overhead.slice(from - 1, to);
    // Incremental requests only: the ones a long session is made of.
    const up = generated
      .slice(from - 1, to)
      .filter((e) => e.inputMode === 'incremental')
      .map((e) => e.bytesUp);
    return { from, to, overhead_ms_p50: round(median(o), 3), overhead_ms_p99: round(percentile(o, 99), 3), bytes_up_median: round(median(up)) };
  };
  const n = overhead.length;
  const windows = [windowOf(1, 50), windowOf(451, 500), windowOf(Math.max(1, n - 49), n)];
  const rssMb = rssKb.map((kb) => round(kb / 1024, 1));
  const base = rssMb[0] ?? (first ? first / 1024 : 0);
  const peak = Math.max(...rssMb);
  return {
    requests: n,
    compactions,
    compaction_events: compactionEvents,
    context_percent_peak: contextPeak,
    context_refusals: log.filter((e) => e.errorCode === 'context_length_exceeded').length,
    windows,
    rss_mb: rssMb,
    memory_last_mb: Object.fromEntries(Object.entries(lastMemory ?? {}).map(([k, v]) => [k, round(v / 1024 / 1024, 1)])),
    heap_used_mb: heapBytes.map((b) => round(b / 1024 / 1024, 1)),
    rss_mb_peak: peak,
    rss_mb_final: rssMb.at(-1) ?? 0,
    rss_growth_mb: round(peak - base, 1),
    ledger_mb: round(ledger / 1024 / 1024, 1),
    rss_growth_beyond_ledger_mb: round(peak - base - ledger / 1024 / 1024, 1),
    load_avg_start,
    load_avg_end,
    session_file_bytes: sessionFileBytes,
    resume_ms: resumeMs,
    resume_measured:
      'spawn of `wsagent exec --resume ID` → its first request in the simulator log (process start, session file read, ledger rebuilt, socket, warm-up)',
    resume_read_ms: round(resumeReadMs, 1),
    wall_s: round(wall),
    series: { overhead_ms: overhead, latency_ms: latency.map((v) => round(v, 2)) },
  };
}

export function printLong(r: LongResult): void {
  process.stdout.write(`\nlong session: ${r.requests} requests in ${r.wall_s} s, ${r.compactions} compactions\n`);
  const at = r.compaction_events.map((c) => `${c.percent ?? '?'} % (${c.tokens_before} → ${c.tokens_after} tokens, ${c.duration_ms} ms)`);
  process.stdout.write(
    `compactions started at: ${at.join(', ') || 'none'}; context peak ${r.context_percent_peak} %; refused over the window: ${r.context_refusals}\n`,
  );
  process.stdout.write(`${'window'.padEnd(12)}${'ovh p50'.padStart(9)}${'ovh p99'.padStart(9)}${'up/req p50'.padStart(12)}\n`);
  for (const w of r.windows)
    process.stdout.write(
      `${`${w.from}–${w.to}`.padEnd(12)}${w.overhead_ms_p50.toFixed(2).padStart(9)}${w.overhead_ms_p99.toFixed(2).padStart(9)}${`${w.bytes_up_median} B`.padStart(12)}\n`,
    );
  process.stdout.write(`RSS every 50 requests (MB): ${r.rss_mb.join(' ')}\n`);
  process.stdout.write(`heapUsed at the same moments (MB): ${r.heap_used_mb.join(' ')}\n`);
  process.stdout.write(`memoryUsage at the last sample (MB): ${JSON.stringify(r.memory_last_mb)}\n`);
  process.stdout.write(
    `RSS peak ${r.rss_mb_peak} MB, final ${r.rss_mb_final} MB, growth ${r.rss_growth_mb} MB (${r.rss_growth_beyond_ledger_mb} MB beyond the ledger; target ≤ 50); ledger ${r.ledger_mb} MB; session file ${(r.session_file_bytes / 1024 / 1024).toFixed(1)} MB; load average ${r.load_avg_start.join(' ')} → ${r.load_avg_end.join(' ')}\n`,
  );
  process.stdout.write(
    `resume: spawn → first request ${r.resume_ms} ms; of which the session file read back (readSession, in-process) ${r.resume_read_ms} ms\n`,
  );
}
