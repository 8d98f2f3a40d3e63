// Issue 24.6, a long session with a small context window (`wsagent exec --json`, several prompts on
// one socket, against a simulator that enforces the window): the context meter rises in the
// `usage` events, automatic compaction starts at 80 % of the window (the default) and not before,
// says when it starts and ends, and the request after it carries, after the compacted item, the
// user's latest request, the plan checklist and the files changed so far. Every line is checked
// against docs/json-events.schema.json.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { NOTE_PARTS, notesRepo, SMALL_WINDOW, SMALL_WINDOW_PROMPTS, SMALL_WINDOW_SCENARIO } from '../helpers/smallWindowSession.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(new URL('../../docs/json-events.schema.json', import.meta.url), 'utf8')),
);

const WINDOW = SMALL_WINDOW;
const THRESHOLD = WINDOW * 0.8;
const READS = NOTE_PARTS;

let sim: Simulator | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

type Line = Record<string, any>;

describe('context that never surprises (24.6)', () => {
  it('the meter rises, compaction starts at 80 % of the window, and the next request carries the request, the plan and the files changed', async () => {
    sim = await createSimulator({ scenario: SMALL_WINDOW_SCENARIO, contextWindow: WINDOW });
    const prompts = SMALL_WINDOW_PROMPTS;
    const configDir = mkdtempSync(join(tmpdir(), 'wsagent-ctx-'));
    const repo = notesRepo();
    dirs.push(configDir, join(repo, '..'));
    const r = await runCli(
      ['exec', '--json', '--approval', 'auto-edit', '-m', 'gpt-5.2', '--base-url', sim.baseUrl, '-C', repo, '-c', `contextWindow=${WINDOW}`, ...prompts],
      { env: { OPENAI_API_KEY: 'sk-ctx-test', WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' }, timeoutMs: 30_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events: Line[] = r.stdout
      .trim()
      .split('\n')
      .map((text) => {
        const event = JSON.parse(text) as Line;
        if (!validate(event)) throw new Error(`not in docs/json-events.schema.json: ${text.slice(0, 300)}\n${JSON.stringify(validate.errors?.slice(0, 3))}`);
        return event;
      });

    const startedAt = events.findIndex((e) => e.type === 'compaction.started');
    expect(startedAt).toBeGreaterThan(0);
    const started = events[startedAt]!;
    const completed = events.find((e) => e.type === 'compaction.completed')!;
    // The meter: every response reports the context against the window, rising turn after turn.
    const before = events.slice(0, startedAt).filter((e) => e.type === 'usage');
    expect(before.length).toBeGreaterThanOrEqual(4);
    for (const u of before) expect(u.context).toMatchObject({ window: WINDOW, percent: Math.round((u.context.tokens / WINDOW) * 100) });
    const percents = before.map((u) => u.context.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents[0]).toBeLessThan(60);
    // Not before the threshold: every response but the last before it left the context under 80 %;
    // at the threshold: the context it starts from is over it.
    for (const p of percents.slice(0, -1)) expect(p).toBeLessThan(80);
    expect(started).toMatchObject({ automatic: true, window: WINDOW, threshold: THRESHOLD, focus: null });
    expect(started.tokens).toBeGreaterThan(THRESHOLD);
    expect(started.tokens - before.at(-1)!.context.tokens).toBeLessThan(WINDOW * 0.15); // one turn's growth, not several
    expect(completed).toMatchObject({ automatic: true, tokensBefore: started.tokens, carriedOver: 1 });
    expect(completed.tokensAfter).toBeLessThan(started.tokens / 2);
    // The meter after it starts from the compacted context, which the compaction's figure foretold.
    const after = events.slice(startedAt).find((e) => e.type === 'usage')!;
    expect(after.context.percent).toBeLessThan(40);
    expect(Math.abs(after.input - completed.tokensAfter)).toBeLessThan(after.input * 0.25);

    // On the wire: no request over the window was ever sent (none refused), the compaction was
    // made over HTTP, and the request after it starts a new chain from the compacted item followed
    // by what was put back.
    const log = sim.log.entries;
    expect(log.filter((e) => e.errorCode === 'context_length_exceeded')).toEqual([]);
    const compactAt = log.findIndex((e) => e.kind === 'compact');
    const served = log.slice(0, compactAt).filter((e) => e.kind === 'response' && e.generate);
    for (const e of served) expect(e.usage!.input).toBeLessThanOrEqual(THRESHOLD);
    const next = log.slice(compactAt + 1).find((e) => e.kind === 'response' && e.generate)!;
    expect(next).toMatchObject({ inputMode: 'compacted', previousResponseId: null });
    const compaction = next.inputTypes.indexOf('compaction');
    expect(compaction).toBeGreaterThan(0);
    expect(next.inputTypes.slice(compaction + 1)).toEqual(['message']);
    expect(next.developerTexts).toHaveLength(1);
    const carried = next.developerTexts![0]!;
    // The prompt of the turn the compaction happened in.
    const latest = events
      .slice(0, startedAt)
      .filter((e) => e.type === 'turn.started')
      .at(-1)!.prompt;
    expect(carried).toContain(`The user's latest request:\n${latest}`);
    expect(carried).toContain('[x] Write the parser\n[>] Read the notes\n[ ] Summarise them');
    expect(carried).toContain('Files changed so far:\nsrc/parser.js');
    // The session goes on to the end of the script.
    expect(events.at(-1)).toMatchObject({ type: 'session.completed', status: 'completed', finalMessage: `Read part ${READS}.` });
  });
});
