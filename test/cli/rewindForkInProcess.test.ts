// Rewind and fork in process, on the real agent app (simulator, git repository, session file).
// Rewind's other two ways back: "files only" restores from the turns' undo records and, as /undo,
// leaves a file the user changed since alone and names it; "conversation only" leaves the files and
// goes on from before the prompt — continued from the earlier response itself (previous_response_id)
// when the server stores responses. Every session.rewound event matches the documented schema.
// /fork on a server without lanes (stream_id an unknown parameter): the fork's first request probes
// a lane, is refused, and the conversation goes on in the fork on the default lane of the same
// socket with one new chain (the refused continuation evicted the response under store:false),
// nothing lost and no error for the user. With lanes, a rewind in the fork to the fork point
// continues that response directly: it is still the latest of the lane the fork left, so naming it
// forks it again (no context resent).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import { type AgentApp, createAgentApp } from '../../src/cli/agentApp.js';
import { listRewindPoints, rewindSession } from '../../src/cli/rewindSession.js';
import { resolveSettings } from '../../src/config/settings.js';
import { createSimulator, type RequestLogEntry, type Simulator } from '../../src/simulator/index.js';
import { commitAll } from '../helpers/fixtureRepo.js';
import { sandboxSetting } from '../helpers/sandboxAvailable.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(new URL('../../docs/json-events.schema.json', import.meta.url), 'utf8')),
);

let sim: Simulator | undefined;
let app: AgentApp | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await app?.close();
  await sim?.close();
  app = sim = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The simulator logs a request just after its last event, which the client may have acted on already: waits for `count` entries. */
async function logged(predicate: (e: RequestLogEntry) => boolean, count = 1): Promise<RequestLogEntry[]> {
  return vi.waitFor(
    () => {
      const found = sim!.log.entries.filter(predicate);
      if (found.length < count) throw new Error(`${found.length} of ${count} requests logged`);
      return found;
    },
    { timeout: 10_000, interval: 20 },
  );
}

const temp = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

/** The agent app on a new repository and data directory, against the simulator as it is. */
async function startApp(options: { store?: boolean; repo?: string } = {}): Promise<{ config: string; events: AgentEvent[] }> {
  const settings = {
    ...resolveSettings({}, {}, {}).settings,
    apiKey: 'sk-rewind',
    baseUrl: sim!.baseUrl,
    approval: 'full-auto' as const,
    sandbox: sandboxSetting,
    model: 'gpt-4.1',
    transport: 'ws' as const,
    store: options.store ?? false,
  };
  const events: AgentEvent[] = [];
  const config = temp('wsagent-rewind-config-');
  const cwd = options.repo ?? temp('wsagent-rewind-repo-');
  app = await createAgentApp({ settings, cwd, configDir: config, approver: null, onEvent: (e) => events.push(e) });
  return { config, events };
}

/** Turn 1 writes a.txt; turn 2 writes a.txt and b.txt; later prompts get an answer. */
async function twoTurns(store: boolean): Promise<{ repo: string; events: AgentEvent[] }> {
  sim = await createSimulator({
    scenario: {
      name: 'two-turns',
      description: 'two turns that write files',
      steps: [
        { calls: [{ name: 'write_file', arguments: { path: 'a.txt', content: 'a1\n' } }] },
        { message: 'Turn one done.' },
        {
          calls: [
            { name: 'write_file', arguments: { path: 'a.txt', content: 'a2\n' } },
            { name: 'write_file', arguments: { path: 'b.txt', content: 'b2\n' } },
          ],
        },
        { message: 'Turn two done.' },
      ],
      after_end: 'Answered: {{latest_user_message}}',
    },
  });
  const repo = temp('wsagent-rewind-repo-');
  writeFileSync(join(repo, 'a.txt'), 'a0\n');
  writeFileSync(join(repo, 'b.txt'), 'b0\n');
  commitAll(repo);
  const { events } = await startApp({ store, repo });
  expect(await app!.agent.runTurn('first')).toMatchObject({ status: 'completed', finalMessage: 'Turn one done.' });
  expect(await app!.agent.runTurn('second')).toMatchObject({ status: 'completed', finalMessage: 'Turn two done.' });
  return { repo, events };
}

const rewound = (events: AgentEvent[]) => {
  const event = events.find((e) => e.type === 'session.rewound');
  expect(validate({ ...event, timestamp: new Date().toISOString() }), JSON.stringify(validate.errors)).toBe(true);
  return event;
};

