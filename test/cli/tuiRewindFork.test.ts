// Rewind and fork in the real TUI (issue 24, points 1 and 2), as a person does them, against the
// simulator in this process. Rewind: three prompts each rewrite a.txt; Esc Esc, the second prompt
// in the list, "conversation and files": a.txt is back as it was before that turn, the prompt is in
// the editor, the next request's context ends before it (request log), and `--resume` goes on from
// the rewound path. Fork: /fork leaves the original session file as it was, and the fork's first
// request forks from the current response onto a new lane of the same socket.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulator, type RequestLogEntry, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { BIN, runCli } from '../helpers/cli.js';
import { commitAll } from '../helpers/fixtureRepo.js';
import { tmuxBwrapEnv } from '../helpers/sandboxAvailable.js';
import { hasTmux, tuiTestSession } from '../helpers/tmux.js';

let sim: Simulator | undefined;
const closeSimulator = async (): Promise<void> => {
  await sim?.close();
  sim = undefined;
};
const { session: SESSION, dirs, keys, waitFor, type: literal } = tuiTestSession('wsagent-rewind', { timeoutMs: 30_000, cleanup: closeSimulator });

/** Each turn writes a.txt (its version counts the model's responses so far), then says what it did. */
const write = (version: string) => ({ calls: [{ name: 'write_file', arguments: { path: 'a.txt', content: `${version}\n` } }] });
const SCENARIO: Scenario = {
  name: 'rewrites',
  description: 'every prompt rewrites a.txt',
  steps: [
    write('v1'),
    { message: 'Done: {{latest_user_message}}' },
    write('v2'),
    { message: 'Done: {{latest_user_message}}' },
    write('v3'),
    { message: 'Done: {{latest_user_message}}' },
  ],
  after_end: 'Nothing more to do.',
};

/** The simulator, a repository and the TUI in it, up with an open socket. */
async function startTui(): Promise<{ repo: string; config: string }> {
  sim = await createSimulator({ scenario: SCENARIO });
  const { repo, config } = workspace();
  const command = `cd ${repo} && ${tmuxBwrapEnv} OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --base-url ${sim.baseUrl} --approval auto-edit; sleep 30`;
  execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', command]);
  await waitFor((s) => /ws ● open/.test(s), 'the prompt and an open socket');
  return { repo, config };
}

function workspace(): { repo: string; config: string } {
  const repo = mkdtempSync(join(tmpdir(), 'wsagent-tui-rewind-repo-'));
  const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-rewind-config-'));
  dirs.push(repo, config);
  writeFileSync(join(repo, 'a.txt'), 'v0\n');
  commitAll(repo);
  return { repo, config };
}

/**
 * Sends a prompt and waits for its turn to end: the answer, the turn's summary line (its last
 * response is in the session file by then) and the idle prompt's placeholder (until it shows, an
 * Esc would still cancel rather than count toward a rewind).
 */
async function prompt(text: string): Promise<void> {
  literal(text);
  keys('Enter');
  await waitFor((s) => {
    const answer = s.lastIndexOf(`Done: ${text}`);
    return answer >= 0 && /turn \d+ · /.test(s.slice(answer)) && s.includes('type a prompt');
  }, `the answer to "${text}" and the end of its turn`);
}

