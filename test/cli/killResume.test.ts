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

// The same promise for a steer (issue 21): killed at each moment of its life, the resumed session
// gives the model the steer's text exactly once — never lost, never doubled.
const STEER = 'Keep it to one file.';
const STEER_LONG = `${'Walking through the project one part after another to see where the change belongs. '.repeat(10)}Done.`;
const STEER_SCENARIO: Scenario = {
  name: 'kill-steer',
  description: 'a slow command, a long message (steered), then answers',
  steps: [
    { calls: [{ name: 'run_command', arguments: { command: 'sleep 3 && echo slow-done', timeout_ms: null } }] },
    { message: STEER_LONG },
    { message: 'Heard: {{latest_user_message}} (seen {{latest_user_message_count}} time)' },
  ],
  after_end: 'Resumed and finished.',
};

type SteerMoment =
  | 'a steer sent, before its answer'
  | 'a steer accepted, not yet committed'
  | 'a steer committed, its successor streaming'
  | 'a steer held while a tool runs';
const STEER_MOMENTS: Record<SteerMoment, { model: string; sendAt: Match; killAt: Match }> = {
  'a steer sent, before its answer': { model: 'gpt-6-astra', sendAt: (e) => e.type === 'assistant.delta', killAt: (e) => e.type === 'steer.submitted' },
  'a steer accepted, not yet committed': { model: 'gpt-6-astra', sendAt: (e) => e.type === 'assistant.delta', killAt: (e) => e.type === 'steer.accepted' },
  'a steer committed, its successor streaming': {
    model: 'gpt-6-astra',
    sendAt: (e) => e.type === 'assistant.delta',
    killAt: (e) => e.type === 'steer.committed',
  },
  'a steer held while a tool runs': { model: 'gpt-5.2', sendAt: (e) => e.type === 'tool.started', killAt: (e) => e.type === 'steer.submitted' },
};

describe('kill -9 at any moment of a steer, then --resume last: the model gets its text exactly once', () => {
  for (const [moment, how] of Object.entries(STEER_MOMENTS) as Array<[SteerMoment, (typeof STEER_MOMENTS)[SteerMoment]]>) {
    it(moment, async () => {
      const configDir = mkdtempSync(join(tmpdir(), 'wsagent-kill-config-'));
      const repo = mkdtempSync(join(tmpdir(), 'wsagent-kill-repo-'));
      writeFileSync(join(repo, 'README.md'), 'kill test\n');
      const env = { OPENAI_API_KEY: 'sk-kill-test', WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
      // 60 tokens a second: the long message streams for seconds, wide enough to steer and kill in.
      const paced = await createSimulator({ scenario: STEER_SCENARIO, profile: 'local,tokens_per_second=60' });
      sims.push(paced);
      const common = ['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--model', how.model, '-C', repo];
      const first = spawnWatched([...common, '--input-format', 'stream-json', '--base-url', paced.baseUrl, 'look through the project'], {
        env,
        keepStdin: true,
      });
      await first.waitFor(how.sendAt);
      first.child.stdin.write(`${JSON.stringify({ type: 'user', message: { role: 'user', content: STEER } })}\n`);
      await first.waitFor(how.killAt);
      first.child.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');

      const fast = await createSimulator({ scenario: STEER_SCENARIO });
      sims.push(fast);
      const resumed = await runCli([...common, '--base-url', fast.baseUrl, '--resume', 'last', 'continue where you stopped'], { env, timeoutMs: 30_000 });
      expect(resumed.stderr).toBe('');
      expect(resumed.code).toBe(0);
      // What the resumed process sent: a full replay (its warm-up) and increments after it. Along
      // that chain the model's context holds the steer's text exactly once.
      let inContext = 0;
      for (const request of fast.log.responses()) {
        const here = (request.userTexts ?? []).filter((t) => t === STEER).length;
        inContext = request.inputMode === 'full' ? here : inContext + here;
      }
      expect(fast.log.responses()[0]!.inputMode).toBe('full');
      expect(inContext).toBe(1);
      expect(fast.log.responses().every((e) => e.status === 'completed')).toBe(true);
      matrix.push(`${moment} → once`);
    }, 60_000);
  }
});
