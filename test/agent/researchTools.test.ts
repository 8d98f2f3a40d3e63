// view_image and the hosted web_search tool, round-tripped against the simulator over both
// transports: the image reaches the server as an input_image part of the tool output, the search
// comes back as a web_search_call item ("searched: …") and the answer's url_citation annotations
// as citations; after a forced reconnect (ws) and on every full-context request (http), the chain
// is replayed under store:false with the search item in the form the server accepts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import type { Tool } from '../../src/protocol/index.js';
import { SessionFile } from '../../src/session/index.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { createToolRegistry } from '../../src/tools/index.js';
import { webSearchTools } from '../../src/tools/webSearchTool.js';
import { createHarness, type Harness } from '../helpers/agentHarness.js';
import { TINY_PNG } from '../helpers/images.js';

let sim: Simulator | undefined;
let harness: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await sim?.close();
  sim = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wsagent-research-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'screenshot.png'), TINY_PNG);
  return dir;
}

let sessionFile: SessionFile | undefined;

async function researchHarness(transport: 'ws' | 'http', webSearch: 'cached' | 'live' | 'off', sessionDir?: string): Promise<Harness> {
  sim = await createSimulator({ scenario: 'research' });
  const tools = [...createToolRegistry().definitions(), ...webSearchTools(webSearch)] as unknown as Tool[];
  const root = workspace();
  sessionFile = sessionDir ? SessionFile.create(sessionDir, { model: 'gpt-5.2', cwd: root }) : undefined;
  return createHarness(sim, root, { session: { transport, tools, ...(sessionFile && { sessionFile }) } });
}

const ofType = <T extends AgentEvent['type']>(events: AgentEvent[], type: T) => events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);

describe.each(['ws', 'http'] as const)('view_image and web_search over %s', (transport) => {
  it('sends the image, shows the search and its citations, and replays them in a new chain', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wsagent-research-data-'));
    dirs.push(dataDir);
    harness = await researchHarness(transport, 'cached', dataDir);
    const first = await harness.agent.runTurn('The cards in screenshot.png touch each other in Safari. Is that a known bug?');
    expect(first.status).toBe('completed');

    // The tool output went up as content parts with the picture in them, and the server took it.
    const [, answered] = sim!.log.responses().filter((e) => e.generate);
    expect(answered?.toolOutputImages).toBe(1);
    expect(answered?.status).toBe('completed');
    expect(answered?.step).toBe(1);
    const image = ofType(harness.events, 'tool.completed').find((e) => e.name === 'view_image');
    expect(image).toMatchObject({ ok: true, output: 'screenshot.png: PNG image, 68 bytes' });

    // The request offered the hosted search, cached only (Codex's `cached`).
    const searches = ofType(harness.events, 'web_search');
    expect(searches).toHaveLength(1);
    expect(searches[0]).toMatchObject({ status: 'completed', action: { type: 'search', query: 'safari flexbox gap not working' } });
    expect(searches[0]!.display).toBe('searched: safari flexbox gap not working');
    const done = ofType(harness.events, 'assistant.done').at(-1)!;
    expect(done.citations?.map((c) => [c.url, c.text])).toEqual([
      ['https://caniuse.com/flexbox-gap', 'Safari before 14.1 ignores the gap property in flex layouts'],
      ['https://webkit.org/blog/11648/', 'Safari 14.1 added flexbox gap'],
    ]);

    // The session file keeps the search item and the annotated answer.
    const sessionText = readFileSync(sessionFile!.path, 'utf8');
    expect(sessionText).toContain('"type":"web_search_call"');
    expect(sessionText).toContain('"type":"url_citation"');

    // The next request is cut before any event (ws: the socket dies; http: the stream): the turn is
    // replayed as a new chain with the full context.
    sim!.injectFault(`drop@${sim!.log.responses().length + 1},at=start`);
    const before = sim!.log.responses().length;
    const second = await harness.agent.runTurn('Which Safari version should our browserslist require then?');
    expect(second.status).toBe('completed');
    expect(second.finalMessage).toContain('Require Safari 14.1 or later');
    const replayed = sim!.log
      .responses()
      .slice(before)
      .filter((e) => e.status === 'completed' && e.generate);
    expect(replayed.at(-1)).toMatchObject({ inputMode: 'full', step: 2 });
    expect(replayed.at(-1)!.inputTypes).toEqual(expect.arrayContaining(['function_call_output', 'web_search_call', 'message']));
    expect(replayed.at(-1)!.toolOutputImages).toBe(1);
    expect(ofType(harness.events, 'recovery').length).toBeGreaterThan(0);
    expect(sim!.log.responses().slice(before)[0]).toMatchObject({ fault: 'drop' });
  }, 20_000);
});

describe('the hosted web_search tool', () => {
  it('is offered as Codex offers it: cached without live fetching, live with it, off not at all', () => {
    expect(webSearchTools('cached')).toEqual([{ type: 'web_search', external_web_access: false }]);
    expect(webSearchTools('live')).toEqual([{ type: 'web_search', external_web_access: true }]);
    expect(webSearchTools('off')).toEqual([]);
  });

  it('is not offered when webSearch is off: the model answers without searching or citing', async () => {
    harness = await researchHarness('ws', 'off');
    await harness.agent.runTurn('The cards in screenshot.png touch each other in Safari. Is that a known bug?');
    expect(ofType(harness.events, 'web_search')).toHaveLength(0);
    expect(ofType(harness.events, 'assistant.done').at(-1)?.citations).toBeUndefined();
  });
});
