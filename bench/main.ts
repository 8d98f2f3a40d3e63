// `npm run bench`: the real agent — the `wsagent exec` CLI, spawned — against the simulator on
// coding scenarios of 5, 25 and 50 tool calls, under the `local`, `wan` and `fast` profiles, in three
// modes: `ws` (incremental on one socket), `http-full` (every request resends the whole context,
// store:false) and `http-store` (store:true + previous_response_id). Method: bench/README.md.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createSimulator, loadScenario, PROFILES, type Scenario } from '../src/simulator/index.js';
import { coding25, coding5, coding50, toolCallCount } from './scenarios.js';
import { mainExitDelay } from './exitDelay.js';
import { mainParallel } from './parallel.js';
import { mainReview } from './review.js';
import { printLong, runLong, type LongResult } from './long.js';
import { preconnectSaving } from './preconnect.js';
import { barsPanel, legend, linesPanel, svgDocument } from './svg.js';
import { printWire, wireBytes } from './wire.js';
import { mergeResultsFile } from './resultsFile.js';
import { loadAverages, printStartup, startup } from './startup.js';
import { steerRows } from './steer.js';

type Mode = 'ws' | 'http-full' | 'http-store';
const MODES: Mode[] = ['ws', 'http-full', 'http-store'];
const ROOT = process.cwd();
const BIN = join(ROOT, 'bin', 'wsagent.js');

interface RunResult {
  e2eMs: number;
  ttftMs: number[];
  overheadMs: number[];
  /** Per request: send → terminal event (for the picture). */
  latencyMs: number[];
  requests: number;
  cacheHits: number;
  fullRequests: number;
  bytesUp: number[];
  bytesUpTotal: number;
  floorMs: number;
  toolMs: number;
  rssKb: number | null;
  ok: boolean;
}

const median = (xs: number[]): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const percentile = (xs: number[], p: number): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const round = (v: number, digits = 0): number => Math.round(v * 10 ** digits) / 10 ** digits;

function prepareRepo(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'wsagent-bench-')), 'calc-js');
  cpSync(join(ROOT, 'fixtures', 'repos', 'calc-js'), dir, { recursive: true });
  const env = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b.invalid', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b.invalid' };
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
  execFileSync('git', ['add', '-A'], { cwd: dir, env });
  execFileSync('git', ['commit', '-q', '-m', 'bench'], { cwd: dir, env });
  return dir;
}

function spawnCollect(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function runOnce(scenario: Scenario, profile: string, mode: Mode): Promise<RunResult> {
  const sim = await createSimulator({ scenario, profile });
  const repo = prepareRepo();
  const config = mkdtempSync(join(tmpdir(), 'wsagent-bench-config-'));
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
    mode === 'ws' ? 'ws' : 'http',
    ...(mode === 'http-store' ? ['--store'] : ['--no-store']),
    scenario.prompt ?? 'go',
  ];
  const env = { ...process.env, OPENAI_API_KEY: 'sk-bench', WSAGENT_CONFIG_DIR: config, NO_COLOR: '1' };
  // /usr/bin/time reports the CLI's peak RSS; without it the run still counts.
  const timed = await spawnCollect('/usr/bin/time', ['-f', 'wsagent-rss-kb=%M', process.execPath, ...args], env).catch(() => null);
  const r = timed && !/No such file/.test(timed.stderr) ? timed : await spawnCollect(process.execPath, args, env);
  await sim.close();
  rmSync(join(repo, '..'), { recursive: true, force: true });
  rmSync(config, { recursive: true, force: true });

  const events = r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);
  const requests = events.filter((e) => e.type === 'request.completed' && !e.stats.warmup);
  const turn = events.find((e) => e.type === 'turn.completed');
  const log = sim.log.responses();
  const profileSpec = sim.state.profile;
  const serverMs = log.reduce((n, e) => n + e.timings.serverMs, 0);
  const toolMs = turn?.timings.toolMs ?? 0;
  const rss = /wsagent-rss-kb=(\d+)/.exec(r.stderr);
  return {
    e2eMs: turn?.timings.wallMs ?? 0,
    ttftMs: requests.map((e) => (e.stats.timings.firstDeltaAt ?? e.stats.timings.doneAt) - e.stats.timings.sendAt),
    overheadMs: requests.map((e) => e.overheadMs).filter((v): v is number => typeof v === 'number'),
    latencyMs: requests.map((e) => (e.stats.timings.doneAt ?? e.stats.timings.sendAt) - e.stats.timings.sendAt),
    requests: log.filter((e) => e.generate).length,
    cacheHits: log.filter((e) => e.continuedFromCache).length,
    fullRequests: log.filter((e) => e.generate && e.inputMode !== 'incremental').length,
    bytesUp: log.filter((e) => e.generate).map((e) => e.bytesUp),
    bytesUpTotal: log.reduce((n, e) => n + e.bytesUp, 0),
    floorMs: serverMs + toolMs + log.length * 2 * profileSpec.oneWayMs,
    toolMs,
    rssKb: rss ? Number(rss[1]) : null,
    ok: r.code === 0 && turn?.status === 'completed',
  };
}

