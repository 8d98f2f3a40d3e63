// Issue 25.2: the real @openai/codex-sdk drives wsagent as its `codex` binary. The SDK is installed
// on demand without its ~400 MB platform binary (scripts/codex-sdk.mjs); where the registry cannot
// be reached the tests skip, saying why. `codexPathOverride` is bin/wsagent.js itself (an executable
// with a node shebang), the SDK's baseUrl and apiKey point at the simulator, and everything the SDK
// reads comes from wsagent: the events of runStreamed() (each checked against
// docs/codex-events.schema.json), run()'s result, resumeThread() and structured output.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCodexSdk } from '../../scripts/codex-sdk.mjs';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';
import { everyCodexItem } from '../helpers/scenarios.js';
import { noSandbox, sandboxAvailable } from '../helpers/sandboxAvailable.js';

// The part of the SDK's API these tests use (its own types live in the on-demand install).
type Line = Record<string, any>;
interface SdkThread {
  readonly id: string | null;
  run(
    input: string | Array<{ type: 'text'; text: string } | { type: 'local_image'; path: string }>,
    options?: { outputSchema?: unknown },
  ): Promise<{ items: Line[]; finalResponse: string; usage: Record<string, number> | null }>;
  runStreamed(input: string, options?: { signal?: AbortSignal }): Promise<{ events: AsyncGenerator<Line> }>;
}
interface SdkCodex {
  startThread(options?: Record<string, unknown>): SdkThread;
  resumeThread(id: string, options?: Record<string, unknown>): SdkThread;
}
type CodexClass = new (options: { codexPathOverride: string; baseUrl: string; apiKey: string; env: Record<string, string> }) => SdkCodex;

const sdk = await installCodexSdk(45_000);
const Codex: CodexClass | null = sdk.ok ? ((await import(pathToFileURL(sdk.entry).href)) as { Codex: CodexClass }).Codex : null;
const skipped = sdk.ok ? '' : ` (skipped: ${sdk.reason})`;

const validate = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(new URL('../../docs/codex-events.schema.json', import.meta.url), 'utf8')),
);
const KEY = 'sk-codex-sdk-key-1234';
const MODEL = 'gpt-5.2';
const PROMPT = 'Check node and write notes.';

/** Every item type the SDK reads (the command also shows what a command sees of the key: nothing), then two more turns. */
const EVERY_ITEM = everyCodexItem(`node -e "console.log(6*7, process.env.CODEX_API_KEY ?? 'no key')"`, '42 no key');
const WORK: Scenario = {
  ...EVERY_ITEM,
  steps: [
    ...EVERY_ITEM.steps,
    { expect: { contains: 'What did you write?' }, message: 'I wrote NOTES.md.' },
    { expect: { contains: 'Summarize' }, message: 'All done, nothing else to report.' },
  ],
};

const SUMMARY_SCHEMA = {
  type: 'object',
  properties: { summary: { type: 'string' }, status: { type: 'string', enum: ['ok', 'action_required'] } },
  required: ['summary', 'status'],
  additionalProperties: false,
};

let sim: Simulator;
let configDir: string;
let repo: string;
let threadId: string;

/** For the describe block: a simulator playing `scenario` (it takes only KEY), a config dir, a repository. */
function useSimulator(scenario: Scenario): void {
  beforeAll(async () => {
    sim = await createSimulator({ scenario, apiKey: KEY });
    configDir = mkdtempSync(join(tmpdir(), 'wsagent-codex-sdk-'));
    repo = copyCalcJs();
  });
  afterAll(async () => {
    await sim.close();
    for (const dir of [configDir, join(repo, '..')]) rmSync(dir, { recursive: true, force: true });
  });
}

/** The SDK's `env` replaces the inherited one: OPENAI_API_KEY is wrong on purpose, the key must come as CODEX_API_KEY. */
function sdkEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  return { ...env, OPENAI_API_KEY: 'sk-not-this-one', OPENAI_BASE_URL: '', WSAGENT_MODEL: '', WSAGENT_CONFIG_DIR: configDir, ...extra };
}

function codex(extra: Record<string, string> = {}, apiKey = KEY): SdkCodex {
  return new Codex!({ codexPathOverride: BIN, baseUrl: sim.baseUrl, apiKey, env: sdkEnv(extra) });
}

const threadOptions = () => ({ workingDirectory: repo, model: MODEL, sandboxMode: sandboxAvailable ? 'workspace-write' : 'danger-full-access' });

