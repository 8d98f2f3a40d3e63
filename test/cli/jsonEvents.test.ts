// Issue 13.5: the --json stream with a timestamp on every line, usage on turn.completed and
// turn.failed for a failed turn; and --json-format codex, Codex's `exec --json` events, every line
// validated against the documented schemas (docs/json-events.schema.json, docs/codex-events.schema.json).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/config/exitCodes.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';
import { everyCodexItem } from '../helpers/scenarios.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = {
  wsagent: ajv.compile(JSON.parse(readFileSync(new URL('../../docs/json-events.schema.json', import.meta.url), 'utf8'))),
  codex: ajv.compile(JSON.parse(readFileSync(new URL('../../docs/codex-events.schema.json', import.meta.url), 'utf8'))),
};

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

type Line = Record<string, any>;

function lines(stdout: string, format: keyof typeof validators): Line[] {
  return stdout
    .trim()
    .split('\n')
    .map((text) => {
      const event = JSON.parse(text) as Line;
      const validate = validators[format];
      if (!validate(event)) throw new Error(`line does not match the ${format} schema: ${text.slice(0, 300)}\n${JSON.stringify(validate.errors?.slice(0, 3))}`);
      return event;
    });
}

/** Reasoning, a plan, a command, a new file, a search, the answer: every Codex item type. */
const WORK = everyCodexItem('node -e "console.log(6*7)"', '42');

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { OPENAI_API_KEY: 'sk-json-test', WSAGENT_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'wsagent-json-')), OPENAI_BASE_URL: '', WSAGENT_MODEL: '', ...extra };
}

describe('--json (13.5)', () => {
  it("every line has an ISO timestamp; turn.completed carries the turn's usage", async () => {
    sim = await createSimulator({ scenario: WORK });
    const r = await runCli(
      ['exec', '--json', '--full-auto', ...sandboxFlags, '-m', 'gpt-5.2', '--base-url', sim.baseUrl, '-C', copyCalcJs(), 'check node and write notes'],
      {
        env: env(),
      },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = lines(r.stdout, 'wsagent');
    for (const e of events) expect(Number.isNaN(Date.parse(e.timestamp))).toBe(false);
    const usage = events.filter((e) => e.type === 'usage');
    const completed = events.find((e) => e.type === 'turn.completed')!;
    const sum = (k: string) => usage.reduce((a, e) => a + e[k], 0);
    expect(completed.usage).toEqual({ input: sum('input'), cached: sum('cached'), output: sum('output') });
    expect(completed.usage.input).toBeGreaterThan(0);
    // The wire's account agrees: the simulator's usage of the generating requests.
    const served = sim.log.responses().filter((e) => e.generate && e.usage);
    expect(completed.usage.output).toBe(served.reduce((a, e) => a + e.usage!.output, 0));
    expect(events.some((e) => e.type === 'turn.failed')).toBe(false);
  });

  it('a failed turn emits turn.failed with the error before turn.completed', async () => {
    sim = await createSimulator({ scenario: 'chat', apiKey: 'sk-the-right-one' });
    const r = await runCli(['-p', 'hi', '--json', '--base-url', sim.baseUrl, '--transport', 'http'], { env: env() });
    expect(r.code).toBe(EXIT.config);
    const events = lines(r.stdout, 'wsagent');
    const i = events.findIndex((e) => e.type === 'turn.failed');
    expect(i).toBeGreaterThan(0);
    expect(events[i]).toMatchObject({ turn: 1, error: { code: 'auth' } });
    expect(events[i]!.error.message).toMatch(/rejected the credentials/);
    expect(events[i + 1]).toMatchObject({ type: 'turn.completed', status: 'failed' });
  });
});

describe('--json-format codex (13.5)', () => {
  it('the same run as Codex exec --json events: thread, turn, items of each type, usage', async () => {
    sim = await createSimulator({ scenario: WORK });
    const repo = copyCalcJs();
    const r = await runCli(
      ['exec', '--json-format', 'codex', '--full-auto', ...sandboxFlags, '-m', 'gpt-5.2', '--base-url', sim.baseUrl, '-C', repo, 'check node and write notes'],
      { env: env() },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = lines(r.stdout, 'codex');
    expect(events[0]).toMatchObject({ type: 'thread.started' });
    expect(events[1]).toEqual({ type: 'turn.started' });
    expect(events.at(-1)!.type).toBe('turn.completed');
    expect(events.at(-1)!.usage.input_tokens).toBeGreaterThan(0);
    const completed = events.filter((e) => e.type === 'item.completed').map((e) => e.item);
    const command = completed.find((i) => i.type === 'command_execution')!;
    expect(command).toMatchObject({ command: 'node -e "console.log(6*7)"', exit_code: 0, status: 'completed' });
    expect(command.aggregated_output).toContain('42');
    expect(events.some((e) => e.type === 'item.started' && e.item.id === command.id && e.item.status === 'in_progress')).toBe(true);
    expect(completed.find((i) => i.type === 'file_change')).toMatchObject({ changes: [{ path: 'NOTES.md', kind: 'add' }], status: 'completed' });
    expect(existsSync(join(repo, 'NOTES.md'))).toBe(true);
    expect(completed.find((i) => i.type === 'mcp_tool_call')).toMatchObject({ server: 'wsagent', tool: 'search', status: 'completed' });
    expect(completed.find((i) => i.type === 'reasoning')?.text).toContain('Plan first');
    expect(completed.find((i) => i.type === 'todo_list')).toMatchObject({
      items: [
        { text: 'Check node', completed: true },
        { text: 'Write notes', completed: true },
      ],
    });
    expect(events.some((e) => e.type === 'item.updated' && e.item.type === 'todo_list')).toBe(true);
    expect(completed.filter((i) => i.type === 'agent_message').at(-1)).toMatchObject({ text: 'Node prints 42; notes written.' });
    // As in Codex, the plan's todo_list item completes when the turn does.
    expect(completed.at(-1)!.type).toBe('todo_list');
    // Ids are unique per item, and every started item completes.
    const ids = completed.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of events.filter((e) => e.type === 'item.started')) expect(ids).toContain(s.item.id);
  });

  it('a failed turn is turn.failed with the message, then error', async () => {
    sim = await createSimulator({ scenario: 'chat', apiKey: 'sk-the-right-one' });
    const r = await runCli(['exec', '--json-format', 'codex', '--base-url', sim.baseUrl, '--transport', 'http', 'hi'], { env: env() });
    expect(r.code).toBe(EXIT.config);
    const events = lines(r.stdout, 'codex');
    expect(events.map((e) => e.type)).toEqual(['thread.started', 'turn.started', 'turn.failed', 'error']);
    expect(events[2]!.error.message).toMatch(/rejected the credentials/);
  });
});
