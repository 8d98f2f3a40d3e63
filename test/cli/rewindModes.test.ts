// The rewind's other two ways back, in process on the real agent app (simulator, git repository,
// session file): "files only" restores from the turns' undo records and, as /undo, leaves a file
// the user changed since alone and names it; "conversation only" leaves the files and goes on from
// before the prompt — continued from the earlier response itself (previous_response_id) when the
// server stores responses. Every session.rewound event matches the documented schema.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import { type AgentApp, createAgentApp } from '../../src/cli/agentApp.js';
import { listRewindPoints, rewindSession } from '../../src/cli/rewindSession.js';
import { resolveSettings } from '../../src/config/settings.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
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

const temp = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

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
  const repo = temp('wsagent-rewind-modes-repo-');
  writeFileSync(join(repo, 'a.txt'), 'a0\n');
  writeFileSync(join(repo, 'b.txt'), 'b0\n');
  commitAll(repo);
  const settings = {
    ...resolveSettings({}, {}, {}).settings,
    apiKey: 'sk-rewind',
    baseUrl: sim.baseUrl,
    approval: 'full-auto' as const,
    sandbox: sandboxSetting,
    model: 'gpt-4.1',
    transport: 'ws' as const,
    store,
  };
  const events: AgentEvent[] = [];
  app = await createAgentApp({ settings, cwd: repo, configDir: temp('wsagent-rewind-modes-config-'), approver: null, onEvent: (e) => events.push(e) });
  expect(await app.agent.runTurn('first')).toMatchObject({ status: 'completed', finalMessage: 'Turn one done.' });
  expect(await app.agent.runTurn('second')).toMatchObject({ status: 'completed', finalMessage: 'Turn two done.' });
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