/** Runs the tasks, at most `size` at a time, in order of start. */
async function inPool(size: number, tasks: Array<() => Promise<void>>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(size, tasks.length) }, worker));
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--parallel')) return mainParallel(argv); // [lanes] the parallel-review part alone
  if (argv.includes('--review')) return mainReview(argv); // wsagent review with and without lanes (issue 24)
  if (argv.includes('--long')) return mainLong(argv);
  if (argv.includes('--exit-delay')) return mainExitDelay(Number(argv[argv.indexOf('--samples') + 1]) || 5);
  if (argv.includes('--steer')) return mainSteer(argv); // the steer rows alone (issue 21)
  if (argv.includes('--tui')) {
    // The TUI after hours: 5,000 transcript items through the App, 30 a frame; first and last frames.
    const { feedTranscript } = await import('./tuiFrames.js');
    const frames = await feedTranscript(5_000, 10);
    const show = (fs: typeof frames) =>
      `${round(median(fs.map((f) => f.ms)), 1)} ms, ${median(fs.map((f) => f.itemsRendered))} items rendered, ${median(fs.map((f) => f.bytes))} B written`;
    process.stdout.write(
      `TUI frames (30 new items each, median): first 10 frames ${show(frames.slice(0, 10))}; last 10 (items ${frames.at(-10)!.items}–${frames.at(-1)!.items}) ${show(frames.slice(-10))}\n`,
    );
    return 0;
  }
  if (argv.includes('--first-frame')) {
    // Only the startup figures (medians of 10), merged into latest.json.
    const start = await startup(10);
    printStartup(start, 10);
    const file = join(ROOT, 'bench', 'results', 'latest.json');
    const existing = mergeResultsFile(file, {});
    mergeResultsFile(file, { startup: { ...(existing.startup as object | undefined), ...start }, startup_generated_at: new Date().toISOString() });
    process.stdout.write(`wrote ${file}\n`);
    return 0;
  }
  if (argv.includes('--extras')) {
    // Only the pre-connect and wire measurements (a few minutes): printed, and the wire rows merged into latest.json.
    const p = await preconnectSaving(3);
    process.stdout.write(`pre-connect: ${JSON.stringify(p)}\n`);
    const wire = await wireBytes(coding25(loadScenario(join(ROOT, 'fixtures', 'scenarios', 'coding.json'))), prepareRepo, BIN);
    printWire(wire);
    mergeResultsFile(join(ROOT, 'bench', 'results', 'latest.json'), { wire, wire_generated_at: new Date().toISOString() });
    return 0;
  }
  const quick = argv.includes('--quick');
  // --samples N and --profiles a,b run a part of the full table (e.g. `--profiles wan,fast --samples 3`).
  const option = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const samples = Number(option('--samples') ?? (quick ? 1 : 5));
  // Lanes at once: each lane's CPU-heavy moments (the CLI starting, npm test) then overlap less.
  const lanesAtOnce = Math.max(1, Number(option('--lanes-at-once') ?? 3));
  const coding = loadScenario(join(ROOT, 'fixtures', 'scenarios', 'coding.json'));
  const scenarios = quick ? [coding5(coding), coding25(coding)] : [coding5(coding), coding25(coding), coding50(coding)];
  const profiles = option('--profiles')?.split(',') ?? (quick ? ['local', 'fast'] : ['local', 'wan', 'fast']);
  const started = performance.now();
  process.stdout.write(
    `wsagent bench${quick ? ' --quick' : ''}: ${samples} sample(s) per mode, modes interleaved (ws, http-full, http-store, ws, …), ${lanesAtOnce} lane(s) at a time\n`,
  );

  // Each (scenario, profile) is a lane; lanes run side by side, runs within a lane one at a time.
  // --quick stays short: under `fast` it runs only the 5-call scenario.
  const lanes = profiles.flatMap((profile) => (quick && profile === 'fast' ? scenarios.slice(0, 1) : scenarios).map((scenario) => ({ profile, scenario })));
  const results = new Map<string, Map<Mode, RunResult[]>>();
  const laneLoad = new Map<string, { start: number[]; end: number[] }>();
  await inPool(
    lanesAtOnce,
    lanes.map(({ profile, scenario }, lane) => async () => {
      const byMode = new Map<Mode, RunResult[]>(MODES.map((m) => [m, []]));
      results.set(`${scenario.name}|${profile}`, byMode);
      const load = { start: loadAverages(), end: [] as number[] };
      laneLoad.set(`${scenario.name}|${profile}`, load);
      // Lanes start on different modes, so that at any moment the lanes running side by side are
      // spread over the modes and no mode always meets the busiest moments of the others.
      for (let i = 0; i < samples; i++) {
        for (let k = 0; k < MODES.length; k++) {
          const mode = MODES[(k + lane) % MODES.length]!;
          byMode.get(mode)!.push(await runOnce(scenario, profile, mode));
        }
      }
      load.end = loadAverages();
      process.stdout.write(
        `  done: ${scenario.name} / ${profile} (${Math.round((performance.now() - started) / 1000)} s; load average ${load.start.join(' ')} → ${load.end.join(' ')})\n`,
      );
    }),
  );

  const runs: Record<string, unknown>[] = [];
  const ratios: Record<string, unknown>[] = [];
  let rssPeak = 0;
  const header = `${'scenario'.padEnd(10)}${'profile'.padEnd(8)}${'mode'.padEnd(11)}${'e2e'.padStart(9)}${'ttft'.padStart(8)}${'ovh p50'.padStart(9)}${'ovh p99'.padStart(9)}${'req'.padStart(5)}${'cached'.padStart(7)}${'full'.padStart(5)}${'up/req p50'.padStart(11)}${'up total'.padStart(10)}${'floor'.padStart(9)}${'e2e/floor'.padStart(10)}\n`;
  process.stdout.write(`\n${header}`);
  for (const { profile, scenario } of lanes) {
    const byMode = results.get(`${scenario.name}|${profile}`)!;
    for (const mode of MODES) {
      const rs = byMode.get(mode)!;
      const last = rs.at(-1)!;
      const e2e = median(rs.map((r) => r.e2eMs));
      const floor = median(rs.map((r) => r.floorMs));
      const overheads = rs.flatMap((r) => r.overheadMs);
      if (toolCallCount(scenario) >= 50) rssPeak = Math.max(rssPeak, ...rs.map((r) => r.rssKb ?? 0));
      const row = {
        scenario: scenario.name,
        tool_calls: toolCallCount(scenario),
        profile,
        mode,
        samples: rs.length,
        all_completed: rs.every((r) => r.ok),
        e2e_ms_median: round(e2e),
        ttft_ms_median: round(median(rs.flatMap((r) => r.ttftMs))),
        overhead_ms_p50: round(median(overheads), 3),
        overhead_ms_p99: round(percentile(overheads, 99), 3),
        requests: last.requests,
        cache_hits: last.cacheHits,
        full_requests: last.fullRequests,
        bytes_up_total: last.bytesUpTotal,
        bytes_up_per_request: last.bytesUp,
        tool_ms_median: round(median(rs.map((r) => r.toolMs))),
        floor_ms: round(floor),
        e2e_over_floor: round(e2e / floor, 3),
        // The machine's 1-, 5- and 15-minute load averages when the lane started and ended.
        load_avg_start: laneLoad.get(`${scenario.name}|${profile}`)?.start ?? [],
        load_avg_end: laneLoad.get(`${scenario.name}|${profile}`)?.end ?? [],
      };
      runs.push(row);
      process.stdout.write(
        `${scenario.name.padEnd(10)}${profile.padEnd(8)}${mode.padEnd(11)}${`${(e2e / 1000).toFixed(2)}s`.padStart(9)}${`${row.ttft_ms_median}`.padStart(8)}${row.overhead_ms_p50.toFixed(2).padStart(9)}${row.overhead_ms_p99.toFixed(2).padStart(9)}${String(row.requests).padStart(5)}${String(row.cache_hits).padStart(7)}${String(row.full_requests).padStart(5)}${`${(median(last.bytesUp) / 1024).toFixed(1)}K`.padStart(11)}${`${(last.bytesUpTotal / 1024).toFixed(0)}K`.padStart(10)}${`${(floor / 1000).toFixed(2)}s`.padStart(9)}${row.e2e_over_floor.toFixed(2).padStart(10)}${row.all_completed ? '' : '  (some runs failed)'}\n`,
      );
    }
    const e2eOf = (m: Mode) => median(byMode.get(m)!.map((r) => r.e2eMs));
    ratios.push({
      scenario: scenario.name,
      profile,
      ws_over_http_full: round(e2eOf('ws') / e2eOf('http-full'), 3),
      ws_over_http_store: round(e2eOf('ws') / e2eOf('http-store'), 3),
    });
  }
  process.stdout.write('\nratios (ws e2e ÷ other mode e2e; below 1 means ws is faster)\n');
  for (const r of ratios)
    process.stdout.write(
      `  ${String(r.scenario).padEnd(10)} ${String(r.profile).padEnd(6)} ws/http-full ${r.ws_over_http_full}   ws/http-store ${r.ws_over_http_store}\n`,
    );

  process.stdout.write('\ne2e ÷ floor per lane (ws / http-full / http-store), with the load average at the lane’s start → end\n');
  for (const { profile, scenario } of lanes) {
    const rows = runs.filter((r) => r.scenario === scenario.name && r.profile === profile);
    const load = laneLoad.get(`${scenario.name}|${profile}`)!;
    process.stdout.write(
      `  ${scenario.name.padEnd(10)} ${profile.padEnd(6)} ${rows.map((r) => Number(r.e2e_over_floor).toFixed(2)).join(' / ')}   load ${load.start.join(' ')} → ${load.end.join(' ')}\n`,
    );
  }

  const startupSamples = quick ? 3 : 10;
  const start = await startup(startupSamples);
  printStartup(start, startupSamples);
  if (rssPeak) process.stdout.write(`peak RSS of the 50-call runs: ${(rssPeak / 1024).toFixed(1)} MB\n`);
  process.stdout.write(`wan profile: ${JSON.stringify(PROFILES.wan)}\n`);
  process.stdout.write(`fast profile: ${JSON.stringify(PROFILES.fast)}\n`);

  const preconnect = await preconnectSaving(quick ? 2 : 5);
  process.stdout.write(
    `pre-connect (wan, first turn's time to first token, median of ${preconnect.samples}): cold ${preconnect.ttft_ms_cold_median} ms, pre-connected ${preconnect.ttft_ms_preconnected_median} ms, saving ${preconnect.saving_ms} ms\n`,
  );
  const wire = await wireBytes(coding25(coding), prepareRepo, BIN);
  printWire(wire);
  const steer = await steerRows({ root: ROOT, samples, profiles: profiles.filter((p) => p !== 'local'), log: (l) => process.stdout.write(l) });

  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', quick ? 'quick.json' : 'latest.json');
  // Merged: the rows of lanes this run did not measure, and the other parts' sections, stay.
  mergeResultsFile(file, {
    generated_at: new Date().toISOString(),
    quick,
    lanes_at_once: lanesAtOnce,
    runs,
    ratios,
    steer,
    startup: { ...start, preconnect },
    wire,
    rss_mb_peak: rssPeak ? round(rssPeak / 1024, 1) : null,
  });
  const svgFile = join(ROOT, 'bench', 'results', quick ? 'quick.svg' : 'latest.svg');
  writeFileSync(
    svgFile,
    resultsSvg(
      runs as never,
      results,
      lanes.map((l) => l.profile),
      scenarios.at(-1)!.name,
    ),
  );
  process.stdout.write(`wrote ${svgFile}\n`);
  process.stdout.write(`wrote ${file} in ${Math.round((performance.now() - started) / 1000)} s\n`);
  return 0;
}

