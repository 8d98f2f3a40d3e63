// `wsagent exec --resume ID --fork "…"` (issue 24, point 2) as a script runs it: the run goes on
// in a copy of the session, whose new id `session.started` names; the original file is byte for
// byte as it was; the fork's request carries the original conversation and the new prompt only
// (request log); --fork without --resume is a usage error in one line.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(new URL('../../docs/json-events.schema.json', import.meta.url), 'utf8')),
);

const dirs: string[] = [];
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function events(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split('\n')
    .map((line) => {
      const event = JSON.parse(line) as Record<string, unknown>;
      if (!validate(event)) throw new Error(`line does not match docs/json-events.schema.json: ${line.slice(0, 200)}`);
      return event;
    });
}

describe('wsagent exec --resume ID --fork', () => {
  it('goes on in a new session named in session.started; the original stays byte for byte as it was', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const repo = mkdtempSync(join(tmpdir(), 'wsagent-exec-fork-repo-'));
    const config = mkdtempSync(join(tmpdir(), 'wsagent-exec-fork-config-'));
    dirs.push(repo, config);
    const env = { OPENAI_API_KEY: 'sk-fork', WSAGENT_CONFIG_DIR: config, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
    const common = ['--base-url', sim.baseUrl, '-C', repo];

    const first = await runCli(['exec', '--json', ...common, 'first question'], { env, timeoutMs: 30_000 });
    expect(first.code).toBe(0);
    const original = events(first.stdout).find((e) => e.type === 'session.started')!.sessionId as string;
    const originalPath = join(config, 'sessions', `${original}.jsonl`);
    const before = readFileSync(originalPath);

    const forked = await runCli(['exec', '--json', ...common, '--resume', original, '--fork', 'second question'], { env, timeoutMs: 30_000 });
    expect(forked.code).toBe(0);
    const lines = events(forked.stdout);
    const started = lines.find((e) => e.type === 'session.started')!;
    expect(started.sessionId).not.toBe(original);
    expect(lines.find((e) => e.type === 'session.forked')).toMatchObject({ sessionId: started.sessionId, forkedFrom: original, lane: null });

    expect(readFileSync(originalPath).equals(before)).toBe(true);
    expect(
      readdirSync(join(config, 'sessions'))
        .filter((f) => f.endsWith('.jsonl'))
        .sort(),
    ).toEqual([`${original}.jsonl`, `${started.sessionId}.jsonl`].sort());
    const fork = readFileSync(join(config, 'sessions', `${started.sessionId}.jsonl`), 'utf8');
    expect(JSON.parse(fork.split('\n')[0]!)).toMatchObject({ t: 'session', id: started.sessionId, forkedFrom: original });
    const carrying = sim.log.responses().find((e) => e.userTexts?.at(-1) === 'second question');
    expect(carrying?.userTexts).toEqual(['first question', 'second question']);

    // The original can still be resumed on its own, without the fork's turn.
    const again = await runCli(['exec', ...common, '--resume', original, 'third question'], { env, timeoutMs: 30_000 });
    expect(again.code).toBe(0);
    expect(sim.log.responses().find((e) => e.userTexts?.at(-1) === 'third question')?.userTexts).toEqual(['first question', 'third question']);
  }, 60_000);

  it('--fork without --resume is a usage error (exit 2, one line)', async () => {
    const config = mkdtempSync(join(tmpdir(), 'wsagent-exec-fork-config-'));
    dirs.push(config);
    const r = await runCli(['exec', '--fork', 'hello'], { env: { OPENAI_API_KEY: 'sk-fork', WSAGENT_CONFIG_DIR: config }, timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('wsagent: --fork copies a saved session: give it with --resume ID (or --resume last)');
  });
});
