// `wsagent demo`: the first thing a new user runs. A copy of a fixture repository with failing
// tests, the simulator in-process (coding scenario, `wan` network), and the real agent — the TUI
// on a terminal, plain output otherwise — until the tests pass. Then what changed, whether the
// tests really pass now, and the latency figures that are the point of WebSocket mode.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../agent/events.js';
import { DEFAULTS, KEYS, type SandboxModeName, type Settings } from '../config/settings.js';
import type { RequestStats } from '../session/index.js';
import { createSimulator, loadScenario, packageRoot } from '../simulator/index.js';
import { probeBwrap } from '../tools/sandbox/index.js';
import { EXIT, UserFacingError } from './exitCodes.js';
import type { ResolvedRun } from './resolveRun.js';

export interface DemoOptions {
  profile: string;
  plain?: boolean;
  keep?: boolean;
  /** The sandbox for the agent's commands (default: workspace-write). */
  sandbox?: string;
}

const median = (xs: number[]): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`);
const kib = (b: number): string => `${(b / 1024).toFixed(1)} KiB`;

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'wsagent demo',
      GIT_AUTHOR_EMAIL: 'demo@wsagent.invalid',
      GIT_COMMITTER_NAME: 'wsagent demo',
      GIT_COMMITTER_EMAIL: 'demo@wsagent.invalid',
    },
  });
}

/** Copies the fixture repository into a fresh git repository. */
function prepareRepository(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wsagent-demo-'));
  const repo = join(dir, 'calc-js');
  cpSync(join(root, 'fixtures', 'repos', 'calc-js'), repo, { recursive: true });
  // npm never packs a file named .gitignore: an installed wsagent has none, so it is restored here
  // (without it `git add -A` would commit the node_modules the agent's `npm test` may create).
  if (!existsSync(join(repo, '.gitignore'))) writeFileSync(join(repo, '.gitignore'), 'node_modules/\ncoverage/\n');
  try {
    git(repo, ['init', '-q', '-b', 'main']);
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', 'calc-js as found']);
  } catch {
    // Without git the agent still works; undo falls back to copies and git tools say so.
  }
  return repo;
}

/**
 * The sandbox the demo's commands run in: the one asked for, else the default when this machine
 * has one. Without one the demo may run them unconfined (a repository it made itself, a scripted
 * model), which a user's own run never does without --sandbox danger-full-access.
 */
function demoSandbox(requested: string | undefined): { mode: SandboxModeName; unconfinedBecause: string | null } {
  if (requested) return { mode: KEYS.sandbox.parse(requested) as SandboxModeName, unconfinedBecause: null };
  const probe = probeBwrap();
  if (probe.ok) return { mode: DEFAULTS.sandbox, unconfinedBecause: null };
  return { mode: 'danger-full-access', unconfinedBecause: probe.reason };
}

export async function runDemo(opts: DemoOptions): Promise<number> {
  const root = packageRoot();
  const scenario = loadScenario(join(root, 'fixtures', 'scenarios', 'coding.json'));
  let sim;
  try {
    sim = await createSimulator({ scenario, profile: opts.profile });
  } catch (err) {
    throw new UserFacingError(`cannot start the simulator: ${(err as Error).message}`, EXIT.usage);
  }
  const repo = prepareRepository(root);
  const configDir = mkdtempSync(join(tmpdir(), 'wsagent-demo-config-'));
  const sandbox = demoSandbox(opts.sandbox);
  const settings: Settings = { ...DEFAULTS, apiKey: 'sk-demo-simulator', baseUrl: sim.baseUrl, approval: 'full-auto', model: 'gpt-5.2', sandbox: sandbox.mode };
  const run: ResolvedRun = { settings, cwd: repo, configDir };
  const prompt = scenario.prompt ?? 'The tests fail. Fix them.';
  const requests: RequestStats[] = [];
  let turnMs = 0;
  let overheadMs = 0;
  let recoveries = 0;
  const observe = (event: AgentEvent): void => {
    if (event.type === 'request.completed' && !event.stats.warmup) requests.push(event.stats);
    if (event.type === 'turn.completed') {
      turnMs = event.timings.wallMs;
      overheadMs = event.timings.overheadMs;
    }
    if (event.type === 'recovery') recoveries++;
  };

  const out = process.stdout;
  out.write(`wsagent demo — a copy of calc-js with failing tests at ${repo}\n`);
  out.write(`simulated Responses API at ${sim.baseUrl} (network profile "${sim.state.profile.name}"); approval: full-auto; sandbox: ${sandbox.mode}\n`);
  if (sandbox.unconfinedBecause) {
    out.write(`no sandbox here (${sandbox.unconfinedBecause}): the demo runs its commands unconfined, in the throwaway repository it made\n`);
  }
  out.write('\n');
  let code: number;
  try {
    if (process.stdout.isTTY && process.stdin.isTTY && !opts.plain) {
      const { runInteractiveCommand } = await import('./interactiveCommand.js');
      code = await runInteractiveCommand(run, prompt, { observe, exitAfterFirstTurn: true });
    } else {
      const { runPlainDemo } = await import('./plainDemo.js');
      code = await runPlainDemo(run, prompt, observe);
    }
  } finally {
    await sim.close();
    rmSync(configDir, { recursive: true, force: true });
  }

  // Did it really work? Run the project's tests ourselves.
  const test = spawnSync('npm', ['test'], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const summary = `${test.stdout}${test.stderr}`.match(/# pass (\d+)[\s\S]*?# fail (\d+)/);
  out.write('\n── result ─────────────────────────────────────────────────────────────\n');
  out.write(`npm test in the demo repository: ${test.status === 0 ? 'passes' : 'FAILS'}${summary ? ` (pass ${summary[1]}, fail ${summary[2]})` : ''}\n`);
  try {
    const stat = git(repo, ['diff', '--stat']).trimEnd();
    const added = git(repo, ['ls-files', '--others', '--exclude-standard']).trim();
    out.write(
      `changed:\n${stat || '  (nothing)'}\n${
        added
          ? `new files:\n${added
              .split('\n')
              .map((f) => `  ${f}`)
              .join('\n')}\n`
          : ''
      }`,
    );
  } catch {
    // not a git repository: nothing to show
  }
  const ttft = requests.map((r) => (r.timings.firstDeltaAt ?? r.timings.doneAt ?? 0) - (r.timings.sendAt ?? 0));
  const total = requests.map((r) => (r.timings.doneAt ?? 0) - (r.timings.sendAt ?? 0));
  const up = requests.map((r) => r.timings.bytesUp);
  const incremental = requests.filter((r) => r.mode === 'incremental').length;
  out.write('── latency ────────────────────────────────────────────────────────────\n');
  out.write(
    `${requests.length} model requests over ${requests.some((r) => r.transport === 'ws') ? 'one WebSocket' : 'HTTP'} (${incremental} incremental), turn ${ms(turnMs)}\n`,
  );
  out.write(`time to first token: median ${ms(median(ttft))}; request total: median ${ms(median(total))}\n`);
  out.write(
    `sent: ${kib(up.reduce((a, b) => a + b, 0))} in all, median ${kib(median(up))} per request; agent overhead ${ms(overheadMs)} in all; recoveries ${recoveries}\n`,
  );
  out.write('\nTo use the real API: export OPENAI_API_KEY=sk-… and run `wsagent` in your own repository.\n');
  if (opts.keep) out.write(`(kept ${repo})\n`);
  else rmSync(join(repo, '..'), { recursive: true, force: true });
  return code === EXIT.ok && test.status === 0 ? EXIT.ok : code === EXIT.ok ? EXIT.taskFailed : code;
}