/** `--steer` (optionally `--samples N`, `--profiles a,b`; default 3 samples under wan and fast): into bench/results/steer.json. */
async function mainSteer(argv: string[]): Promise<number> {
  const option = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const samples = Number(option('--samples') ?? 3);
  const profiles = option('--profiles')?.split(',') ?? ['wan', 'fast'];
  const rows = await steerRows({ root: ROOT, samples, profiles, log: (l) => process.stdout.write(l) });
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', 'steer.json');
  writeFileSync(file, `${JSON.stringify({ generated_at: new Date().toISOString(), samples, profiles, steer: rows }, null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
  return 0;
}

/** `--long` (optionally `--requests N`): the long-session benchmark alone, into bench/results/long.json. */
async function mainLong(argv: string[]): Promise<number> {
  const at = argv.indexOf('--requests');
  const requests = at >= 0 ? Number(argv[at + 1]) : 1000;
  process.stdout.write(`wsagent bench --long: one exec session of ${requests} model requests under local\n`);
  const long = await runLong(requests);
  printLong(long);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const name = requests === 1000 ? 'long' : 'long-partial';
  const file = join(ROOT, 'bench', 'results', `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ generated_at: new Date().toISOString(), long }, null, 2)}\n`);
  writeFileSync(join(ROOT, 'bench', 'results', `${name}.svg`), longSvg(long));
  if (requests === 1000) {
    // The summary (no per-request series) beside the other sections of latest.json.
    const { series: _series, ...summary } = long;
    mergeResultsFile(join(ROOT, 'bench', 'results', 'latest.json'), { long: summary, long_generated_at: new Date().toISOString() });
  }
  process.stdout.write(`wrote ${file} and ${name}.svg\n`);
  return 0;
}

/** latest.svg: end to end by mode for each scenario and profile; per-request latency and overhead of the largest scenario's ws runs. */
function resultsSvg(
  runs: { scenario: string; profile: string; mode: string; e2e_ms_median: number }[],
  results: Map<string, Map<Mode, RunResult[]>>,
  profiles: string[],
  scenario: string,
): string {
  const uniq = [...new Set(profiles)];
  const colours = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a'];
  const latency = uniq.map((p, i) => ({
    name: `${p} ws`,
    colour: colours[i % colours.length]!,
    values: results.get(`${scenario}|${p}`)?.get('ws')?.at(-1)?.latencyMs ?? [],
  }));
  const overhead = uniq.map((p, i) => ({
    name: `${p} ws`,
    colour: colours[i % colours.length]!,
    values: results.get(`${scenario}|${p}`)?.get('ws')?.at(-1)?.overheadMs ?? [],
  }));
  return svgDocument(
    960,
    640,
    [
      legend(30, 8),
      barsPanel(runs, 0, 26, 960, 300),
      linesPanel(`${scenario}, ws: per-request latency (send → done), last sample`, latency, 0, 340, 480, 270, 'ms'),
      linesPanel(`${scenario}, ws: client overhead per request`, overhead, 480, 340, 480, 270, 'ms'),
    ],
    `wsagent bench ${new Date().toISOString()} — medians; a shared 2-core machine under load`,
  );
}

/** long.svg: per-request overhead and latency over the 1,000 requests, and RSS every 50. */
function longSvg(long: LongResult): string {
  return svgDocument(
    960,
    620,
    [
      linesPanel(
        `long session: client overhead per request (${long.compactions} compactions; spikes are compaction round trips)`,
        [{ name: 'overhead', colour: '#2b7bb9', values: long.series.overhead_ms }],
        0,
        0,
        960,
        200,
        'ms',
      ),
      linesPanel(
        'long session: latency per request (send → done)',
        [{ name: 'latency', colour: '#d95f02', values: long.series.latency_ms }],
        0,
        205,
        960,
        200,
        'ms',
      ),
      linesPanel(
        'RSS and heapUsed every 50 requests',
        [
          { name: 'RSS', colour: '#7570b3', values: long.rss_mb },
          { name: 'heapUsed', colour: '#1b9e77', values: long.heap_used_mb },
        ],
        0,
        410,
        960,
        190,
        'MB',
      ),
    ],
    `wsagent bench --long ${new Date().toISOString()} — ${long.requests} requests under local; a shared 2-core machine under load`,
  );
}