describe.skipIf(!Codex)(`@openai/codex-sdk with codexPathOverride = wsagent${skipped}`, () => {
  useSimulator(WORK);

  it('runStreamed(): thread.started with the session id, then items of every type, usage last', async () => {
    const thread = codex().startThread(threadOptions());
    const { events } = await thread.runStreamed(PROMPT);
    const lines: Line[] = [];
    for await (const event of events) lines.push(event);
    for (const event of lines) {
      // The SDK adds usage.cache_write_input_tokens (0) itself where the binary sent none, as for Codex's.
      const sent = event.type === 'turn.completed' ? { ...event, usage: { ...event.usage, cache_write_input_tokens: undefined } } : event;
      if (!validate(JSON.parse(JSON.stringify(sent)))) throw new Error(`not a Codex event: ${JSON.stringify(event)}\n${JSON.stringify(validate.errors)}`);
    }
    expect(lines.at(-1)?.usage.cache_write_input_tokens).toBe(0);
    threadId = thread.id!;
    expect(lines[0]).toEqual({ type: 'thread.started', thread_id: threadId });
    // The thread id is wsagent's session id: its session file is what resumeThread() continues.
    expect(existsSync(join(configDir, 'sessions', `${threadId}.jsonl`))).toBe(true);
    expect(lines[1]).toEqual({ type: 'turn.started' });
    const last = lines.at(-1)!;
    expect(last.type).toBe('turn.completed');
    expect(last.usage.input_tokens).toBeGreaterThan(0);
    expect(last.usage.output_tokens).toBeGreaterThan(last.usage.reasoning_output_tokens);
    expect(last.usage.reasoning_output_tokens).toBeGreaterThan(0);

    const completed = lines.filter((e) => e.type === 'item.completed').map((e) => e.item);
    const byType = (type: string) => completed.filter((i) => i.type === type);
    expect(byType('reasoning')[0]?.text).toContain('Plan first');
    const command = byType('command_execution')[0]!;
    expect(command).toMatchObject({ exit_code: 0, status: 'completed' });
    expect(command.aggregated_output).toContain('42 no key');
    const started = lines.find((e) => e.type === 'item.started' && e.item.id === command.id);
    expect(started?.item).toMatchObject({ type: 'command_execution', status: 'in_progress', exit_code: null });
    expect(lines.some((e) => e.type === 'item.updated' && e.item.id === command.id)).toBe(true);
    expect(byType('file_change')).toEqual([{ id: expect.any(String), type: 'file_change', changes: [{ path: 'NOTES.md', kind: 'add' }], status: 'completed' }]);
    expect(readFileSync(join(repo, 'NOTES.md'), 'utf8')).toBe('node works\n');
    expect(byType('mcp_tool_call')[0]).toMatchObject({ server: 'wsagent', tool: 'search', status: 'completed' });
    expect(byType('todo_list')[0]).toMatchObject({
      items: [
        { text: 'Check node', completed: true },
        { text: 'Write notes', completed: true },
      ],
    });
    expect(lines.some((e) => e.type === 'item.updated' && e.item.type === 'todo_list')).toBe(true);
    expect(byType('agent_message').at(-1)?.text).toBe('Node prints 42; notes written.');

    // The prompt went to the model from the SDK's stdin, with the key it gave as CODEX_API_KEY (the
    // simulator refuses any other). wsagent's warm-up (generate:false) already carries the prompt;
    // the first real request chains from it.
    const requests = sim.log.responses();
    expect(requests[0]?.userTexts).toEqual([PROMPT]);
    expect(requests.filter((r) => r.generate).map((r) => r.step)).toEqual([0, 1, 2, 3]);
    expect(requests.every((r) => r.status === 'completed')).toBe(true);
  });

  it('resumeThread(id).run(): a new process continues the same session, the earlier turn replayed', async () => {
    const before = sim.log.responses().length;
    const thread = codex().resumeThread(threadId, threadOptions());
    // A `local_image` input arrives as --image after `resume ID`.
    const png = join(configDir, 'shot.png');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const turn = await thread.run([
      { type: 'text', text: 'What did you write?' },
      { type: 'local_image', path: png },
    ]);
    expect(turn.finalResponse).toBe('I wrote NOTES.md.');
    expect(turn.items.at(-1)).toMatchObject({ type: 'agent_message', text: 'I wrote NOTES.md.' });
    expect(turn.usage?.input_tokens).toBeGreaterThan(0);
    expect(thread.id).toBe(threadId);
    // A new process means a new connection: the request carries the whole conversation, so the
    // scenario plays its fifth step (four model responses before it) and sees both prompts.
    const requests = sim.log.responses().slice(before);
    expect(requests[0]).toMatchObject({ inputMode: 'full', userTexts: [PROMPT, 'What did you write?'] });
    expect(requests.filter((r) => r.generate).map((r) => r.step)).toEqual([4]);
    expect(readdirSync(join(configDir, 'sessions')).filter((f) => f.endsWith('.jsonl'))).toEqual([`${threadId}.jsonl`]);
    // The image went with the prompt: the session file holds the message the model was sent.
    const image = `data:image/png;base64,${readFileSync(png).toString('base64')}`;
    expect(readFileSync(join(configDir, 'sessions', `${threadId}.jsonl`), 'utf8')).toContain(
      JSON.stringify({ type: 'input_image', image_url: image, detail: 'auto' }),
    );
  });

  it('run() with an outputSchema: the answer is JSON conforming to it', async () => {
    const thread = codex().resumeThread(threadId, threadOptions());
    const turn = await thread.run('Summarize the session.', { outputSchema: SUMMARY_SCHEMA });
    // The scenario's answer is prose: JSON comes back only because the schema reached the model as text.format.
    const answer = JSON.parse(turn.finalResponse) as unknown;
    expect(new Ajv({ strict: false }).validate(SUMMARY_SCHEMA, answer)).toBe(true);
    expect(sim.log.responses().at(-1)?.step).toBe(5);
  });

  it('a failed turn is turn.failed: run() throws its message', async () => {
    // (The events of a failed turn, turn.failed then error, are checked in jsonEvents.test.ts.)
    const wrongKey = codex({}, 'sk-wrong-key');
    await expect(wrongKey.startThread(threadOptions()).run('hi')).rejects.toThrow(/rejected the credentials/);
  });
});