describe('rewind: files only, conversation only', () => {
  it('files only: restores what the turn left as it was, names the file changed since, keeps the conversation', async () => {
    const { repo, events } = await twoTurns(false);
    const parts = { session: app!.session, snapshots: app!.snapshots, sessionId: app!.sessionId, emit: (e: AgentEvent) => events.push(e) };
    writeFileSync(join(repo, 'b.txt'), 'b2, then the user\n');
    const items = app!.session.ledger.length;
    const outcome = await rewindSession(parts, 2, 'files');
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('a1\n');
    expect(readFileSync(join(repo, 'b.txt'), 'utf8')).toBe('b2, then the user\n');
    expect(outcome.files?.map((r) => [r.turn, r.restored, r.conflicts])).toEqual([[2, ['a.txt'], ['b.txt']]]);
    expect(app!.session.ledger.length).toBe(items);
    expect(listRewindPoints(app!.session).map((p) => p.prompt)).toEqual(['second', 'first']);
    expect(rewound(events)).toMatchObject({
      mode: 'files',
      turn: 2,
      prompt: 'second',
      keptItems: null,
      files: { turns: [2], restored: ['a.txt'], removed: [], conflicts: ['b.txt'] },
    });
  });

  it('conversation only, store:true: the files stay, and the next request continues the response before the prompt', async () => {
    const { repo, events } = await twoTurns(true);
    const parts = { session: app!.session, snapshots: app!.snapshots, sessionId: app!.sessionId, emit: (e: AgentEvent) => events.push(e) };
    // The response that ended turn 1: the last request completed before turn 1 completed.
    const turnOneDone = events.findIndex((e) => e.type === 'turn.completed' && e.turn === 1);
    const firstTurnEnd = events
      .slice(0, turnOneDone)
      .filter((e) => e.type === 'request.completed')
      .at(-1)!.stats.responseId;
    await rewindSession(parts, 2, 'conversation');
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('a2\n');
    expect(rewound(events)).toMatchObject({ mode: 'conversation', turn: 2, keptItems: 4, files: null });

    expect(await app!.agent.runTurn('second, differently')).toMatchObject({ status: 'completed' });
    const request = sim!.log.responses().find((e) => e.userTexts?.at(-1) === 'second, differently')!;
    expect(request).toMatchObject({ inputMode: 'incremental', previousResponseId: firstTurnEnd, userTexts: ['second, differently'] });
  });
});

describe('/fork in process', () => {
  it('without lanes: the refused lane probe leaves the fork on the default lane with one new chain carrying the whole conversation', async () => {
    sim = await createSimulator({ scenario: 'chat', lanes: false });
    const { config, events } = await startApp();
    const app = forkable();
    expect(await app.agent.runTurn('first question')).toMatchObject({ status: 'completed' });
    const original = app.sessionId;
    const before = readFileSync(join(config, 'sessions', `${original}.jsonl`));

    const forked = await app.fork();
    expect(forked).toMatchObject({ previous: original, lane: `fork-${forked.id.slice(-8)}` });
    expect(await app.agent.runTurn('second question')).toMatchObject({ status: 'completed' });

    const carrying = await logged((e) => e.kind === 'response' && e.userTexts?.at(-1) === 'second question', 2);
    expect(carrying.map((e) => [e.streamId, e.status, e.errorCode])).toEqual([
      [forked.lane, 'error', 'unknown_parameter'],
      [null, 'completed', null],
    ]);
    expect(carrying[1]).toMatchObject({ inputMode: 'full', previousResponseId: null, connectionId: carrying[0]!.connectionId });
    expect(carrying[1]!.userTexts).toEqual(['first question', 'second question']);
    expect(events.filter((e) => e.type === 'error' && e.fatal)).toEqual([]);
    expect(readFileSync(join(config, 'sessions', `${original}.jsonl`)).equals(before)).toBe(true);
    expect(readFileSync(join(config, 'sessions', `${forked.id}.jsonl`), 'utf8')).toContain('second question');
  });

  it('with lanes: a rewind in the fork to the fork point continues the response the fork left on the default lane', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const { events } = await startApp();
    const app = forkable();
    expect(await app.agent.runTurn('first question')).toMatchObject({ status: 'completed' });
    const forked = await app.fork();
    expect(await app.agent.runTurn('second question')).toMatchObject({ status: 'completed' });
    const forkPoint = (await logged((e) => e.userTexts?.at(-1) === 'second question'))[0]!.previousResponseId;
    await rewindSession({ session: app.session, snapshots: app.snapshots, sessionId: app.sessionId, emit: (e) => events.push(e) }, 2, 'conversation');
    expect(await app.agent.runTurn('second, differently')).toMatchObject({ status: 'completed' });
    const [request] = await logged((e) => e.userTexts?.at(-1) === 'second, differently');
    expect(request).toMatchObject({ streamId: forked.lane, previousResponseId: forkPoint, forked: true, inputMode: 'incremental', status: 'completed' });
    expect(request!.userTexts).toEqual(['second, differently']);
  });
});

function forkable(): AgentApp {
  if (!app) throw new Error('no app');
  return app;
}
