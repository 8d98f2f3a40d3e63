// `wsagent exec --input-format stream-json`: the real CLI, its stdin written line by line while it
// runs. A line during a turn steers it; a line while idle starts the next turn; a bad line is an
// error event naming it; end of input ends the run. Checked from the simulator's request log.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { spawnWatched } from '../helpers/killableCli.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

const STEER = 'Keep it to one file.';
const SCENARIO: Scenario = {
  name: 'stream-json',
  description: 'a slow command, an answer quoting the latest user message, then a second turn',
  steps: [
    { calls: [{ name: 'run_command', arguments: { command: 'sleep 2 && echo slept', timeout_ms: null } }] },
    { message: 'Heard: {{latest_user_message}} (seen {{latest_user_message_count}} time)' },
    { message: 'Second turn: {{latest_user_message}}' },
  ],
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = {
  wsagent: ajv.compile(JSON.parse(readFileSync(new URL('../../docs/json-events.schema.json', import.meta.url), 'utf8'))),
  codex: ajv.compile(JSON.parse(readFileSync(new URL('../../docs/codex-events.schema.json', import.meta.url), 'utf8'))),
};

const sims: Simulator[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of sims.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const line = (content: unknown): string => `${JSON.stringify({ type: 'user', message: { role: 'user', content } })}\n`;

async function start(format: 'wsagent' | 'codex') {
  const sim = await createSimulator({ scenario: SCENARIO });
  sims.push(sim);
  const configDir = mkdtempSync(join(tmpdir(), 'wsagent-sj-config-'));
  const repo = mkdtempSync(join(tmpdir(), 'wsagent-sj-repo-'));
  dirs.push(configDir, repo);
  writeFileSync(join(repo, 'README.md'), 'stream json\n');
  const env = { OPENAI_API_KEY: 'sk-stream-json', WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
  const args = [
    'exec',
    '--input-format',
    'stream-json',
    '--json-format',
    format,
    '--approval',
    'full-auto',
    ...sandboxFlags,
    '-C',
    repo,
    '--base-url',
    sim.baseUrl,
  ];
  const cli = spawnWatched([...args, 'Run the slow step.'], { env, keepStdin: true });
  return { sim, cli };
}

describe('exec --input-format stream-json', () => {
  it('a line written during a turn steers it; a line while idle is the next turn; a bad line is reported; EOF ends', async () => {
    const { sim, cli } = await start('wsagent');
    await cli.waitFor((e) => e.type === 'tool.started');
    cli.child.stdin.write(line([{ type: 'text', text: STEER }]));
    cli.child.stdin.write('{"type":"user","message":42}\n');
    await cli.waitFor((e) => e.type === 'turn.completed');
    cli.child.stdin.write(line('And the second thing.'));
    await cli.waitFor((e) => e.type === 'turn.completed' && e.turn === 2);
    cli.child.stdin.end();
    expect((await cli.exited).code).toBe(0);

    for (const event of cli.events) expect(validators.wsagent(event), JSON.stringify(event)).toBe(true);
    const turns = cli.events.filter((e) => e.type === 'turn.completed');
    expect(turns.map((e) => e.finalMessage)).toEqual([`Heard: ${STEER} (seen 1 time)`, 'Second turn: And the second thing.']);
    expect(cli.events.filter((e) => e.type === 'turn.started').map((e) => e.prompt)).toEqual(['Run the slow step.', 'And the second thing.']);
    // The steer came while the command ran: it rode on the next request, after the command's output.
    expect(cli.events.filter((e) => String(e.type).startsWith('steer.')).map((e) => [e.type, e.mode ?? e.via])).toEqual([
      ['steer.submitted', 'queued'],
      ['steer.committed', 'queued'],
    ]);
    const requests = sim.log.responses().filter((r) => r.generate);
    expect(requests[1]!.inputTypes).toEqual(['function_call_output', 'message']);
    expect(requests.flatMap((r) => r.userTexts ?? []).filter((t) => t === STEER)).toHaveLength(1);
    const bad = cli.events.find((e) => e.type === 'error');
    expect(bad).toMatchObject({ code: 'invalid_input', fatal: false });
    expect(String(bad!.message)).toMatch(/^stdin line 2: /);
  }, 60_000);

  it('the Codex-format stream shows the committed steer as a user_message item', async () => {
    const { cli } = await start('codex');
    await cli.waitFor((e) => e.type === 'item.started');
    cli.child.stdin.write(line(STEER));
    cli.child.stdin.end();
    expect((await cli.exited).code).toBe(0);
    for (const event of cli.events) expect(validators.codex(event), JSON.stringify(event)).toBe(true);
    const items = cli.events.filter((e) => e.type === 'item.completed').map((e) => e.item as { type: string; text?: string });
    expect(items.filter((i) => i.type === 'user_message')).toEqual([expect.objectContaining({ text: STEER })]);
    expect(items.at(-1)).toMatchObject({ type: 'agent_message', text: `Heard: ${STEER} (seen 1 time)` });
  }, 60_000);
});
