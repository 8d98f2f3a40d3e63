// Issue 24.6 in the real TUI: the status bar's context meter rises turn after turn against a small
// window, and `/compact FOCUS` says in the transcript when it starts and ends, sends the focus in
// the compaction request (the simulator's log) and to the PreCompact hook, and brings the meter down.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { notesRepo, SMALL_WINDOW, SMALL_WINDOW_PROMPTS, SMALL_WINDOW_SCENARIO } from '../helpers/smallWindowSession.js';
import { hasTmux, tuiTestSession } from '../helpers/tmux.js';

let sim: Simulator | undefined;
const closeSimulator = async (): Promise<void> => {
  await sim?.close();
  sim = undefined;
};
const { session: SESSION, dirs, keys, waitFor, type: literal } = tuiTestSession('wsagent-context', { timeoutMs: 20_000, cleanup: closeSimulator });
const meter = (screen: string): number | null => {
  const match = /ctx (\d+) %/.exec(screen);
  return match ? Number(match[1]) : null;
};

describe.skipIf(!hasTmux)('the context meter and /compact in the TUI', () => {
  it('ctx N % rises turn after turn; /compact FOCUS reports start and end, reaches the wire and lowers the meter', async () => {
    sim = await createSimulator({ scenario: SMALL_WINDOW_SCENARIO, contextWindow: SMALL_WINDOW });
    const repo = notesRepo();
    const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-context-config-'));
    dirs.push(join(repo, '..'), config);
    // A PreCompact hook of the user's that writes down what it was told.
    const told = join(config, 'precompact.json');
    const hook = join(config, 'precompact.mjs');
    writeFileSync(
      hook,
      `import { writeFileSync } from 'node:fs';\nlet raw = '';\nfor await (const c of process.stdin) raw += c;\nwriteFileSync(${JSON.stringify(told)}, raw);\n`,
    );
    writeFileSync(
      join(config, 'config.json'),
      JSON.stringify({ hooks: { PreCompact: [{ hooks: [{ type: 'command', command: `"${process.execPath}" "${hook}"` }] }] } }),
    );
    const env = `OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} WSAGENT_CONTEXT_WINDOW=${SMALL_WINDOW}`;
    const command = `cd ${repo} && ${env} node ${BIN} --base-url ${sim.baseUrl} -m gpt-5.2 --approval auto-edit; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '170', '-y', '45', command]);
    await waitFor((s) => /ws ● open/.test(s), 'the prompt and an open socket');

    const seen: number[] = [];
    const answers = ['The parser is written.', 'Read part 1.', 'Read part 2.'];
    for (const [i, answer] of answers.entries()) {
      literal(SMALL_WINDOW_PROMPTS[i]!);
      keys('Enter');
      const screen = await waitFor((s) => s.includes(answer) && meter(s) !== null && meter(s) !== seen.at(-1), `"${answer}" and a new meter reading`);
      seen.push(meter(screen)!);
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen.at(-1)).toBeGreaterThan(seen[0]!);

    literal('/compact the notes read so far');
    keys('Enter');
    const screen = await waitFor((s) => /✓ compacted \S+ → \S+ tokens in /.test(s), 'the end of the compaction');
    expect(screen).toMatch(/⇣ compacting the conversation: \S+ tokens, \d+ % of 16k, keeping the focus on "the notes read so far"…/);
    expect(screen).toContain('the latest request, the plan and the files changed were put back after it');
    const compact = sim.log.entries.find((e) => e.kind === 'compact')!;
    expect(compact.instructions).toMatch(/Compaction focus, from the user: keep what concerns the notes read so far$/);
    expect(meter(screen)).toBeLessThan(seen.at(-1)!);
    expect(JSON.parse(readFileSync(told, 'utf8'))).toMatchObject({
      hook_event_name: 'PreCompact',
      trigger: 'manual',
      custom_instructions: 'the notes read so far',
    });
  });
});
