// A session file is always resumable: the CLI is killed with SIGKILL at each moment of a run —
// during a tool, right after one, mid-stream, between a request and its first event — over both
// transports, and `wsagent exec --resume last` then finishes the task.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { spawnWatched } from '../helpers/killableCli.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

const FINAL = 'All done: the first file is written and the slow step has finished, so the task is complete.';

const SCENARIO: Scenario = {
  name: 'kill-and-resume',
  description: 'a quick command, a slow one, then a long answer',
  steps: [
    { calls: [{ name: 'run_command', arguments: { command: 'echo first > first.txt && echo wrote-first', timeout_ms: null } }] },
    {
      calls: [
        { name: 'read_file', arguments: { path: 'README.md', start_line: null, end_line: null } },
        { name: 'run_command', arguments: { command: 'sleep 4 && echo slow-done', timeout_ms: null } },
      ],
    },
    { message: FINAL },
  ],
};

type Moment =
  | 'during a tool'
  | 'right after a tool'
  | 'after one call of a batch, while the next runs'
  | 'mid-stream'
  | 'between a request and its first event';

/** Where to kill, and the network profile that makes that moment wide enough to hit. */
type Match = (event: Record<string, unknown>) => boolean;
const MOMENTS: Record<Moment, { profile: string; killAt: Match; committed?: string; delayMs?: number }> = {
  // The call starts while its response still streams: wait until that response is in the file too.
  'during a tool': { profile: 'local', killAt: (e) => e.type === 'tool.started' && String(e.display).includes('sleep'), committed: 'sleep 4' },
  'right after a tool': { profile: 'local', killAt: (e) => e.type === 'tool.completed' && String(e.output).includes('wrote-first') },
  // The read finished, the command after it in the same response is running.
  'after one call of a batch, while the next runs': {
    profile: 'local',
    killAt: (e) => e.type === 'tool.started' && String(e.display).includes('sleep'),
    committed: 'kill test',
  },
  // 4 tokens a second: the final answer streams for several seconds after its first delta.
  'mid-stream': { profile: 'local,tokens_per_second=4', killAt: (e) => e.type === 'assistant.delta' },
  // The second request waits 4 s for its first event; it is sent well within the 1 s after the
  // first tool's output.
  'between a request and its first event': {
    profile: 'local,ttft_ms=4000',
    killAt: (e) => e.type === 'tool.completed' && String(e.output).includes('wrote-first'),
    delayMs: 1000,
  },
};

const sims: Simulator[] = [];
afterEach(async () => {
  for (const sim of sims.splice(0)) await sim.close();
});

const matrix: string[] = [];

async function fileContains(dir: string, text: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const name = readdirSync(dir)[0];
    if (name && readFileSync(join(dir, name), 'utf8').includes(text)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`the session file never contained ${text}`);
}

describe('kill -9 at any moment, then --resume last finishes the task', () => {
  for (const transport of ['ws', 'http'] as const) {
    for (const [moment, how] of Object.entries(MOMENTS) as Array<[Moment, (typeof MOMENTS)[Moment]]>) {
      it(`${moment}, over ${transport}`, async () => {
        const configDir = mkdtempSync(join(tmpdir(), 'wsagent-kill-config-'));
        const repo = mkdtempSync(join(tmpdir(), 'wsagent-kill-repo-'));
        writeFileSync(join(repo, 'README.md'), 'kill test\n');
        const env = { OPENAI_API_KEY: 'sk-kill-test', WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
        const slow = await createSimulator({ scenario: SCENARIO, profile: how.profile });
        sims.push(slow);
        const common = ['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--transport', transport, '-C', repo];
        const first = spawnWatched([...common, '--base-url', slow.baseUrl, 'write the first file, then run the slow step'], { env });
        await first.waitFor(how.killAt);
        if (how.committed) await fileContains(join(configDir, 'sessions'), how.committed);
        if (how.delayMs) await new Promise((r) => setTimeout(r, how.delayMs));
        first.child.kill('SIGKILL');
        expect((await first.exited).signal).toBe('SIGKILL');
        expect(first.events.some((e) => e.type === 'session.completed')).toBe(false);

        // A fresh server: the resumed session replays its whole context from the session file.
        const fast = await createSimulator({ scenario: SCENARIO });
        sims.push(fast);
        const resumed = await runCli([...common, '--base-url', fast.baseUrl, '--resume', 'last', 'continue where you stopped'], { env, timeoutMs: 30_000 });
        const ok = resumed.code === 0 && resumed.stdout.includes(FINAL);
        matrix.push(`${moment} × ${transport} → ${ok ? 'yes' : 'no'}`);
        expect(resumed.stderr).toBe('');
        expect(resumed.code).toBe(0);
        const events = resumed.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(events.at(-1)).toMatchObject({ type: 'session.completed', status: 'completed', finalMessage: FINAL });
        // The server never refused the replayed conversation (no unanswered call in it).
        expect(fast.log.responses().every((e) => e.status === 'completed')).toBe(true);
        if (moment === 'after one call of a batch, while the next runs') {
          // The read's real output was saved the moment it finished, before the batch was done.
          const file = readdirSync(join(configDir, 'sessions'))[0]!;
          const lines = readFileSync(join(configDir, 'sessions', file), 'utf8').split('\n');
          expect(lines.some((l) => l.includes('function_call_output') && l.includes('kill test'))).toBe(true);
        }
        if (moment === 'during a tool' || moment === 'after one call of a batch, while the next runs') {
          // The killed call got an output that tells the model what happened, in the file and on the wire.
          const file = readdirSync(join(configDir, 'sessions'))[0]!;
          expect(readFileSync(join(configDir, 'sessions', file), 'utf8')).toContain('wsagent stopped while this call was running');
        }
        expect(readFileSync(join(repo, 'first.txt'), 'utf8')).toBe('first\n');
      }, 60_000);
    }
  }
  it.skipIf(!process.env.WSAGENT_PRINT_MATRIX)('prints the matrix', () => {
    console.log(matrix.join('\n'));
  });
});
