// `steer` rows of `npm run bench` (issue 21), and `npm run bench -- --steer` to run them alone:
// a 25-call session over calc-js, played by the real `wsagent exec --input-format stream-json`,
// in which two steers are written to its stdin at fixed moments — mid-message (the first reasoning
// delta of the 4th response) and mid-tool (the first call of the 8th step starting while that
// response still streams) — with a steerable model, native (`steering: auto`) against the queue
// (`steering: queue`), modes interleaved. Measured from the CLI's own JSONL timestamps: the time
// from a steer's send (`steer.submitted`) to its commit (`steer.committed`) and to the first token
// the model produced after the commit; the turn's e2e; requests and bytes from the simulator's log.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createSimulator, type Scenario, type ScenarioStep } from '../src/simulator/index.js';

type SteerMode = 'native' | 'queue';
const MODES: SteerMode[] = ['native', 'queue'];
const MODEL = 'gpt-6-astra';
const read = (path: string) => ({ name: 'read_file', arguments: { path, start_line: null, end_line: null } });
const FILES = ['README.md', 'package.json', 'src/index.js', 'src/parser.js', 'src/evaluator.js', 'src/functions.js', 'src/errors.js', 'src/lexer.js'];

const LONG_THOUGHT = `${'Before changing anything, compare how each module reports errors, which codes it uses and where positions come from. '.repeat(8)}Then read on.`;
const MID_TOOL_FILE = 'test/parser.test.js';
const LONG_PATH = `docs/${'notes-on-error-handling-and-positions/'.repeat(24)}summary.md`;

/**
 * 12 responses of a thought and two reads, a 13th of one read (25 calls), then the answer. The two
 * steered responses are long enough to be steered at every profile: the 4th thinks at length
 * (mid-message), the 8th's second call has long arguments still streaming when the first starts
 * (mid-tool).
 */
export function steerSession(): Scenario {
  const steps: ScenarioStep[] = [];
  for (let i = 0; i < 13; i++) {
    // The 8th step: a first call no other step makes (the mid-tool moment is its start), then long arguments.
    const pair = i === 7 ? [read(MID_TOOL_FILE), read(LONG_PATH)] : [read(FILES[i % FILES.length]!), read(FILES[(i + 3) % FILES.length]!)];
    const calls = i < 12 ? pair : [read('README.md')];
    const reasoning = i === 3 ? LONG_THOUGHT : `Step ${i + 1}: read the next two files.`;
    steps.push({ reasoning, calls });
  }
  steps.push({ message: 'Done: I read the modules and the steers are taken into account; nothing else needs changing.' });
  return { name: 'steer-25', description: '25 reads in 13 responses, then an answer', prompt: 'Read through the project.', steps };
}

interface SteerTiming {
  moment: 'mid-message' | 'mid-tool';
  commitMs: number | null;
  firstTokenMs: number | null;
  via: string | null;
}

interface SteerRun {
  e2eMs: number;
  requests: number;
  bytesUpTotal: number;
  steers: SteerTiming[];
  ok: boolean;
}

type Event = Record<string, any>;

function prepareRepo(root: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'wsagent-bench-steer-')), 'calc-js');
  cpSync(join(root, 'fixtures', 'repos', 'calc-js'), dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  return dir;
}

async function runOnce(root: string, profile: string, mode: SteerMode): Promise<SteerRun> {
  const sim = await createSimulator({ scenario: steerSession(), profile });
  const repo = prepareRepo(root);
  const config = mkdtempSync(join(tmpdir(), 'wsagent-bench-steer-config-'));
  const args = [join(root, 'bin', 'wsagent.js'), 'exec', '--json', '--input-format', 'stream-json', '--approval', 'full-auto', '--model', MODEL];
  const env = { ...process.env, OPENAI_API_KEY: 'sk-bench', WSAGENT_CONFIG_DIR: config, WSAGENT_STEERING: mode === 'native' ? 'auto' : 'queue', NO_COLOR: '1' };
  const child = spawn(process.execPath, [...args, '--base-url', sim.baseUrl, '-C', repo, 'Read through the project.'], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const events: Event[] = [];
  let responses = 0;
  let sent = { message: false, tool: false };
  let pending = '';
  const steer = (text: string): void => void child.stdin.write(`${JSON.stringify({ type: 'user', message: { role: 'user', content: text } })}\n`);
  child.stdout.on('data', (d: Buffer) => {
    pending += d.toString();
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (!line.trim()) continue;
      const event = JSON.parse(line) as Event;
      events.push(event);
      if (event.type === 'request.completed' && !event.stats.warmup) responses++;
      // The fixed moments: mid-message in the 4th response (before any steer, so counting is exact),
      // mid-tool when the 8th step's first call starts (found by its file: steering moves step numbers).
      if (!sent.message && responses === 3 && event.type === 'reasoning.delta') {
        sent = { ...sent, message: true };
        steer('Focus on how errors are reported.');
      }
      if (!sent.tool && event.type === 'tool.started' && String(event.display).includes(MID_TOOL_FILE)) {
        sent = { ...sent, tool: true };
        steer('Also note which functions are exported.');
      }
      if (event.type === 'turn.completed') child.stdin.end();
    }
  });
  child.stderr.resume();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const log = sim.log.responses().filter((e) => e.generate);
  const bytesUpTotal = sim.log.entries.reduce((n, e) => n + (e.kind === 'response' || e.kind === 'steer' ? e.bytesUp : 0), 0);
  await sim.close();
  rmSync(join(repo, '..'), { recursive: true, force: true });
  rmSync(config, { recursive: true, force: true });
  const turn = events.find((e) => e.type === 'turn.completed');
  return { e2eMs: turn?.timings.wallMs ?? 0, requests: log.length, bytesUpTotal, steers: steerTimings(events), ok: code === 0 && turn?.status === 'completed' };
}

