// /fork on a server without lanes (a classic server: stream_id is an unknown parameter), in process
// on the real agent app: the fork's first request probes a lane, is refused, and the conversation
// goes on in the fork on the default lane of the same socket with one new chain (the refused
// continuation evicted the response under store:false), nothing lost and no error for the user.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import { type AgentApp, createAgentApp } from '../../src/cli/agentApp.js';
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

describe('/fork without lanes', () => {
  it('the refused lane probe leaves the fork on the default lane with one new chain carrying the whole conversation', async () => {
    sim = await createSimulator({ scenario: 'chat', lanes: false });
    const settings = {
      ...resolveSettings({}, {}, {}).settings,
      apiKey: 'sk-fork',
      baseUrl: sim.baseUrl,
      sandbox: sandboxSetting,
      model: 'gpt-4.1',
      transport: 'ws' as const,
    };
    const events: AgentEvent[] = [];
    const config = temp('wsagent-fork-nolanes-config-');
    app = await createAgentApp({ settings, cwd: temp('wsagent-fork-nolanes-repo-'), configDir: config, approver: null, onEvent: (e) => events.push(e) });
    expect(await app.agent.runTurn('first question')).toMatchObject({ status: 'completed' });
    const original = app.sessionId;
    const before = readFileSync(join(config, 'sessions', `${original}.jsonl`));

    const forked = await app.fork();
    expect(forked).toMatchObject({ previous: original, lane: `fork-${forked.id.slice(-8)}` });
    expect(await app.agent.runTurn('second question')).toMatchObject({ status: 'completed' });

    const carrying = sim.log.entries.filter((e) => e.kind === 'response' && e.userTexts?.at(-1) === 'second question');
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
});