/** A command that would run for a minute, then an answer. */
const LONG_COMMAND: Scenario = {
  name: 'codex-sdk-abort',
  description: 'a long command, cancelled',
  steps: [
    { calls: [{ name: 'run_command', arguments: { command: 'node -e "setTimeout(() => {}, 60000)"', timeout_ms: null } }] },
    { expect: { contains: 'Where were we?' }, message: 'The command was cancelled.' },
  ],
};

describe.skipIf(!Codex)(`a turn cancelled with the SDK's AbortSignal${skipped}`, () => {
  useSimulator(LONG_COMMAND);

  it('aborting while a command runs ends wsagent; the session resumes where it stopped', async () => {
    const thread = codex().startThread(threadOptions());
    const abort = new AbortController();
    const { events } = await thread.runStreamed('Run the long command.', { signal: abort.signal });
    const seen: Line[] = [];
    await expect(
      (async () => {
        for await (const event of events) {
          seen.push(event);
          if (event.type === 'item.started' && event.item.type === 'command_execution') abort.abort();
        }
      })(),
    ).rejects.toThrow(/abort/i);
    expect(seen.map((e) => e.type)).not.toContain('turn.completed');
    // wsagent took the SIGTERM as a cancel: the call got an output, so the conversation goes on.
    const turn = await codex().resumeThread(thread.id!, threadOptions()).run('Where were we?');
    expect(turn.finalResponse).toBe('The command was cancelled.');
  });
});

/** One write and one command, with no sandboxMode: Codex's default, read-only. */
const WRITE_AND_RUN: Scenario = {
  name: 'codex-sdk-read-only',
  description: 'an edit and a command under the default sandbox',
  steps: [
    {
      calls: [
        { name: 'write_file', arguments: { path: 'made.txt', content: 'x\n' } },
        { name: 'run_command', arguments: { command: 'node -e "console.log(6*7)"', timeout_ms: null } },
      ],
    },
    { message: 'Tried both.' },
  ],
};

describe.skipIf(!Codex)(`Codex's default sandbox, read-only${skipped}`, () => {
  useSimulator(WRITE_AND_RUN);

  it.skipIf(!sandboxAvailable)(`commands run in the read-only sandbox, edits are refused, nothing changes${noSandbox}`, async () => {
    const turn = await codex().startThread({ workingDirectory: repo, model: MODEL }).run('Write made.txt and run node.');
    expect(turn.items.find((i) => i.type === 'file_change')).toMatchObject({ changes: [{ path: 'made.txt', kind: 'add' }], status: 'failed' });
    expect(turn.items.find((i) => i.type === 'command_execution')).toMatchObject({ exit_code: 0, status: 'completed' });
    expect(existsSync(join(repo, 'made.txt'))).toBe(false);
    expect(turn.finalResponse).toBe('Tried both.');
  });

  it('with no sandbox to be had, the turn stops before any request and the SDK reports why', async () => {
    const before = sim.log.responses().length;
    const thread = codex({ WSAGENT_BWRAP: '/nonexistent/bwrap' }).startThread({ workingDirectory: repo, model: MODEL });
    await expect(thread.run('Write made.txt and run node.')).rejects.toThrow(/exited with code 3: .*--sandbox danger-full-access/s);
    expect(sim.log.responses().length).toBe(before);
  });
});