/** The simulator logs a request just after its last event: waits for the log to hold `count` model requests. */
async function loggedRequests(count: number): Promise<RequestLogEntry[]> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    const logged = sim!.log.responses().filter((e) => e.generate);
    if (logged.length >= count) return logged;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the request log never held ${count} model requests`);
}

/** The model requests in the simulator's log whose last user message is `text` (a resumed run's warm-up carries the whole context). */
const requestsEndingWith = (text: string): RequestLogEntry[] => sim!.log.responses().filter((e) => e.userTexts?.at(-1) === text);

const sessionFiles = (config: string): string[] => readdirSync(join(config, 'sessions')).filter((f) => f.endsWith('.jsonl'));

describe.skipIf(!hasTmux)('rewind in the TUI', () => {
  it('Esc Esc → the second prompt → conversation and files: files back, prompt in the editor, context ends before it, --resume goes on from there', async () => {
    const { repo, config } = await startTui();
    await prompt('one');
    await prompt('two');
    await prompt('three');
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('v3\n');

    // Esc twice on the empty prompt (each Esc answered on screen before the next: two ESC bytes in one read are one key).
    // Should the second come later than DOUBLE_ESC_MS on a loaded machine, it counts as a first one: once more.
    let screen = '';
    for (let attempt = 0; attempt < 3 && screen === ''; attempt++) {
      keys('Escape');
      await waitFor((s) => s.includes('Esc again to rewind'), 'the first Esc answered');
      keys('Escape');
      screen = await waitFor((s) => s.includes('Rewind to before which prompt?'), 'the rewind menu', 5_000).catch(() => '');
    }
    const menu = screen.slice(screen.indexOf('Rewind to before which prompt?')).split('\n');
    const listed = menu.filter((l) => /^\s*(›\s)?\s*(one|two|three)\s*$/.test(l));
    expect(listed.map((l) => l.replace(/›/, '').trim())).toEqual(['three', 'two', 'one']);
    keys('Down');
    keys('Enter');
    screen = await waitFor((s) => s.includes('conversation and files') && s.includes('files only'), 'the choice of what to restore');
    keys('Enter');
    screen = await waitFor((s) => s.includes('Rewound to before turn 2'), 'the rewind report');
    expect(screen).toContain('Undid the changes of turn 3');
    expect(screen).toContain('Undid the changes of turn 2');
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('v1\n');
    // The prompt is back in the editor: the line under the report's last line, after the prompt sign.
    expect(screen.split('\n').some((l) => /^\s*›\s*two\s*$/.test(l))).toBe(true);

    // Changed and sent: the request carries the context up to before "two", nothing of turns 2 and 3.
    literal(' again');
    keys('Enter');
    // Idle again (the placeholder) before Ctrl-D, which a running turn would not take.
    await waitFor((s) => s.includes('Done: two again') && s.includes('type a prompt'), 'the answer to the changed prompt, and the idle prompt');
    const [first] = requestsEndingWith('two again');
    expect(first).toMatchObject({ inputMode: 'full', previousResponseId: null });
    expect(first!.userTexts).toEqual(['one', 'two again']);
    // The rewound turn wrote a.txt again (the model is at its third step: it saw one earlier turn).
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('v2\n');

    keys('C-d');
    screen = await waitFor((s) => /To continue this session: wsagent --resume (\S+)/.test(s), 'the line that continues the session');
    const id = /To continue this session: wsagent --resume (\S+)/.exec(screen)![1]!;
    const [file] = sessionFiles(config);
    const text = readFileSync(join(config, 'sessions', file!), 'utf8');
    expect(text).toContain('"t":"rewind"');
    expect(text).toContain('Done: three'); // the abandoned path stays readable

    const env = { OPENAI_API_KEY: 'sk-tui', WSAGENT_CONFIG_DIR: config, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
    const resumed = await runCli(['exec', '--approval', 'auto-edit', '--base-url', sim!.baseUrl, '-C', repo, '--resume', id, 'four'], {
      env,
      timeoutMs: 30_000,
    });
    expect(resumed.code).toBe(0);
    expect(requestsEndingWith('four')[0]!.userTexts).toEqual(['one', 'two again', 'four']);
  }, 120_000);
});

describe.skipIf(!hasTmux)('/fork in the TUI', () => {
  it('leaves the original session file as it was; the fork’s first request is a lane fork from the current response', async () => {
    const { config } = await startTui();
    await prompt('one');
    const [original] = sessionFiles(config);
    const before = readFileSync(join(config, 'sessions', original!));
    // Turn 1 is two requests: the write, then the answer.
    const lastResponse = (await loggedRequests(2)).at(-1)!.responseId;

    literal('/fork');
    keys('Enter');
    const screen = await waitFor((s) => s.includes('✓ forked'), 'the fork notice');
    const forkId = /goes on as session (\S+)/.exec(screen.replace(/\s*\n\s*/g, ' '))![1]!;
    await prompt('two');

    const [request] = requestsEndingWith('two');
    expect(request).toMatchObject({ inputMode: 'incremental', previousResponseId: lastResponse, forked: true, connectionId: 1 });
    expect(request!.streamId).toMatch(/^fork-/);
    expect(request!.userTexts).toEqual(['two']);
    expect(readFileSync(join(config, 'sessions', original!)).equals(before)).toBe(true);
    const forkText = readFileSync(join(config, 'sessions', `${forkId}.jsonl`), 'utf8');
    expect(JSON.parse(forkText.split('\n')[0]!)).toMatchObject({ t: 'session', id: forkId, forkedFrom: original!.replace(/\.jsonl$/, '') });
    expect(forkText).toContain('Done: one');
    expect(forkText).toContain('Done: two');
  }, 90_000);
});
