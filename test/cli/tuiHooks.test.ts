// /hooks in the TUI, as a person sees it: the user's hooks by event with matcher, command, timeout
// and file, and the repository's hooks set aside while the repository is not trusted.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { git } from '../helpers/fixtureRepo.js';
import { hasTmux, tmuxScreen } from '../helpers/tmux.js';

const SESSION = `wsagent-hooks-${process.pid}`;
let sim: Simulator | undefined;
const dirs: string[] = [];
afterEach(async () => {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  await sim?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const { keys, waitFor } = tmuxScreen(SESSION);

describe.skipIf(!hasTmux)('/hooks', () => {
  it('lists the configured hooks and the untrusted repository hooks it does not run', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-hooks-config-'));
    const repo = mkdtempSync(join(tmpdir(), 'wsagent-tui-hooks-repo-'));
    dirs.push(config, repo);
    git(repo, ['init', '-q', '-b', 'main']);
    writeFileSync(
      join(config, 'config.json'),
      JSON.stringify({ hooks: { PreToolUse: [{ matcher: 'Edit|Write', hooks: [{ type: 'command', command: 'echo check-edits', timeout: 9 }] }] } }),
    );
    mkdirSync(join(repo, '.wsagent'));
    writeFileSync(join(repo, '.wsagent', 'config.json'), JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: 'command', command: 'echo repo-stop' }] }] } }));
    const command = `OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --base-url ${sim.baseUrl} -C ${repo}; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '160', '-y', '40', command]);
    // The repository brings hooks: the one-time trust question comes first; n leaves them unrun.
    await waitFor((s) => s.includes('This repository brings hooks (Stop)'), 'the trust question');
    keys('n'); // answered at once: wsagent's own question asks no reason
    await waitFor((s) => s.includes('›') && /ws ● open/.test(s), 'the prompt and an open socket');

    keys('/hooks', 'Enter');
    const shown = await waitFor((s) => /^Hooks$/m.test(s) && s.includes('echo check-edits'), 'the hooks block');
    expect(shown).toMatch(/^PreToolUse$/m);
    expect(shown).toMatch(/Edit\|Write\s+echo check-edits\s+\(timeout 9 s; .*config\.json\)/);
    expect(shown).toMatch(/not run: .*\.wsagent\/config\.json names hooks \(1\)/);
    expect(shown).not.toContain('echo repo-stop');
  }, 60_000);
  it('answering y to the trust question lets the repository hooks run in that session', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-hooks-config-'));
    const repo = mkdtempSync(join(tmpdir(), 'wsagent-tui-hooks-repo-'));
    dirs.push(config, repo);
    git(repo, ['init', '-q', '-b', 'main']);
    mkdirSync(join(repo, '.wsagent'));
    writeFileSync(join(repo, '.wsagent', 'config.json'), JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: 'command', command: 'echo repo-stop' }] }] } }));
    const command = `OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --base-url ${sim.baseUrl} -C ${repo}; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '160', '-y', '40', command]);
    await waitFor((s) => s.includes('This repository brings hooks (Stop)'), 'the trust question');
    keys('y');
    await waitFor((s) => s.includes('›') && /ws ● open/.test(s), 'the prompt and an open socket');
    keys('/hooks', 'Enter');
    const shown = await waitFor((s) => /^Hooks$/m.test(s) && s.includes('echo repo-stop'), 'the repository hook in the hooks block');
    expect(shown).toMatch(/^Stop$/m);
    expect(shown).not.toContain('not run:');
  }, 60_000);
});
