// The user's slash commands and /skills in a real terminal: the built CLI in tmux against the
// simulator, keys typed, the screen read, the request log checked for what the model received.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { hasTmux, tmuxScreen } from '../helpers/tmux.js';

if (!hasTmux) console.log('skipped the tmux-driven prompt-file tests: tmux is not installed');

const SESSION = `wsagent-prompts-${process.pid}`;
let sim: Simulator | undefined;
const temporary: string[] = [];
afterEach(async () => {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  await sim?.close();
  sim = undefined;
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const { keys, waitFor } = tmuxScreen(SESSION);
const literal = (text: string): void => void execFileSync('tmux', ['send-keys', '-t', SESSION, '-l', text]);

function tree(prefix: string, files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  temporary.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

describe.skipIf(!hasTmux)('prompt files and skills in the TUI (tmux)', () => {
  it('the / menu shows a prompt file with its description and argument hint; /review-pr 42 sends the substituted text; /skills lists the skills; /help lists the prompt files', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const config = tree('wsagent-tui-prompts-config-', {
      'prompts/review-pr.md': '---\ndescription: Review a pull request\nargument-hint: PR [FOCUS]\n---\nReview pull request #$1 ($2).\n',
      'skills/house-style/SKILL.md': '---\nname: house-style\ndescription: The team code style\n---\nbody\n',
    });
    const cwd = tree('wsagent-tui-prompts-ws-', {
      'README.md': '# demo\n',
      '.agents/skills/release-notes/SKILL.md': '---\nname: release-notes\ndescription: Write release notes from the git log\n---\nbody\n',
      '.agents/skills/broken/SKILL.md': '---\ndescription: no name\n---\n',
    });
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd });
    const command = `cd ${cwd} && OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --base-url ${sim.baseUrl}; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '100', '-y', '30', command]);
    await waitFor((s) => /ws ● open/.test(s), 'the prompt and an open socket');

    literal('/review-'); // not the built-in /review
    const menu = await waitFor((s) => /› \/review-pr PR \[FOCUS\]\s+Review a pull request/.test(s), 'the prompt file in the / menu');
    console.log(`/ menu with a prompt file:\n${menu}`);
    keys('Enter'); // a command taking arguments is completed, not sent bare
    await waitFor((s) => /^› \/review-pr\s*$/m.test(s) && !s.includes('Review a pull request'), 'the completed command, the menu closed');
    literal('42 "error handling"');
    keys('Enter');
    await waitFor(() => sim!.log.responses().some((e) => e.generate && (e.userTexts ?? []).length > 0), 'a request with the prompt', 20_000);
    const sent = sim.log.responses().flatMap((e) => e.userTexts ?? []);
    expect(sent).toEqual(['Review pull request #42 (error handling).']);

    await waitFor((s) => /debounce/i.test(s), 'the answer');
    literal('/skills');
    keys('Enter');
    const listing = await waitFor((s) => s.includes('release-notes (repository)') && s.includes('house-style (user)'), 'the /skills listing');
    console.log(`/skills:\n${listing}`);
    expect(listing).toContain('Write release notes from the git log');
    expect(listing.replace(/\s+/g, ' ')).toMatch(/broken\/SKILL\.md skipped: front matter has no "name"/);

    literal('/help');
    keys('Enter');
    const help = await waitFor((s) => s.includes('Your commands (prompt files)'), '/help with the prompt files');
    expect(help).toMatch(/\/review-pr PR \[FOCUS\]\s+Review a pull request/);
  }, 90_000);
});
