// /fork in process on the real agent app. On a server without lanes (stream_id an unknown
// parameter) the fork's first request probes a lane, is refused, and the conversation goes on in
// the fork on the default lane of the same socket with one new chain (the refused continuation
// evicted the response under store:false), nothing lost and no error for the user. On a server with
// lanes, a rewind in the fork to the fork point continues that response directly: it is still the
// latest of the lane the fork left, so naming it forks it again (no context resent).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import { type AgentApp, createAgentApp } from '../../src/cli/agentApp.js';
import { rewindSession } from '../../src/cli/rewindSession.js';
import { resolveSettings } from '../../src/config/settings.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { sandboxSetting } from '../helpers/sandboxAvailable.js';

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

async function startApp(lanes: boolean): Promise<{ config: string; events: AgentEvent[] }> {
  sim = await createSimulator({ scenario: 'chat', lanes });
  const settings = {
    ...resolveSettings({}, {}, {}).settings,
    apiKey: 'sk-fork',
    baseUrl: sim.baseUrl,
    sandbox: sandboxSetting,
    model: 'gpt-4.1',
    transport: 'ws' as const,
  };
  const events: AgentEvent[] = [];
  const config = temp('wsagent-fork-config-');
  app = await createAgentApp({ settings, cwd: temp('wsagent-fork-repo-'), configDir: config, approver: null, onEvent: (e) => events.push(e) });
  expect(await app.agent.runTurn('first question')).toMatchObject({ status: 'completed' });
  return { config, events };
}

describe('/fork in process', () => {
  it('without lanes: the refused lane probe leaves the fork on the default lane with one new chain carrying the whole conversation', async () => {
    const { config, events } = await startApp(false);
    const app = globalApp();
    const original = app.sessionId;
    const before = readFileSync(join(config, 'sessions', `${original}.jsonl`));

    const forked = await app.fork();
    expect(forked).toMatchObject({ previous: original, lane: `fork-${forked.id.slice(-8)}` });
    expect(await app.agent.runTurn('second question')).toMatchObject({ status: 'completed' });

    const carrying = sim!.log.entries.filter((e) => e.kind === 'response' && e.userTexts?.at(-1) === 'second question');
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
    const { events } = await startApp(true);
    const app = globalApp();
    const forked = await app.fork();
    expect(await app.agent.runTurn('second question')).toMatchObject({ status: 'completed' });
    const forkPoint = sim!.log.responses().find((e) => e.userTexts?.at(-1) === 'second question')!.previousResponseId;
    await rewindSession({ session: app.session, snapshots: app.snapshots, sessionId: app.sessionId, emit: (e) => events.push(e) }, 2, 'conversation');
    expect(await app.agent.runTurn('second, differently')).toMatchObject({ status: 'completed' });
    const request = sim!.log.responses().find((e) => e.userTexts?.at(-1) === 'second, differently')!;
    expect(request).toMatchObject({ streamId: forked.lane, previousResponseId: forkPoint, forked: true, inputMode: 'incremental', status: 'completed' });
    expect(request.userTexts).toEqual(['second, differently']);
  });
});

function globalApp(): AgentApp {
  if (!app) throw new Error('no app');
  return app;
}