/** For each steer, in order: send → commit, and send → the first token after the commit (CLI timestamps, ms). */
function steerTimings(events: Event[]): SteerTiming[] {
  const at = (e: Event): number => Date.parse(e.timestamp);
  const submitted = events.filter((e) => e.type === 'steer.submitted');
  return submitted.map((s, i) => {
    const commit = events.find((e) => e.type === 'steer.committed' && e.id === s.id);
    const commitIndex = commit ? events.indexOf(commit) : -1;
    const token = commitIndex < 0 ? undefined : events.slice(commitIndex).find((e) => e.type === 'assistant.delta' || e.type === 'reasoning.delta');
    return {
      moment: i === 0 ? 'mid-message' : 'mid-tool',
      commitMs: commit ? at(commit) - at(s) : null,
      firstTokenMs: token ? at(token) - at(s) : null,
      via: commit?.via ?? null,
    };
  });
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Every (profile, mode) `samples` times, modes interleaved; the table printed, the rows returned for the JSON. */
export async function steerRows(options: {
  root: string;
  samples: number;
  profiles: string[];
  log: (line: string) => void;
}): Promise<Record<string, unknown>[]> {
  const results = new Map<string, SteerRun[]>();
  for (const profile of options.profiles) {
    for (let i = 0; i < options.samples; i++) {
      for (let k = 0; k < MODES.length; k++) {
        const mode = MODES[(k + i) % MODES.length]!;
        const key = `${profile}|${mode}`;
        results.set(key, [...(results.get(key) ?? []), await runOnce(options.root, profile, mode)]);
      }
    }
  }
  const rows: Record<string, unknown>[] = [];
  options.log(
    `\nsteer rows (${options.samples} sample(s) per mode, interleaved; medians; ms from the steer's send)\n${'profile'.padEnd(8)}${'mode'.padEnd(8)}${'moment'.padEnd(13)}${'commit'.padStart(8)}${'1st tok'.padStart(9)}${'via'.padStart(14)}${'e2e'.padStart(9)}${'req'.padStart(5)}${'up total'.padStart(10)}\n`,
  );
  for (const profile of options.profiles) {
    for (const mode of MODES) {
      const runs = results.get(`${profile}|${mode}`) ?? [];
      for (const moment of ['mid-message', 'mid-tool'] as const) {
        const timings = runs.flatMap((r) => r.steers.filter((s) => s.moment === moment));
        const vias = [...new Set(timings.map((t) => t.via ?? 'never'))].join('/');
        const row = {
          section: 'steer',
          profile,
          mode,
          moment,
          samples: runs.length,
          all_completed: runs.every((r) => r.ok),
          commit_ms_median: median(timings.flatMap((t) => (t.commitMs === null ? [] : [t.commitMs]))),
          first_token_ms_median: median(timings.flatMap((t) => (t.firstTokenMs === null ? [] : [t.firstTokenMs]))),
          committed_via: vias,
          e2e_ms_median: median(runs.map((r) => r.e2eMs)),
          requests_median: median(runs.map((r) => r.requests)),
          bytes_up_total_median: median(runs.map((r) => r.bytesUpTotal)),
        };
        rows.push(row);
        const ms = (v: number | null): string => (v === null ? '–' : String(Math.round(v)));
        options.log(
          `${profile.padEnd(8)}${mode.padEnd(8)}${moment.padEnd(13)}${ms(row.commit_ms_median).padStart(8)}${ms(row.first_token_ms_median).padStart(9)}${vias.padStart(14)}${`${((row.e2e_ms_median ?? 0) / 1000).toFixed(2)}s`.padStart(9)}${String(row.requests_median).padStart(5)}${`${((row.bytes_up_total_median ?? 0) / 1024).toFixed(0)}K`.padStart(10)}${row.all_completed ? '' : '  (some runs failed)'}\n`,
        );
      }
    }
  }
  return rows;
}
