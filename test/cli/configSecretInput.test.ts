// Issue 19, new-user item 2: `wsagent config set apiKey` on a terminal reads the key without echo.
// The real CLI runs in tmux; the key is typed as a person would and must not appear on the screen,
// yet be stored. Piped input keeps working (test/cli/config.test.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { hasTmux, tmuxScreen } from '../helpers/tmux.js';

if (!hasTmux) console.log('skipped the tmux-driven config test: tmux is not installed');

const SESSION = `wsagent-secret-${process.pid}`;
const scratch: string[] = [];
afterEach(() => {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasTmux)('config set apiKey on a terminal (19, item 2)', () => {
  it('does not echo the typed key, and stores it', async () => {
    const config = mkdtempSync(join(tmpdir(), 'wsagent-secret-'));
    scratch.push(config);
    const done = join(config, 'exit-code');
    const command = `WSAGENT_CONFIG_DIR=${config} node ${BIN} config set apiKey; echo $? > ${done}; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '100', '-y', '20', command]);
    const tmux = tmuxScreen(SESSION);
    await tmux.waitFor((s) => /input hidden|Paste the value/.test(s), 'the prompt');
    const secret = 'sk-typed-at-the-terminal-0123456789';
    execFileSync('tmux', ['send-keys', '-t', SESSION, '-l', secret]);
    execFileSync('tmux', ['send-keys', '-t', SESSION, 'Enter']);
    const screen = await tmux.waitFor((s) => s.includes('apiKey = (set, hidden)'), 'the confirmation');
    expect(screen).not.toContain(secret);
    expect(screen).not.toContain('sk-typed');
    await tmux.waitFor(() => existsSync(done), 'the exit');
    expect(readFileSync(done, 'utf8').trim()).toBe('0');
    expect(JSON.parse(readFileSync(join(config, 'config.json'), 'utf8')).apiKey).toBe(secret);
  });
});
