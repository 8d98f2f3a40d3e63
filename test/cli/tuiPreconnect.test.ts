// Pre-connect in the real TUI (tmux): the socket opens and the generate:false warm-up goes out while
// the prompt is still empty, and the first turn's first request chains from that warm-up; the same
// after --resume, where the warm-up carries the saved conversation.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { hasTmux, tmuxScreen } from '../helpers/tmux.js';

const SESSION = `wsagent-preconnect-${process.pid}`;
let sim: Simulator | undefined;
afterEach(async () => {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  await sim?.close();
});

const { keys, waitFor } = tmuxScreen(SESSION);

async function until(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!hasTmux)('pre-connect in the TUI', () => {
  it('warms up before the first prompt is typed, and the first request chains from it; after --resume too', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const config = mkdtempSync(join(tmpdir(), 'wsagent-preconnect-'));
    const start = (extra: string): void => {
      spawnSync('tmux', ['kill-session', '-t', SESSION]);
      const command = `OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --base-url ${sim!.baseUrl} ${extra}; sleep 30`;
      execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '100', '-y', '35', command]);
    };

    start('');
    await waitFor((s) => s.includes('›'), 'the prompt');
    // Nothing typed yet: the warm-up has already been served.
    await until(() => sim!.log.responses().length === 1, 'the warm-up');
    const warm = sim.log.responses()[0]!;
    expect(warm).toMatchObject({ generate: false, inputItems: 0, status: 'completed' });

    keys('What is the difference between debounce and throttle?', 'Enter');
    await waitFor((s) => s.includes('Debounce waits for a quiet period'), 'the answer');
    const first = sim.log.responses()[1]!;
    expect(first).toMatchObject({
      generate: true,
      inputMode: 'incremental',
      continuedFromCache: true,
      previousResponseId: warm.responseId,
      connectionId: warm.connectionId,
      inputItems: 1,
    });
    keys('/quit', 'Enter'); // the session file is written line by line as items arrive: nothing to wait for

    start('--resume last');
    await waitFor((s) => s.includes('›'), 'the resumed prompt');
    await until(() => sim!.log.responses().length === 3, 'the resumed warm-up');
    const rewarm = sim.log.responses()[2]!;
    // A new socket, a new chain: the warm-up carries the saved conversation (prompt and answer).
    expect(rewarm).toMatchObject({ generate: false, inputMode: 'full', status: 'completed' });
    expect(rewarm.connectionId).not.toBe(warm.connectionId);
    expect(rewarm.inputItems).toBeGreaterThanOrEqual(2);

    keys('And which one for a search box?', 'Enter');
    await until(() => sim!.log.responses().length === 4, 'the resumed first request');
    expect(sim.log.responses()[3]).toMatchObject({
      generate: true,
      inputMode: 'incremental',
      continuedFromCache: true,
      previousResponseId: rewarm.responseId,
      inputItems: 1,
    });
  }, 60_000);
});
