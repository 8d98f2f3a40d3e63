// The TUI with a reasoning model (issue 10.1): the streamed reasoning summary is on screen, and
// `/effort high` between turns changes what the next request sends — `reasoning.effort: "high"`, as a
// new chain — as recorded on the wire by a pass-through proxy. The real CLI in a tmux terminal.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { hasTmux, tmuxScreen } from '../helpers/tmux.js';
import { type Gateway, startGateway } from '../helpers/gatewayProxy.js';

const SESSION = `wsagent-effort-${process.pid}`;
let sim: Simulator | undefined;
let proxy: Gateway | undefined;
afterEach(async () => {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  await proxy?.close();
  await sim?.close();
});

const { keys, waitFor } = tmuxScreen(SESSION, 20_000);

describe.skipIf(!hasTmux)('the TUI with a reasoning model', () => {
  it('shows the streamed reasoning summary; /effort high makes the next request a new chain with effort high', async () => {
    sim = await createSimulator({
      scenario: {
        name: 'think-twice',
        description: 'two answers, each after some reasoning',
        steps: [
          { reasoning: 'Weighing debounce against throttle first.', message: 'Debounce waits for quiet; throttle limits the rate.' },
          { reasoning: 'Considering leading and trailing edges.', message: 'Use leading edge for instant feedback.' },
        ],
      },
    });
    proxy = await startGateway(sim);
    const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-effort-'));
    const command = `OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --base-url ${proxy.baseUrl} -m gpt-5.2; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '110', '-y', '40', command]);
    await waitFor((s) => s.includes('›') && /ws ● open/.test(s), 'the prompt and an open socket');

    keys('debounce or throttle?', 'Enter');
    await waitFor(
      (s) => s.includes('Weighing debounce against throttle first.') && s.includes('Debounce waits for quiet'),
      'the reasoning summary and the answer',
    );

    keys('/effort high', 'Enter');
    await waitFor((s) => s.includes('reasoning effort set to high'), 'the /effort notice');
    keys('and the edges?', 'Enter');
    await waitFor((s) => s.includes('Considering leading and trailing edges.') && s.includes('Use leading edge'), 'the second summary and answer');

    const frames = proxy.bodies.map((b) => b.json).filter((f) => f.generate !== false);
    expect(frames).toHaveLength(2);
    expect(frames[0]!.reasoning).toEqual({ summary: 'auto' });
    expect(frames[1]!.reasoning).toEqual({ effort: 'high', summary: 'auto' });
    expect(frames[1]!.previous_response_id).toBeUndefined();
    expect(
      sim.log
        .responses()
        .filter((e) => e.generate)
        .map((e) => e.inputMode),
    ).toEqual(['incremental', 'full']);
  }, 90_000);
});
