// What `wsagent exec` really sends (issue 10.1, 10.2), recorded by a pass-through proxy in front of the
// simulator: for a GPT-5 session `reasoning` (with the --reasoning-effort given), `include`,
// `prompt_cache_key` = the session id and `parallel_tool_calls` on every request, warm-up included, on
// both transports; after a forced reconnect the new chain replays every reasoning item with its
// encrypted content (the simulator refuses id-only or forged ones); gpt-4.1 gets no `reasoning`.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';
import { type Gateway, startGateway } from '../helpers/gatewayProxy.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

let sim: Simulator | undefined;
let proxy: Gateway | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await sim?.close();
  sim = undefined;
});

const PROMPT = 'npm test fails with Unknown variable "discount" although the test passes discount: 0. Please fix that.';

async function run(args: string[]): Promise<{ code: number | null; sessionId: string; stdout: string; stderr: string }> {
  const env = { OPENAI_API_KEY: 'sk-reasoning-test', WSAGENT_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'wsagent-rs-')), OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
  const r = await runCli(['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', proxy!.baseUrl, '-C', copyCalcJs(), ...args, PROMPT], {
    env,
    timeoutMs: 60_000,
  });
  const started = r.stdout.split('\n').find((l) => l.includes('"session.started"'));
  return { ...r, sessionId: started ? (JSON.parse(started) as { sessionId: string }).sessionId : '' };
}

describe('requests of wsagent exec', () => {
  it('GPT-5 over the socket with a forced reconnect: the fields on every request, reasoning replayed with its encrypted content', async () => {
    sim = await createSimulator({ scenario: 'short', faults: ['drop@4,at=start'] });
    proxy = await startGateway(sim);
    const r = await run(['--transport', 'ws', '-m', 'gpt-5.2', '--reasoning-effort', 'high']);
    expect(r.code).toBe(0);
    const frames = proxy.bodies.filter((b) => b.kind === 'ws').map((b) => b.json);
    const log = sim.log.responses();
    expect(frames.length).toBe(log.length);
    expect(log.some((e) => e.status === 'dropped')).toBe(true);
    expect(new Set(log.map((e) => e.connectionId)).size).toBe(2);
    expect(frames[0]!.generate).toBe(false);
    for (const frame of frames) {
      expect(frame).toMatchObject({
        type: 'response.create',
        model: 'gpt-5.2',
        reasoning: { effort: 'high', summary: 'auto' },
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: r.sessionId,
        parallel_tool_calls: true,
      });
    }
    expect(r.sessionId).not.toBe('');
    // The replay on the new connection: a new chain, every earlier response's reasoning item in it, sealed.
    const replayIndex = log.findIndex((e) => e.connectionId === 2);
    const replay = frames[replayIndex]!;
    expect(replay.previous_response_id).toBeUndefined();
    const input = replay.input as Array<Record<string, unknown>>;
    const reasoning = input.filter((i) => i.type === 'reasoning');
    const earlier = log.slice(0, replayIndex).filter((e) => e.status === 'completed' && e.generate).length;
    expect(reasoning.length).toBe(earlier);
    for (const item of reasoning) {
      expect(typeof item.encrypted_content).toBe('string');
      expect(item).not.toHaveProperty('id');
    }
    // Each reasoning item sits right before the call it led to, as the model emitted them.
    for (const [i, item] of input.entries()) if (item.type === 'reasoning') expect(input[i + 1]!.type).toBe('function_call');
    expect(log[replayIndex]).toMatchObject({ status: 'completed', inputMode: 'full' });
  });

  it('GPT-5 over HTTP: every POST carries them too', async () => {
    sim = await createSimulator({ scenario: 'short' });
    proxy = await startGateway(sim);
    const r = await run(['--transport', 'http', '-m', 'gpt-5-mini']);
    expect(r.code).toBe(0);
    const posts = proxy.bodies.filter((b) => b.kind === 'http' && b.path === '/v1/responses').map((b) => b.json);
    expect(posts.length).toBe(5);
    for (const body of posts) {
      expect(body).toMatchObject({
        reasoning: { summary: 'auto' },
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: r.sessionId,
        parallel_tool_calls: true,
        stream: true,
      });
      expect(body.reasoning).not.toHaveProperty('effort');
    }
    // Every request after the first resends the reasoning so far (HTTP, store:false: always a new chain).
    expect((posts.at(-1)!.input as Array<{ type: string }>).filter((i) => i.type === 'reasoning')).toHaveLength(4);
  });

  it('gpt-4.1: no reasoning, include or text; the cache key still', async () => {
    sim = await createSimulator({ scenario: 'short' });
    proxy = await startGateway(sim);
    const r = await run(['--transport', 'ws', '-m', 'gpt-4.1', '--reasoning-effort', 'high']);
    expect(r.code).toBe(0);
    const frames = proxy.bodies.map((b) => b.json);
    expect(frames.length).toBe(6);
    for (const frame of frames) {
      expect(frame).not.toHaveProperty('reasoning');
      expect(frame).not.toHaveProperty('include');
      expect(frame).not.toHaveProperty('text');
      expect(frame).toMatchObject({ prompt_cache_key: r.sessionId, parallel_tool_calls: true });
    }
  });
});
